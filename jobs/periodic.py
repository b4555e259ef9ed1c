"""A small scheduler for periodic tasks, run by every worker: django-tasks queues work but has no clock.

`settings.PERIODIC_TASKS` maps a task's dotted path to its period in seconds. Each worker calls
`periodic_enqueue_due` between batches; the database row per task decides which worker enqueues a due run, so
adding workers or machines never multiplies the runs, and no cron line is needed on any machine.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import PeriodicSchedule


def periodic_enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic task whose time has come; return the paths this call enqueued."""
    now = now or timezone.now()
    periods: dict[str, int] = settings.PERIODIC_TASKS
    # A plain read first, so an idle worker does not take SQLite's write lock every second.
    due_at = dict(
        PeriodicSchedule.objects.filter(task_path__in=periods).values_list("task_path", "next_run_at")
    )
    for path in periods.keys() - due_at.keys():
        PeriodicSchedule.objects.get_or_create(task_path=path, defaults={"next_run_at": now})
        due_at[path] = now
    enqueued = []
    for path, seconds in periods.items():
        if due_at[path] > now:
            continue
        with transaction.atomic():
            # Only one worker's UPDATE matches the old time; the enqueue commits with it or not at all.
            won = PeriodicSchedule.objects.filter(task_path=path, next_run_at__lte=now).update(
                next_run_at=now + timedelta(seconds=seconds), last_enqueued_at=now
            )
            if won:
                import_string(path).enqueue()
                enqueued.append(path)
    return enqueued
