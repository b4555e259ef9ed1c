"""Missed and unsure questions enter an FSRS queue; due dates move as answers come in."""

from datetime import timedelta

import fsrs
import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot
from study import scheduling, selectors, services
from study.models import ReviewCard, ScheduledAttempt
from tests.quizzes.factories import QuestionFactory


def _take(user, quiz, answers: dict[int, int], flagged=()):
    """Answer by authored choice index (0 is right in make_quiz) and submit."""
    attempt = quiz_services.attempt_start(user=user, quiz=quiz)
    for position, index in answers.items():
        slot = AttemptSlot.objects.get(attempt=attempt, position=position)
        choice = slot.version.choices.get(position=index).pk
        quiz_services.answer_save(
            attempt_id=attempt.pk, user=user, position=position, choice_id=choice, sequence=slot.sequence
        )
    for position in flagged:
        quiz_services.attempt_flag(attempt_id=attempt.pk, user=user, position=position, flagged=True)
    return quiz_services.attempt_submit(attempt=attempt)


@pytest.mark.parametrize(
    ("correct", "flagged", "seconds", "rating"),
    [
        (False, False, 5, fsrs.Rating.Again),
        (False, True, 5, fsrs.Rating.Again),
        (True, True, 5, fsrs.Rating.Hard),
        (True, False, 60, fsrs.Rating.Good),
        (True, False, None, fsrs.Rating.Good),
        (True, False, 12, fsrs.Rating.Easy),
    ],
)
def test_answers_map_to_fsrs_ratings(correct, flagged, seconds, rating):
    assert scheduling.rating_for(correct=correct, flagged=flagged, seconds=seconds) == rating


def test_wrong_and_unsure_answers_enter_the_queue_and_right_ones_do_not(casey, make_quiz):
    quiz = make_quiz(4, mode="exam")
    _take(casey, quiz, {1: 1, 2: 0, 3: 0}, flagged=[3])  # 1 wrong, 2 right, 3 right but unsure, 4 unanswered
    assert services.reviews_sync(user=casey) == 1
    cards = {c.question_id: c for c in ReviewCard.objects.filter(user=casey)}
    slots = {s.position: s.question_id for s in AttemptSlot.objects.all()}
    assert set(cards) == {slots[1], slots[3], slots[4]}
    assert cards[slots[1]].lapses == 1 and cards[slots[3]].lapses == 0
    # Again is due sooner than Hard.
    assert cards[slots[1]].due <= cards[slots[3]].due
    assert services.reviews_sync(user=casey) == 0  # each attempt is scheduled exactly once
    assert ScheduledAttempt.objects.count() == 1


def test_due_dates_move_out_as_a_question_is_answered_right_again(casey, make_quiz):
    quiz = make_quiz(1, mode="exam")
    _take(casey, quiz, {1: 1})
    earlier = timezone.now() - timedelta(days=2)
    Attempt.objects.update(started_at=earlier - timedelta(minutes=1), submitted_at=earlier)
    AttemptSlot.objects.update(answered_at=earlier)
    services.reviews_sync(user=casey)
    card = ReviewCard.objects.get()
    first_interval = card.due - card.last_review
    assert card.due < timezone.now()  # missed two days ago: due again already
    # Answered right when it came due: the next interval is longer than the first.
    _take(casey, quiz, {1: 0})
    services.reviews_sync(user=casey)
    card.refresh_from_db()
    assert card.reviews == 2
    assert card.due - card.last_review > first_interval


def test_the_review_due_session_serves_due_questions_and_reschedules_them(client, casey, make_quiz):
    quiz = make_quiz(3, mode="exam")
    _take(casey, quiz, {1: 1, 2: 1, 3: 0})
    services.reviews_sync(user=casey)
    ReviewCard.objects.update(due=timezone.now() - timedelta(hours=1))
    due_questions = set(ReviewCard.objects.values_list("question_id", flat=True))
    client.force_login(casey)
    response = client.post(reverse("study:session_start", args=["review"]))
    attempt = Attempt.objects.get(quiz__study_session__kind="review")
    assert response.url == reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    assert set(attempt.slots.values_list("question_id", flat=True)) == due_questions
    assert attempt.quiz.is_practice and not attempt.quiz.is_published and attempt.quiz.shuffle_choices
    for slot in attempt.slots.all():  # answer all right
        right = slot.version.choices.get(is_correct=True).pk
        quiz_services.answer_save(
            attempt_id=attempt.pk, user=casey, position=slot.position, choice_id=right, sequence=0
        )
    quiz_services.attempt_submit(attempt=attempt)
    client.get(reverse("study:dashboard"))  # the dashboard schedules what was just answered
    assert not ReviewCard.objects.filter(due__lte=timezone.now()).exists()
    assert set(ReviewCard.objects.values_list("reviews", flat=True)) == {2}


