"""The scheduler every worker runs: one enqueue per period, whoever asks and however often."""

from datetime import UTC, datetime, timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from jobs.models import PeriodicSchedule
from jobs.periodic import periodic_enqueue_due

CLOSE = "quizzes.tasks.close_overdue_attempts"
T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_periodic_task_is_enqueued_once_per_period_however_many_workers_ask(database_queue):
    assert periodic_enqueue_due(now=T0) == [CLOSE]
    # Two more workers polling the same second, then one just before the minute is up: nothing more.
    assert periodic_enqueue_due(now=T0) == []
    assert periodic_enqueue_due(now=T0 + timedelta(seconds=1)) == []
    assert periodic_enqueue_due(now=T0 + timedelta(seconds=59)) == []
    assert list(DBTaskResult.objects.filter(task_path=CLOSE).values_list("status", flat=True)) == ["READY"]

    assert periodic_enqueue_due(now=T0 + timedelta(seconds=60)) == [CLOSE]
    assert DBTaskResult.objects.filter(task_path=CLOSE).count() == 2
    schedule = PeriodicSchedule.objects.get(task_path=CLOSE)
    assert schedule.next_run_at == T0 + timedelta(seconds=120)


@pytest.mark.django_db
def test_a_worker_that_was_down_for_an_hour_enqueues_one_run_not_sixty(database_queue):
    periodic_enqueue_due(now=T0)
    assert periodic_enqueue_due(now=T0 + timedelta(hours=1)) == [CLOSE]
    assert DBTaskResult.objects.filter(task_path=CLOSE).count() == 2
    assert PeriodicSchedule.objects.get(task_path=CLOSE).next_run_at == T0 + timedelta(hours=1, seconds=60)
