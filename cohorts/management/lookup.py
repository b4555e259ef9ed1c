"""Finding the quiz and class that a command names by slug, with the same message everywhere."""

from __future__ import annotations

from django.core.management.base import CommandError

from cohorts.models import Cohort
from quizzes.models import Quiz


def quiz_by_slug(slug: str) -> Quiz:
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz is None:
        raise CommandError(f"No quiz has the slug '{slug}'.")
    return quiz


def cohort_by_slug(slug: str | None) -> Cohort | None:
    """The cohort, or None when no slug was given; an unknown slug is an error."""
    if not slug:
        return None
    cohort = Cohort.objects.filter(slug=slug).first()
    if cohort is None:
        raise CommandError(f"No cohort has the slug '{slug}'.")
    return cohort
