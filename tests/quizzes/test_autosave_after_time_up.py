"""An autosave arriving after the deadline and grace closes the attempt then, so its 410 message is true."""

from datetime import timedelta

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import Attempt, AttemptSlot, CompetencyScore
from tests.quizzes.factories import QuizFactory
from tests.quizzes.test_multiple_response import make_mr_question


def _slot(attempt, position) -> AttemptSlot:
    return AttemptSlot.objects.get(attempt=attempt, position=position)


def _overdue(attempt: Attempt) -> None:
    """Move the clock back past the deadline and the default 60 s grace."""
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(minutes=12),
        deadline=attempt.deadline - timedelta(minutes=12),
    )


@pytest.fixture
def timed(casey, make_quiz):
    """Casey's 10-minute exam of three questions, the first answered right before time ran out."""
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam", time_limit_minutes=10))
    first = _slot(attempt, 1)
    services.answer_save(
        attempt_id=attempt.pk, user=casey, position=1, choice_id=first.choice_order[0], sequence=0
    )
    _overdue(attempt)
    return attempt


def test_a_late_autosave_submits_and_scores_the_attempt_with_what_was_saved(client, casey, timed):
    client.force_login(casey)
    late = _slot(timed, 2)
    response = client.post(
        reverse("quizzes:attempt_answer_save", args=[timed.pk, 2]),
        {"choice": late.choice_order[0], "sequence": 0},
    )
    assert response.status_code == 410
    assert response.json() == {"saved": False, "message": services.TimeUp.message}
    timed.refresh_from_db()
    assert timed.status == Attempt.Status.SUBMITTED
    assert timed.submitted_at is not None
    assert (timed.correct_count, timed.question_count, timed.passed) == (1, 3, False)
    assert sum(s.correct for s in CompetencyScore.objects.filter(attempt=timed)) == 1
    assert _slot(timed, 2).selected_id is None
    assert [_slot(timed, p).is_correct for p in (1, 2, 3)] == [True, False, False]


def test_a_second_late_autosave_is_told_the_attempt_is_submitted(client, casey, timed):
    client.force_login(casey)
    url = reverse("quizzes:attempt_answer_save", args=[timed.pk, 3])
    data = {"choice": _slot(timed, 3).choice_order[0], "sequence": 0}
    assert client.post(url, data).status_code == 410
    response = client.post(url, data)
    assert response.status_code == 410
    assert response.json()["message"] == services.AttemptClosed.message
    timed.refresh_from_db()
    assert timed.correct_count == 1


def test_a_late_multiple_response_autosave_closes_the_attempt_too(client, casey, taxonomy):
    quiz = QuizFactory(questions=[make_mr_question(taxonomy)], mode="exam", time_limit_minutes=10)
    attempt = services.attempt_start(user=casey, quiz=quiz)
    _overdue(attempt)
    client.force_login(casey)
    response = client.post(
        reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1]),
        {"multiple": "1", "choices": _slot(attempt, 1).choice_order[:2], "sequence": 0},
    )
    assert response.status_code == 410
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct_count, attempt.question_count) == ("submitted", 0, 1)
    assert not _slot(attempt, 1).selections.exists()


def test_someone_elses_overdue_attempt_stays_404_and_untouched(client, olu, timed):
    client.force_login(olu)
    response = client.post(
        reverse("quizzes:attempt_answer_save", args=[timed.pk, 2]),
        {"choice": _slot(timed, 2).choice_order[0], "sequence": 0},
    )
    assert response.status_code == 404
    timed.refresh_from_db()
    assert timed.status == Attempt.Status.IN_PROGRESS
