"""Writes of the quiz engine. Each function is one transaction; views call these and nothing else writes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from quizzes import composition, records, selectors
from quizzes.models import (
    Attempt,
    AttemptSlot,
    Kind,
    Question,
    Quiz,
    QuizItem,
    QuizRule,
    VersionChoice,
)
from quizzes.versions import versions_for_attempt


class AttemptError(Exception):
    """A request the engine refuses; `status` is the HTTP status a view should answer with."""

    status = 400
    message = "That request could not be carried out."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class AttemptNotFound(AttemptError):
    status = 404
    message = "There is no such attempt for your account."


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


class NoSuchQuestion(AttemptError):
    status = 404
    message = "There is no such question in this attempt."


class QuizNotOpen(AttemptError):
    status = 403
    message = "This quiz is not open right now."


class NoAttemptsLeft(AttemptError):
    status = 403
    message = "You have used all the attempts this quiz allows."


class TimeUp(AttemptError):
    status = 410
    message = (
        "Time is up for this attempt, so this answer was not saved. "
        "The attempt has been submitted with the answers saved before the deadline."
    )


class AnswerLocked(AttemptError):
    status = 409
    message = "In practice mode an answer is final once its feedback has been shown."


def _seen_counts(user, question_ids: set[int] | None = None) -> dict[int, int]:
    rows = AttemptSlot.objects.filter(attempt__user=user)
    if question_ids is not None:
        rows = rows.filter(question_id__in=question_ids)
    return dict(rows.values("question_id").annotate(n=Count("id")).values_list("question_id", "n"))


def _rule_candidates(rule: QuizRule) -> list[int]:
    questions = Question.objects.published()
    if rule.competency_id:
        questions = questions.filter(competency_id=rule.competency_id)
    if rule.difficulty:
        questions = questions.filter(difficulty=rule.difficulty)
    if rule.pool != QuizRule.Pool.ANY:
        questions = questions.filter(contrast=rule.pool == QuizRule.Pool.CONTRAST)
    return list(questions.values_list("id", flat=True))


def _question_ids_for_attempt(*, user, quiz: Quiz, rng: random.Random) -> list[int]:
    """The quiz's fixed published questions in order, then each blueprint rule's draw."""
    chosen = list(
        Question.objects.published()
        .filter(quiz_items__quiz=quiz)
        .order_by("quiz_items__position", "quiz_items__id")
        .values_list("id", flat=True)
    )
    rules = list(quiz.rules.all())
    if rules:
        seen = _seen_counts(user)
        for rule in rules:
            taken = set(chosen)
            candidates = [qid for qid in _rule_candidates(rule) if qid not in taken]
            chosen.extend(composition.draw(candidates, rule.count, seen, rng))
    return composition.arrange(chosen, shuffle=quiz.shuffle_questions, rng=rng)


def _deadline(*, user, quiz: Quiz, now: datetime) -> datetime | None:
    if not quiz.time_limit_minutes:
        return None
    extra = selectors.extra_time_percent(user=user)
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) * (100 + extra) / 100
    if quiz.closes_at is not None:
        deadline = min(deadline, quiz.closes_at)
    return deadline


def attempt_start(*, user, quiz: Quiz, rng: random.Random | None = None, personal: bool = False) -> Attempt:
    """Start an attempt: check the quiz is open and attempts remain, draw the questions and pin each one's
    frozen version.

    If the user already has this quiz in progress, that attempt is returned instead of a second one.
    `personal` is for unpublished quizzes built for one candidate (a review session or a drill).

    Only the two INSERTs run in the transaction: everything before them reads, so on SQLite (one write lock
    for the whole database) a class pressing Start together holds the lock for milliseconds each. Two
    starts of the same quiz by one person still make one attempt (a partial unique constraint: the loser
    resumes the winner's attempt).
    """
    rng = rng or random.Random()
    now = timezone.now()
    if not quiz.is_published and not personal:
        raise QuizUnavailable()
    existing = Attempt.objects.for_user(user).in_progress().filter(quiz=quiz).first()
    if existing is not None:
        return existing
    if not quiz.is_open_at(now):
        if quiz.opens_at and now < quiz.opens_at:
            raise QuizNotOpen(f"This quiz opens on {timezone.localtime(quiz.opens_at):%B %-d at %-I:%M %p}.")
        raise QuizNotOpen("This quiz has closed.")
    if quiz.attempts_allowed is not None:
        used = Attempt.objects.for_user(user).filter(quiz=quiz).count()
        if used >= quiz.attempts_allowed:
            plural = "s" if quiz.attempts_allowed != 1 else ""
            raise NoAttemptsLeft(
                f"This quiz allows {quiz.attempts_allowed} attempt{plural}, and you have used them all."
            )

    ids = _question_ids_for_attempt(user=user, quiz=quiz, rng=rng)
    if not ids:
        raise QuizUnavailable("This quiz has no published questions yet.")
    # Versions were frozen when the questions were published or changed: read them, build no model objects.
    versions = versions_for_attempt(ids)
    choice_ids: dict[int, list[int]] = {}
    for version_id, pk in (
        VersionChoice.objects.filter(version_id__in=versions.values())
        .order_by("position", "pk")
        .values_list("version_id", "pk")
    ):
        choice_ids.setdefault(version_id, []).append(pk)

    deadline = _deadline(user=user, quiz=quiz, now=now)
    orders = [
        composition.arrange(choice_ids[versions[qid]], shuffle=quiz.shuffle_choices, rng=rng) for qid in ids
    ]
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                user=user,
                quiz=quiz,
                pass_mark=quiz.pass_mark,
                question_count=len(ids),
                started_at=now,
                deadline=deadline,
            )
            AttemptSlot.objects.bulk_create(
                [
                    AttemptSlot(
                        attempt=attempt,
                        position=index,
                        question_id=qid,
                        version_id=versions[qid],
                        choice_order=order,
                    )
                    for index, (qid, order) in enumerate(zip(ids, orders, strict=True), start=1)
                ]
            )
    except IntegrityError:  # a second request started the same quiz a moment ago: resume that one
        return Attempt.objects.for_user(user).in_progress().get(quiz=quiz)
    return attempt


def _locked_open_attempt(*, attempt_id: int, user, now: datetime) -> Attempt:
    """Lock the user's attempt row (so a submission waits for this write) and check it takes answers."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .filter(pk=attempt_id, user=user)
        .first()
    )
    if attempt is None:
        raise AttemptNotFound()
    if not attempt.is_open:
        raise AttemptClosed()
    if not attempt.accepts_answers_at(now):
        raise TimeUp()
    return attempt


