"""The one writer of scored attempts. The engine's submit and the paper import both store a score here:
the attempt's totals, each slot's mark and the competency scores, then announce it once committed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.dispatch import Signal
from django.utils import timezone

from competencies.models import Competency
from quizzes import scoring
from quizzes.models import Attempt, AttemptSlot, Choice, CompetencyScore, Kind, Quiz, VersionChoice
from quizzes.selectors import answered_from_choices
from quizzes.versions import current_versions

# Sent after the transaction that stored scored attempts commits, with `quiz_ids` (a frozenset). It lets apps
# that depend on quizzes (item statistics) react without quizzes importing them; see docs/architecture.md.
attempts_scored = Signal()


def _announce(quiz_ids: set[int]) -> None:
    ids = frozenset(quiz_ids)
    transaction.on_commit(lambda: attempts_scored.send(sender=Attempt, quiz_ids=ids))


def _mark(slots: Sequence[AttemptSlot], answers: Sequence[scoring.AnsweredSlot], pass_mark: int):
    """Score the answers and set each slot's mark."""
    for slot, answer in zip(slots, answers, strict=True):
        slot.is_correct = bool(answer.chosen_correct)
    return scoring.score(list(answers), pass_mark=pass_mark)


def _score_fields(result: scoring.Result) -> dict:
    return {
        "correct_count": result.correct,
        "question_count": result.total,
        "score_percent": result.percent,
        "passed": result.passed,
    }


def _competency_scores(
    attempt: Attempt, result: scoring.Result, ids: dict[str, int]
) -> list[CompetencyScore]:
    return [
        CompetencyScore(
            attempt=attempt, competency_id=ids[r.competency.slug], correct=r.correct, asked=r.asked
        )
        for r in result.by_competency
    ]


def attempt_score(
    *, attempt: Attempt, slots: list[AttemptSlot], answers: list[scoring.AnsweredSlot], now: datetime
) -> Attempt:
    """Submit and score an open attempt (the caller holds its row lock) exactly once."""
    result = _mark(slots, answers, attempt.pass_mark)
    updated = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        status=Attempt.Status.SUBMITTED, submitted_at=now, **_score_fields(result)
    )
    if not updated:  # another request submitted between our read and write
        return Attempt.objects.get(pk=attempt.pk)
    AttemptSlot.objects.bulk_update(slots, ["is_correct"])
    ids = {slot.version.competency.slug: slot.version.competency_id for slot in slots}
    CompetencyScore.objects.bulk_create(_competency_scores(attempt, result, ids))
    _announce({attempt.quiz_id})
    attempt.refresh_from_db()
    return attempt


@dataclass(frozen=True)
class AnswerSheet:
    """A complete set of answers given outside the engine (a paper exam): per question of the quiz, in
    order, the authored positions of the choices marked (empty: left blank)."""

    user: object
    chosen: Sequence[Sequence[int]]


@transaction.atomic
def attempts_record(
    *, quiz: Quiz, sheets: Sequence[AnswerSheet], now: datetime | None = None
) -> list[Attempt]:
    """Store answer sheets as submitted, scored attempts of the quiz's fixed questions, each shown in its
    current version with the choices in authored order. Positions must exist (the caller validates them)."""
    now = now or timezone.now()
    questions = [
        item.question
        for item in quiz.items.select_related("question")
        .prefetch_related(Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id")))
        .order_by("position", "pk")
    ]
    versions = current_versions(questions)
    by_version: dict[int, list[VersionChoice]] = {}
    choices = VersionChoice.objects.filter(version__in=versions.values()).select_related("concept")
    for choice in choices.order_by("version", "position"):
        by_version.setdefault(choice.version_id, []).append(choice)
    competencies = {c.pk: c for c in Competency.objects.all()}
    attempts, slot_rows, results, ticks = [], [], [], []
    for sheet in sheets:
        slots, answers = [], []
        for index, (question, positions) in enumerate(zip(questions, sheet.chosen, strict=True)):
            version = versions[question.pk]
            shown = by_version[version.pk]
            multiple = version.kind == Kind.MULTIPLE
            chosen = [shown[p] for p in positions]
            answers.append(
                answered_from_choices(
                    competency=competencies[version.competency_id], multiple=multiple, chosen=chosen
                )
            )
            slot = AttemptSlot(
                position=index + 1,
                question=question,
                version=version,
                choice_order=[c.pk for c in shown],
                selected=chosen[0] if chosen and not multiple else None,
                answered_at=now if chosen else None,
            )
            slots.append(slot)
            if multiple and chosen:
                ticks.append((slot, chosen))
        result = _mark(slots, answers, quiz.pass_mark)
        attempts.append(
            Attempt(
                user=sheet.user,
                quiz=quiz,
                status=Attempt.Status.SUBMITTED,
                started_at=now,
                submitted_at=now,
                pass_mark=quiz.pass_mark,
                **_score_fields(result),
            )
        )
        slot_rows.append(slots)
        results.append(result)
    Attempt.objects.bulk_create(attempts)
    for attempt, slots in zip(attempts, slot_rows, strict=True):
        for slot in slots:
            slot.attempt = attempt
    AttemptSlot.objects.bulk_create([slot for slots in slot_rows for slot in slots])
    Ticked = AttemptSlot.selections.through
    Ticked.objects.bulk_create(
        [Ticked(attemptslot_id=slot.pk, versionchoice_id=c.pk) for slot, chosen in ticks for c in chosen]
    )
    ids = {c.slug: c.pk for c in competencies.values()}
    CompetencyScore.objects.bulk_create(
        [
            score
            for attempt, result in zip(attempts, results, strict=True)
            for score in _competency_scores(attempt, result, ids)
        ]
    )
    _announce({quiz.pk})
    return attempts
