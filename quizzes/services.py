"""Writes of the quiz engine. Each function is one transaction; views call these and nothing else writes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from quizzes import scoring, selectors
from quizzes.models import (
    Attempt,
    AttemptSlot,
    Choice,
    CompetencyScore,
    Question,
    Quiz,
    VersionChoice,
)
from quizzes.versions import current_versions


class AttemptError(Exception):
    """A request the engine refuses; `status` is the HTTP status a view should answer with."""

    status = 400
    message = "That request could not be carried out."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class QuizUnavailable(AttemptError):
    status = 404
    message = "This quiz is not available."


class AttemptClosed(AttemptError):
    status = 410
    message = "This attempt has already been submitted, so its answers can no longer change."


class StaleAnswer(AttemptError):
    status = 409
    message = (
        "This answer was changed in another tab or window since this page was loaded. "
        "The page now shows the newest saved answer."
    )


class InvalidChoice(AttemptError):
    status = 400
    message = "That choice does not belong to this question."


@transaction.atomic
def attempt_start(*, user, quiz: Quiz) -> Attempt:
    """Start an attempt at a published quiz: freeze each question's current version into a slot."""
    if not quiz.is_published:
        raise QuizUnavailable()
    questions = list(
        Question.objects.published()
        .filter(quiz_items__quiz=quiz)
        .order_by("quiz_items__position", "quiz_items__id")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
    )
    if not questions:
        raise QuizUnavailable("This quiz has no published questions yet.")
    versions = current_versions(questions)
    choice_ids: dict[int, list[int]] = {}
    for vc in VersionChoice.objects.filter(version__in=versions.values()).order_by("position"):
        choice_ids.setdefault(vc.version_id, []).append(vc.pk)

    attempt = Attempt.objects.create(
        user=user, quiz=quiz, pass_mark=quiz.pass_mark, question_count=len(questions)
    )
    AttemptSlot.objects.bulk_create(
        [
            AttemptSlot(
                attempt=attempt,
                position=index,
                question=question,
                version=versions[question.pk],
                choice_order=choice_ids[versions[question.pk].pk],
            )
            for index, question in enumerate(questions, start=1)
        ]
    )
    return attempt


@transaction.atomic
def answer_save(*, attempt: Attempt, position: int, choice_id: int, sequence: int) -> AttemptSlot:
    """Save the chosen answer of one slot.

    `sequence` is the slot's sequence number the page was rendered with: an older one means the answer was
    changed elsewhere since, and is refused rather than overwriting the newer answer.
    """
    # Lock the attempt row so a submission cannot score the attempt while this answer is being written.
    locked = Attempt.objects.select_for_update().filter(pk=attempt.pk).values_list("status", flat=True)
    if list(locked) != [Attempt.Status.IN_PROGRESS]:
        raise AttemptClosed()
    slot = AttemptSlot.objects.filter(attempt=attempt, position=position).first()
    if slot is None:
        raise InvalidChoice("There is no such question in this attempt.")
    if choice_id not in slot.choice_order:
        raise InvalidChoice()
    updated = AttemptSlot.objects.filter(pk=slot.pk, sequence=sequence).update(
        selected_id=choice_id, sequence=F("sequence") + 1, answered_at=timezone.now()
    )
    if not updated:
        raise StaleAnswer()
    slot.selected_id = choice_id
    slot.sequence = sequence + 1
    return slot


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Score and close an attempt, exactly once: a repeated submission returns the first result."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status != Attempt.Status.IN_PROGRESS:
        return locked
    slots = selectors.slots_for_scoring(attempt=locked)
    result = scoring.score([selectors.answered_slot(slot) for slot in slots], pass_mark=locked.pass_mark)
    now = timezone.now()
    updated = Attempt.objects.filter(pk=locked.pk, status=Attempt.Status.IN_PROGRESS).update(
        status=Attempt.Status.SUBMITTED,
        submitted_at=now,
        correct_count=result.correct,
        question_count=result.total,
        score_percent=result.percent,
        passed=result.passed,
    )
    if not updated:  # another request submitted between our read and write
        return Attempt.objects.get(pk=locked.pk)
    for slot in slots:
        slot.is_correct = bool(slot.selected_id and slot.selected.is_correct)
    AttemptSlot.objects.bulk_update(slots, ["is_correct"])
    competency_id = {slot.version.competency.slug: slot.version.competency_id for slot in slots}
    CompetencyScore.objects.bulk_create(
        [
            CompetencyScore(
                attempt=locked,
                competency_id=competency_id[r.competency.slug],
                correct=r.correct,
                asked=r.asked,
            )
            for r in result.by_competency
        ]
    )
    locked.refresh_from_db()
    return locked
