"""Reads behind item analysis: the attempts in scope, the responses counted by the database, and what a
page shows of a stored analysis. The item quality sums are in itemstats/quality.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from cohorts.models import Cohort
from cohorts.selectors import cohort_member_attempts
from itemstats.item_analysis import FORMAT, ChoiceInfo, ItemInfo, ResponseCount, VersionInfo
from itemstats.models import AttemptsCounted, ItemAnalysis
from quizzes.models import LETTERS, Attempt, AttemptSlot, Quiz, QuizItem, VersionChoice

# The mark of one question in an attempt, and the attempt's total. Questions score 0 or 1 today; when
# weighted marks arrive, these two expressions (and MAX_MARK) are the only places to change.
SLOT_MARK = Case(When(is_correct=True, then=Value(1)), default=Value(0), output_field=IntegerField())
ATTEMPT_TOTAL = "attempt__correct_count"
MAX_MARK = 1


class NotAnalysable(Exception):
    """Item analysis does not apply to this quiz; `message` says why."""

    status = 409
    message = (
        "This quiz draws its questions from blueprint rules, so candidates see different questions. "
        "Item analysis covers quizzes with a fixed list of questions."
    )


@dataclass(frozen=True)
class StoredAnalysis:
    """What a page shows of one scope: the stored analysis (None until first computed) and how many submitted
    attempts are in scope now, to say how fresh it is."""

    analysis: ItemAnalysis | None
    attempts_now: int
    latest_now: datetime | None

    @property
    def fresh(self) -> bool:
        a = self.analysis
        return a is not None and (a.attempt_count, a.latest_submitted_at) == (
            self.attempts_now,
            self.latest_now,
        )

    @property
    def newer(self) -> int:
        """Attempts submitted since it was computed (0 when attempts only left the scope)."""
        return max(0, self.attempts_now - (self.analysis.attempt_count if self.analysis else 0))


def stored_analysis(*, quiz: Quiz, cohort: Cohort | None, attempts: str) -> StoredAnalysis:
    """The stored item analysis of a scope and its freshness; never computes (two queries)."""
    if quiz_has_rules(quiz):
        raise NotAnalysable()
    count, latest = scope_fingerprint(quiz=quiz, cohort=cohort)
    analysis = ItemAnalysis.objects.filter(quiz=quiz, cohort=cohort, attempts=attempts).first()
    if analysis is not None and analysis.data.get("format") != FORMAT:
        analysis = None  # stored by an older release; the next refresh replaces it
    return StoredAnalysis(analysis=analysis, attempts_now=count, latest_now=latest)


def cohorts_to_analyse(*, quiz: Quiz) -> list[Cohort]:
    """Cohorts whose members submitted the quiz, and those with a stored analysis of it (kept up to date)."""
    takers = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED).values("user_id")
    stored = ItemAnalysis.objects.filter(quiz=quiz, cohort__isnull=False).values("cohort_id")
    return list(
        Cohort.objects.filter(Q(memberships__user_id__in=takers) | Q(pk__in=stored)).distinct().order_by("pk")
    )


def attempts_in_scope(*, quiz: Quiz, cohort: Cohort | None = None) -> QuerySet:
    """Submitted attempts of the quiz: everyone's, or the ones of the cohort's members it may see."""
    if cohort is not None:
        return cohort_member_attempts(cohort=cohort).filter(quiz=quiz)
    return Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED)


_ORDER = {
    AttemptsCounted.FIRST: ("submitted_at", "pk"),
    AttemptsCounted.LAST: ("-submitted_at", "-pk"),
    AttemptsCounted.BEST: ("-correct_count", "-submitted_at", "-pk"),
}


def counted_attempts(*, quiz: Quiz, cohort: Cohort | None = None, attempts: str = "all") -> QuerySet:
    """The attempts an analysis counts: all of them, or each candidate's first, last or best."""
    scope = attempts_in_scope(quiz=quiz, cohort=cohort)
    if attempts == AttemptsCounted.ALL:
        return scope
    pick = (
        attempts_in_scope(quiz=quiz, cohort=cohort)
        .filter(user=OuterRef("user"))
        .order_by(*_ORDER[AttemptsCounted(attempts)])
        .values("pk")[:1]
    )
    return scope.filter(pk=Subquery(pick))


