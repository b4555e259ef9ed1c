"""Writes for the candidate's study tools. Each function is one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from competencies.models import Competency
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot, Question, Quiz, QuizItem
from study import scheduling, selectors
from study.models import (
    PROBLEM_REPORT_MAX,
    Bookmark,
    ProblemReport,
    ReviewCard,
    ScheduledAttempt,
    StudySession,
)

REVIEW_SESSION_SIZE = 20
DRILL_SIZE = 10
DRILL_CONFUSION_SHARE = 3  # of the drill's questions, how many target the most frequent confusion


class StudyError(quiz_services.AttemptError):
    status = 400


def _seconds_per_slot(attempt: Attempt, slots: list[AttemptSlot]) -> dict[int, float]:
    """Time spent on each answered slot: from the previous answer (or the start) to this one."""
    answered = sorted((s for s in slots if s.answered_at), key=lambda s: s.answered_at)
    previous = attempt.started_at
    seconds = {}
    for slot in answered:
        seconds[slot.pk] = (slot.answered_at - previous).total_seconds()
        previous = slot.answered_at
    return seconds


@transaction.atomic
def reviews_sync(*, user, now: datetime | None = None) -> int:
    """Feed every submitted attempt not yet scheduled into the review queue, oldest first. Idempotent.

    Returns the number of attempts processed. Wrong answers (and unanswered questions) are rated Again,
    right-but-flagged Hard, right Good, right within QUICK_SECONDS Easy. A question joins the queue when
    missed or flagged; a question already in the queue is rescheduled by every later answer.

    An attempt waits until its quiz shows right answers: serving its misses as a practice quiz (with
    feedback) would reveal what the quiz hides. An answer older than the card's last review (an attempt
    whose answers became visible late) is superseded by the later evidence and skipped.
    """
    now = now or timezone.now()
    answers_visible = Quiz.answers_visible_q(now, via="quiz__")
    attempts = list(
        Attempt.objects.for_user(user)
        .submitted()
        .filter(answers_visible)
        .exclude(pk__in=ScheduledAttempt.objects.filter(attempt__user=user).values("attempt_id"))
        .order_by("submitted_at", "pk")
    )
    if not attempts:
        return 0
    slots_by_attempt: dict[int, list[AttemptSlot]] = {}
    for slot in AttemptSlot.objects.filter(attempt__in=attempts).order_by("position"):
        slots_by_attempt.setdefault(slot.attempt_id, []).append(slot)
    question_ids = {s.question_id for slots in slots_by_attempt.values() for s in slots}
    cards = {c.question_id: c for c in ReviewCard.objects.filter(user=user, question_id__in=question_ids)}
    touched: dict[int, ReviewCard] = {}
    for attempt in attempts:
        slots = slots_by_attempt.get(attempt.pk, [])
        seconds = _seconds_per_slot(attempt, slots)
        for slot in slots:
            correct = bool(slot.is_correct)
            card = cards.get(slot.question_id)
            if card is None and not scheduling.enters_queue(correct=correct, flagged=slot.flagged):
                continue
            rating = scheduling.rating_for(
                correct=correct, flagged=slot.flagged, seconds=seconds.get(slot.pk)
            )
            at = slot.answered_at or attempt.submitted_at
            if card is not None and card.last_review is not None and at < card.last_review:
                continue
            previous = (
                None
                if card is None
                else scheduling.CardState(
                    card.state, card.step, card.stability, card.difficulty, card.due, card.last_review
                )
            )
            new = scheduling.review(previous, rating, at)
            if card is None:
                card = ReviewCard(user=user, question_id=slot.question_id)
                cards[slot.question_id] = card
            card.state, card.step, card.stability = new.state, new.step, new.stability
            card.difficulty, card.due, card.last_review = new.difficulty, new.due, new.last_review
            card.reviews += 1
            card.lapses += 0 if correct else 1
            touched[slot.question_id] = card
    fields = ["state", "step", "stability", "difficulty", "due", "last_review", "reviews", "lapses"]
    ReviewCard.objects.bulk_update([c for c in touched.values() if c.pk], fields)
    ReviewCard.objects.bulk_create([c for c in touched.values() if not c.pk])
    ScheduledAttempt.objects.bulk_create([ScheduledAttempt(attempt=a) for a in attempts])
    return len(attempts)


@transaction.atomic
def bookmark_set(*, user, question: Question, on: bool) -> bool:
    """Bookmark the question or remove the bookmark; returns whether anything changed.

    The wanted state comes with the request, so a repeated post (a double click, a resubmitted form)
    leaves the same result instead of flipping it back.
    """
    if not on:
        deleted, _ = Bookmark.objects.filter(user=user, question=question).delete()
        return bool(deleted)
    try:
        with transaction.atomic():
            Bookmark.objects.create(user=user, question=question)
    except IntegrityError:  # already bookmarked
        return False
    return True


@transaction.atomic
def problem_report_create(*, user, slot: AttemptSlot, message: str) -> tuple[ProblemReport, bool]:
    """File a report on the slot's question; returns it and whether it is new.

    The same message from the same person on the same question while an earlier one is still open is
    not filed twice (a repeated post).
    """
    message = message.strip()
    if not message:
        raise StudyError("Please say what is wrong with the question.")
    if len(message) > PROBLEM_REPORT_MAX:
        raise StudyError(
            f"Please keep the report under {PROBLEM_REPORT_MAX} characters ({len(message)} now)."
        )
    open_statuses = [ProblemReport.Status.NEW, ProblemReport.Status.IN_REVIEW]
    earlier = ProblemReport.objects.filter(
        question_id=slot.question_id, reporter=user, message=message, status__in=open_statuses
    ).first()
    if earlier is not None:
        return earlier, False
    report = ProblemReport.objects.create(
        question_id=slot.question_id, version_id=slot.version_id, reporter=user, message=message
    )
    return report, True


def _drill_questions(*, user, now: datetime) -> tuple[str, list[int]]:
    """The weakest core competency and the most frequent confusion, preferring questions not seen lately."""
    core = selectors.core_competencies()
    ready = selectors.readiness_for(user=user, now=now, core=core)
    scored = [
        (m.estimate if m.estimate is not None else 0.5, c) for c in core if (m := ready.mastery[c.slug])
    ]
    weakest = min(scored, key=lambda pair: (pair[0], pair[1].position))[1]
    confusions = selectors.confusion_counts(
        user=user, since=now - timedelta(days=selectors.WINDOW_DAYS), now=now
    )
    last_seen = dict(
        AttemptSlot.objects.filter(attempt__user=user)
        .values("question_id")
        .annotate(last=Max("attempt__started_at"))
        .values_list("question_id", "last")
    )
    never = datetime.min.replace(tzinfo=now.tzinfo)

    def freshest_first(ids):
        return sorted(ids, key=lambda qid: (last_seen.get(qid, never), qid))

    chosen: list[int] = []
    if confusions:
        confused = Competency.objects.filter(slug=confusions[0][0]).first()
        ids = (
            Question.objects.published()
            .filter(choices__concept=confused)
            .distinct()
            .values_list("id", flat=True)
        )
        chosen = freshest_first(ids)[:DRILL_CONFUSION_SHARE]
    ids = (
        Question.objects.published()
        .filter(competency=weakest)
        .exclude(pk__in=chosen)
        .values_list("id", flat=True)
    )
    chosen += freshest_first(ids)[: DRILL_SIZE - len(chosen)]
    title = f"Weak-area drill: {weakest.name}"
    if confusions:
        title += f", and {confusions[0][1].lower()} mix-ups"
    return title, chosen


@transaction.atomic
def study_session_start(*, user, kind: str, now: datetime | None = None) -> Attempt:
    """Start (or resume) a personal practice quiz of today's due reviews or a weak-area drill."""
    now = now or timezone.now()
    session = StudySession.objects.filter(user=user, kind=kind).select_related("quiz").first()
    if session is not None:
        open_attempt = Attempt.objects.for_user(user).in_progress().filter(quiz=session.quiz).first()
        if open_attempt is not None:
            return open_attempt
    if kind == StudySession.Kind.REVIEW:
        reviews_sync(user=user, now=now)
        ids = list(
            selectors.due_cards(user=user, now=now).values_list("question_id", flat=True)[
                :REVIEW_SESSION_SIZE
            ]
        )
        title = "Review due"
        if not ids:
            raise StudyError("Nothing is due for review today. Well done — come back tomorrow.")
    elif kind == StudySession.Kind.DRILL:
        title, ids = _drill_questions(user=user, now=now)
        if not ids:
            raise StudyError("There are no published questions to drill yet.")
    else:
        raise StudyError("Unknown kind of study session.")
    if session is None:
        quiz = Quiz.objects.create(
            title=title,
            slug=f"{kind}-u{user.pk}",
            description="A practice quiz built for you from your own answers.",
            mode=Quiz.Mode.PRACTICE,
            is_published=False,
            shuffle_choices=True,
        )
        session = StudySession.objects.create(user=user, kind=kind, quiz=quiz)
    quiz = session.quiz
    # Reviews and drills show the same questions again and again: choices in a fresh order each time make
    # the candidate recall the idea, not where its answer sat. (Sessions made before this rule get it at
    # their next start.) The questions keep the order chosen above (most due, weakest area first).
    if (quiz.title, quiz.shuffle_choices) != (title, True):
        quiz.title, quiz.shuffle_choices = title, True
        quiz.save(update_fields=["title", "shuffle_choices"])
    QuizItem.objects.filter(quiz=quiz).delete()
    QuizItem.objects.bulk_create(
        [QuizItem(quiz=quiz, question_id=qid, position=i) for i, qid in enumerate(ids, 1)]
    )
    return quiz_services.attempt_start(user=user, quiz=quiz, personal=True)


def study_session_quiz_ids(*, user) -> set[int]:
    return set(StudySession.objects.filter(user=user).values_list("quiz_id", flat=True))
