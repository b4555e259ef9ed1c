"""Background work of the quiz engine. Each task calls a service; the worker runs it outside any request."""

from django_tasks import task

from quizzes.services import attempts_close_overdue


@task()
def close_overdue_attempts() -> int:
    """Submit every attempt past its deadline and grace (enqueued every minute by the worker's scheduler)."""
    return attempts_close_overdue()