@transaction.atomic
def answer_save(*, attempt_id: int, user, position: int, choice_id: int, sequence: int) -> int:
    """Save the chosen answer of one slot; return the slot's new sequence number.

    `sequence` is the number the page was rendered with: an older one means the answer was changed elsewhere
    since, and is refused rather than overwriting the newer answer. One conditional UPDATE does the write.
    """
    now = timezone.now()
    attempt = _locked_open_attempt(attempt_id=attempt_id, user=user, now=now)
    slots = AttemptSlot.objects.filter(
        attempt_id=attempt.pk, position=position, sequence=sequence, version__choices=choice_id
    ).exclude(version__kind=Kind.MULTIPLE)
    if attempt.quiz.is_practice:
        slots = slots.filter(selected__isnull=True)
    if slots.update(selected_id=choice_id, sequence=F("sequence") + 1, answered_at=now):
        return sequence + 1
    # Nothing written: say why.
    slot = (
        AttemptSlot.objects.filter(attempt_id=attempt.pk, position=position).select_related("version").first()
    )
    if slot is None:
        raise NoSuchQuestion()
    if slot.is_multiple:
        raise InvalidChoice(NEEDS_SET)
    if choice_id not in slot.choice_order:
        raise InvalidChoice()
    if attempt.quiz.is_practice and slot.selected_id is not None:
        raise AnswerLocked()
    raise StaleAnswer()


NEEDS_SET = "This question asks you to choose all the answers that apply; nothing was saved."


