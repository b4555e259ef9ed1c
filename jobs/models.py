from django.db import models


class PeriodicSchedule(models.Model):
    """When a periodic task is next due. One row per task, shared by every worker on every machine: the worker
    that moves `next_run_at` forward with a conditional UPDATE is the one that enqueues the run, so N workers
    still enqueue it once per period."""

    task_path = models.CharField(max_length=200, unique=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.task_path} (next {self.next_run_at:%Y-%m-%d %H:%M:%S})"
