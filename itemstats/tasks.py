"""Background tasks of item statistics (django-tasks; the backend is settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from itemstats import services


@task()
def item_statistics_refresh(quiz_ids: list[int]) -> int:
    """Bring the stored item analyses of these quizzes and every question's quality statistics up to date."""
    return services.item_statistics_refresh(quiz_ids=quiz_ids)


def enqueue_refresh(sender, *, quiz_ids: frozenset[int], **kwargs) -> None:
    """Receiver of quizzes.records.attempts_scored, which is sent once the scoring transaction committed."""
    item_statistics_refresh.enqueue(quiz_ids=sorted(quiz_ids))