@transaction.atomic
def answers_save_many(*, attempt_id: int, user, position: int, choice_ids: list[int], sequence: int) -> int:
    """Save the whole set of choices ticked for a multiple-response slot; return the slot's new sequence.

    The set replaces the one saved before (an empty set clears it, in exam mode). The same protections as
    `answer_save`: the attempt row is locked, a stale `sequence` is refused, every id must be a choice of this
    slot and appear once, and in practice mode the set is final once its feedback has been shown. Nothing is
    written unless everything checks out.
    """
    now = timezone.now()
    attempt = _locked_open_attempt(attempt_id=attempt_id, user=user, now=now)
    slot = (
        AttemptSlot.objects.filter(attempt_id=attempt.pk, position=position)
        .select_related("version")
        .only("pk", "choice_order", "sequence", "answered_at", "version__kind")
        .first()
    )
    if slot is None:
        raise NoSuchQuestion()
    if not slot.is_multiple:
        raise InvalidChoice("This question takes one answer; choose a single option.")
    if len(set(choice_ids)) != len(choice_ids):
        raise InvalidChoice("The same choice was sent twice, so nothing was saved.")
    if not set(choice_ids) <= set(slot.choice_order):
        raise InvalidChoice(
            "At least one of those choices does not belong to this question; nothing was saved."
        )
    if attempt.quiz.is_practice:
        if slot.answered_at is not None:
            raise AnswerLocked()
        if not choice_ids:
            raise InvalidChoice("Tick at least one answer before checking it.")
    # The attempt row is locked, so nobody else writes this slot now; the condition on `sequence` still guards
    # the update the way `answer_save` does.
    updated = AttemptSlot.objects.filter(pk=slot.pk, sequence=sequence).update(
        sequence=F("sequence") + 1, answered_at=now if choice_ids else None
    )
    if not updated:
        raise StaleAnswer()
    ticks = AttemptSlot.selections.through
    ticks.objects.filter(attemptslot_id=slot.pk).delete()
    ticks.objects.bulk_create([ticks(attemptslot_id=slot.pk, versionchoice_id=pk) for pk in choice_ids])
    return sequence + 1


@transaction.atomic
def attempt_flag(*, attempt_id: int, user, position: int, flagged: bool) -> None:
    """Flag or unflag a question for another look before submitting."""
    attempt = _locked_open_attempt(attempt_id=attempt_id, user=user, now=timezone.now())
    if not AttemptSlot.objects.filter(attempt_id=attempt.pk, position=position).update(flagged=flagged):
        raise NoSuchQuestion()


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Score and close an attempt, exactly once: a repeated submission returns the first result."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status != Attempt.Status.IN_PROGRESS:
        return locked
    slots = selectors.slots_for_scoring(attempt=locked)
    answers = [selectors.answered_slot(slot) for slot in slots]
    return records.attempt_score(attempt=locked, slots=slots, answers=answers, now=timezone.now())


def attempt_close_if_overdue(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Submit an open attempt whose deadline and grace have passed, with the answers it saved."""
    now = now or timezone.now()
    if attempt.is_open and not attempt.accepts_answers_at(now):
        return attempt_submit(attempt=attempt)
    return attempt


def attempt_close_overdue_of(*, attempt_id: int, user) -> None:
    """Submit this user's attempt if its deadline and grace have passed (after a refused late answer)."""
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id, user=user).first()
    if attempt is not None:
        attempt_close_if_overdue(attempt=attempt)


def attempts_close_overdue(*, now: datetime | None = None) -> int:
    """Submit every overdue attempt (for cron). Each is its own transaction; returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    for attempt in Attempt.objects.past_deadline(now).select_related("quiz"):
        if not attempt.accepts_answers_at(now):
            before = attempt.status
            if attempt_submit(attempt=attempt).status != before:
                closed += 1
    return closed


@transaction.atomic
def personal_quiz_set(*, slug: str, title: str, question_ids: list[int], quiz: Quiz | None = None) -> Quiz:
    """Create, or refill, an unpublished practice quiz built for one candidate (a drill, a review session):
    its title and its questions in this order. Unpublished, so nobody else can find or start it.

    Such quizzes show the same questions again and again, so their choices come in a fresh order each time:
    the candidate recalls the idea, not where its answer sat. (Quizzes made before this rule get it at their
    next refill.) The questions keep the order given (most due, weakest area first)."""
    if quiz is None:
        quiz = Quiz.objects.create(
            title=title,
            slug=slug,
            description="A practice quiz built for you from your own answers.",
            mode=Quiz.Mode.PRACTICE,
            is_published=False,
            shuffle_choices=True,
        )
    elif (quiz.title, quiz.shuffle_choices) != (title, True):
        quiz.title, quiz.shuffle_choices = title, True
        quiz.save(update_fields=["title", "shuffle_choices"])
    QuizItem.objects.filter(quiz=quiz).delete()
    QuizItem.objects.bulk_create(
        [QuizItem(quiz=quiz, question_id=qid, position=i) for i, qid in enumerate(question_ids, 1)]
    )
    return quiz
