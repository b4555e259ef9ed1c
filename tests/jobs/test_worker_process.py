"""Real worker processes (`manage.py run_worker`) against the test database, as on a server."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import PeriodicSchedule
from quizzes import services
from quizzes.models import Attempt, AttemptSlot
from quizzes.tasks import close_overdue_attempts
from tests.processes import ROOT, child_env, manage

pytestmark = pytest.mark.django_db(transaction=True)
CLOSE = "quizzes.tasks.close_overdue_attempts"


def _overdue_attempt(user, quiz) -> Attempt:
    """An attempt with its first answer right, whose time and grace ran out ten minutes ago."""
    attempt = services.attempt_start(user=user, quiz=quiz)
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    services.answer_save(
        attempt_id=attempt.pk, user=user, position=1, choice_id=slot.choice_order[0], sequence=0
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(minutes=20),
        deadline=attempt.deadline - timedelta(minutes=20),
    )
    return attempt


def test_a_worker_process_runs_the_task_the_site_enqueued(database_queue, casey, olu, make_quiz):
    quiz = make_quiz(3, mode="exam", time_limit_minutes=10)
    overdue = _overdue_attempt(casey, quiz)
    running = services.attempt_start(user=olu, quiz=quiz)
    # The schedule is not due, so the only task the worker finds is the one enqueued here.
    PeriodicSchedule.objects.create(task_path=CLOSE, next_run_at=timezone.now() + timedelta(hours=1))

    result = close_overdue_attempts.enqueue()
    assert Attempt.objects.get(pk=overdue.pk).status == "in_progress"  # queued, not run in this process

    manage("run_worker", "--batch")

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", 1)
    assert len(row.worker_ids) == 1
    statuses = dict(Attempt.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "submitted", running.pk: "in_progress"}
    assert Attempt.objects.get(pk=overdue.pk).correct_count == 1


def test_workers_started_together_close_overdue_attempts_once_without_cron(database_queue, casey, make_quiz):
    overdue = _overdue_attempt(casey, make_quiz(2, mode="exam", time_limit_minutes=10))
    command = [sys.executable, str(ROOT / "manage.py"), "run_worker", "--batch"]
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(3)
    ]
    outputs = [worker.communicate(timeout=120)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], outputs

    runs = DBTaskResult.objects.filter(task_path=CLOSE)
    assert [(run.status, run.return_value) for run in runs] == [("SUCCESSFUL", 1)], outputs
    assert sum("Enqueued periodic task" in output for output in outputs) == 1
    assert Attempt.objects.get(pk=overdue.pk).status == "submitted"
