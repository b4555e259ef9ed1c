"""Reads for the candidate's study pages. No writes here."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce

from competencies.models import Competency
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt, AttemptSlot, Quiz
from study.models import Bookmark, ReviewCard
from study.readiness import Answer, Readiness, readiness

WINDOW_DAYS = 30
MOCK_EXAM_SIZE = 40
MOCK_PASS_MARK = 70


def core_competencies() -> list[Competency]:
    return list(Competency.objects.core().order_by("framework", "position"))


def answers_since(*, user, since: datetime) -> list[Answer]:
    """Every scored answer of the user's submitted attempts since `since` (one query)."""
    rows = (
        AttemptSlot.objects.filter(attempt__user=user, attempt__status=Attempt.Status.SUBMITTED)
        .annotate(at=Coalesce("answered_at", "attempt__submitted_at"))
        .filter(at__gte=since)
        .values_list("version__competency__slug", "is_correct", "at")
    )
    return [Answer(slug, bool(correct), at) for slug, correct, at in rows]


def readiness_for(*, user, now: datetime, core: list[Competency]) -> Readiness:
    """Mastery per core competency, and the chance to pass a 40-question mock exam at our 70 % bar."""
    slugs = [c.slug for c in core]
    per = MOCK_EXAM_SIZE // len(slugs) if slugs else 0
    blueprint = dict.fromkeys(slugs, per)
    return readiness(
        answers_since(user=user, since=now - timedelta(days=WINDOW_DAYS)),
        now=now,
        competencies=slugs,
        blueprint=blueprint,
        pass_mark=MOCK_PASS_MARK,
        window_days=WINDOW_DAYS,
    )


def due_cards(*, user, now: datetime):
    return ReviewCard.objects.filter(user=user, due__lte=now, question__status="published").order_by("due")


def confusion_counts(*, user, since: datetime, now: datetime) -> list[tuple[str, str, int]]:
    """(slug, name, times chosen) for distractors the user picked as wrong answers, most frequent first.

    Only attempts whose quiz shows its answers at `now` count: a wrong answer of a quiz that hides them
    would otherwise be revealed by the weak-area drill's title."""
    from django.db.models import Count

    visible = Quiz.answers_visible_q(now, via="attempt__quiz__")
    rows = (
        AttemptSlot.objects.filter(
            attempt__user=user,
            attempt__status=Attempt.Status.SUBMITTED,
            is_correct=False,
            selected__concept__kind=Competency.Kind.DISTRACTOR,
        )
        .filter(visible)
        .filter(Q(answered_at__gte=since) | Q(answered_at__isnull=True, attempt__submitted_at__gte=since))
        .values("selected__concept__slug", "selected__concept__name")
        .annotate(n=Count("id"))
        .order_by("-n", "selected__concept__name")
    )
    counts = {(r["selected__concept__slug"], r["selected__concept__name"]): r["n"] for r in rows}
    # Multiple response: each wrong ticked choice that stands for a distractor counts once per question.
    ticked = (
        AttemptSlot.objects.filter(
            attempt__user=user,
            attempt__status=Attempt.Status.SUBMITTED,
            is_correct=False,
            selections__is_correct=False,
            selections__concept__kind=Competency.Kind.DISTRACTOR,
        )
        .filter(visible)
        .filter(Q(answered_at__gte=since) | Q(answered_at__isnull=True, attempt__submitted_at__gte=since))
        .values("selections__concept__slug", "selections__concept__name")
        .annotate(n=Count("id", distinct=True))
    )
    for r in ticked:
        key = (r["selections__concept__slug"], r["selections__concept__name"])
        counts[key] = counts.get(key, 0) + r["n"]
    return [
        (slug, name, n) for (slug, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][1]))
    ]


def bookmarked_question_ids(*, user) -> set[int]:
    return set(Bookmark.objects.filter(user=user).values_list("question_id", flat=True))


def review_rows(*, attempt: Attempt, show: str, bookmarked: set[int]) -> list:
    """The review rows (slot, lettered choices) that pass the filter: all, wrong, flagged or bookmarked."""
    keep = {
        "all": lambda slot: True,
        "wrong": lambda slot: not slot.is_correct,
        "flagged": lambda slot: slot.flagged,
        "bookmarked": lambda slot: slot.question_id in bookmarked,
    }[show]
    return [(slot, choices) for slot, choices in quiz_selectors.review_slots(attempt=attempt) if keep(slot)]