def test_nothing_due_says_so(client, casey, make_quiz):
    client.force_login(casey)
    response = client.post(reverse("study:session_start", args=["review"]), follow=True)
    assert "Nothing is due for review today" in response.content.decode()
    assert not Attempt.objects.exists()


def test_the_drill_targets_the_weakest_competency_and_the_top_confusion(client, casey, make_quiz, taxonomy):
    quiz = make_quiz(9, mode="exam")  # 3 each of peer support, in but not of, change agent
    # Right on everything except the three change-agent questions, where community engagement is chosen.
    _take(casey, quiz, {1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 0, 8: 0, 9: 1})
    client.force_login(casey)
    client.post(reverse("study:session_start", args=["drill"]))
    drill = Attempt.objects.get(quiz__study_session__kind="drill")
    assert "Change agent" in drill.quiz.title and "community engagement" in drill.quiz.title
    competencies = set(drill.slots.values_list("version__competency__slug", flat=True))
    assert "change-agent" in competencies
    # Starting again while it is open resumes the same attempt.
    client.post(reverse("study:session_start", args=["drill"]))
    assert Attempt.objects.filter(quiz__study_session__kind="drill").count() == 1
    # The choices come in a fresh order (ten questions of four choices: all in authored order is ~1 in 10^13).
    assert drill.quiz.shuffle_choices
    assert any(order != sorted(order) for order in drill.slots.values_list("choice_order", flat=True))


@pytest.mark.parametrize("review_answers", ["never", "after_close"])
def test_the_drill_title_keeps_the_mix_ups_of_a_quiz_that_hides_its_answers(
    client, casey, make_quiz, review_answers
):
    """S4: which wrong answers were chosen in a quiz that hides its answers must not show in the drill."""
    closes = timezone.now() + timedelta(days=3)
    quiz = make_quiz(9, mode="exam", review_answers=review_answers, closes_at=closes)
    _take(casey, quiz, {1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 0, 8: 0, 9: 1})
    assert selectors.confusion_counts(user=casey, since=closes - timedelta(days=30), now=timezone.now()) == []
    client.force_login(casey)
    client.post(reverse("study:session_start", args=["drill"]))
    drill = Attempt.objects.get(quiz__study_session__kind="drill")
    assert "mix-ups" not in drill.quiz.title and "community engagement" not in drill.quiz.title
    # Once a closing quiz shows its answers, its mix-ups count again; a "never" quiz's never do.
    after = closes + timedelta(minutes=1)
    counted = selectors.confusion_counts(user=casey, since=closes - timedelta(days=30), now=after)
    expected = [("community-engagement", 3)] if review_answers == "after_close" else []
    assert [(slug, n) for slug, _name, n in counted] == expected


def test_an_unknown_session_kind_is_404(client, casey):
    client.force_login(casey)
    assert client.post(reverse("study:session_start", args=["cram"])).status_code == 404


def test_misses_of_a_quiz_that_hides_its_answers_wait_until_the_answers_are_shown(casey, make_quiz):
    closes = timezone.now() + timedelta(days=3)
    later = make_quiz(2, mode="exam", review_answers="after_close", closes_at=closes)
    secret = make_quiz(2, mode="exam", review_answers="never")
    _take(casey, later, {1: 1})
    _take(casey, secret, {1: 1})
    assert services.reviews_sync(user=casey) == 0
    assert not ReviewCard.objects.exists()
    # Once the first quiz closes its answers are shown, and its misses join the queue; the other never does.
    assert services.reviews_sync(user=casey, now=closes + timedelta(minutes=1)) == 1
    queued = set(ReviewCard.objects.values_list("question_id", flat=True))
    assert queued == set(later.items.values_list("question_id", flat=True))


def test_the_drill_prefers_questions_not_seen_recently(client, casey, make_quiz, taxonomy):
    seen = make_quiz(9, mode="exam")
    _take(casey, seen, {p: (1 if p % 3 == 0 else 0) for p in range(1, 10)})  # change agent all missed
    unseen = [
        QuestionFactory(
            competency=taxonomy["change-agent"],
            choices=[(True, taxonomy["change-agent"]), (False, taxonomy["community-engagement"])],
        )
        for _ in range(12)
    ]
    client.force_login(casey)
    client.post(reverse("study:session_start", args=["drill"]))
    drill = Attempt.objects.get(quiz__study_session__kind="drill")
    served = set(drill.slots.values_list("question_id", flat=True))
    assert len(served) == services.DRILL_SIZE
    # Twelve fresh change-agent questions, all offering community engagement: the drill needs only those.
    assert served <= {q.pk for q in unseen}