def scope_fingerprint(*, quiz: Quiz, cohort: Cohort | None = None) -> tuple[int, datetime | None]:
    """How many submitted attempts are in scope and when the latest was submitted (one query)."""
    found = attempts_in_scope(quiz=quiz, cohort=cohort).aggregate(n=Count("pk"), latest=Max("submitted_at"))
    return found["n"], found["latest"]


def fixed_items(*, quiz: Quiz) -> list[ItemInfo]:
    """The quiz's fixed questions in order with their current choices (two queries)."""
    items = (
        QuizItem.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related("question__choices__concept")
        .order_by("position", "pk")
    )
    return [
        ItemInfo(
            position=index,
            question_id=item.question_id,
            title=item.question.title,
            choices=[
                ChoiceInfo(
                    label=LETTERS[n],
                    text=choice.text,
                    correct=choice.is_correct,
                    concept=choice.concept.name if choice.concept else None,
                )
                for n, choice in enumerate(
                    sorted(item.question.choices.all(), key=lambda c: (c.position, c.pk))
                )
            ],
        )
        for index, item in enumerate(items, start=1)
    ]


def response_counts(*, attempts: QuerySet, question_ids: list[int]) -> list[ResponseCount]:
    """Responses grouped by question, version shown, mark, attempt total and chosen choice, counted in the
    database."""
    slots = AttemptSlot.objects.filter(attempt__in=attempts, question_id__in=question_ids)
    rows = (
        slots.annotate(
            mark=SLOT_MARK,
            total=F(ATTEMPT_TOTAL),
            # Only a slot with no single answer can hold ticks; asking only those keeps the subquery rare.
            ticked=Case(
                When(
                    selected__isnull=True,
                    then=Exists(AttemptSlot.selections.through.objects.filter(attemptslot_id=OuterRef("pk"))),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("question_id", "version_id", "mark", "total", "selected__position", "ticked")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # The choices ticked in multiple-response answers, one row per (version, total, choice).
    ticks = (
        AttemptSlot.selections.through.objects.filter(
            attemptslot__attempt__in=attempts, attemptslot__question_id__in=question_ids
        )
        .values(
            "attemptslot__question_id",
            "attemptslot__version_id",
            "versionchoice__position",
            total=F(f"attemptslot__{ATTEMPT_TOTAL}"),
            # the slot's mark, for the rest score (total minus this question) of those who ticked it
            mark=Case(When(attemptslot__is_correct=True, then=Value(1)), default=Value(0)),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        ResponseCount(
            r["question_id"],
            r["version_id"],
            r["mark"],
            r["total"],
            r["selected__position"],
            r["n"],
            blank=not r["ticked"],
        )
        for r in rows
    ] + [
        ResponseCount(
            r["attemptslot__question_id"],
            r["attemptslot__version_id"],
            r["mark"],
            r["total"],
            r["versionchoice__position"],
            r["n"],
            tick=True,
        )
        for r in ticks
    ]


def versions_shown(*, version_ids: set[int]) -> dict[int, VersionInfo]:
    """The frozen choices of these question versions, by version id (one query)."""
    choices = (
        VersionChoice.objects.filter(version_id__in=version_ids)
        .select_related("version", "concept")
        .order_by("version_id", "position")
    )
    out: dict[int, VersionInfo] = {}
    for choice in choices:
        version = out.setdefault(
            choice.version_id,
            VersionInfo(question_id=choice.version.question_id, number=choice.version.number, choices=[]),
        )
        version.choices.append(
            ChoiceInfo(
                label=choice.label,
                text=choice.text,
                correct=choice.is_correct,
                concept=choice.concept.name if choice.concept else None,
            )
        )
    return out


def total_counts(*, attempts: QuerySet) -> dict[float, int]:
    rows = attempts.values("correct_count").annotate(n=Count("pk")).order_by()
    return {r["correct_count"]: r["n"] for r in rows}


def quiz_has_rules(quiz: Quiz) -> bool:
    return quiz.rules.exists()
