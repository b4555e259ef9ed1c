"""Refusals: a clear status and message, and nothing changed."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import Attempt, AttemptSlot


@pytest.fixture
def attempt(make_quiz, casey):
    return services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam"))


def _slot(attempt, position=1) -> AttemptSlot:
    return AttemptSlot.objects.get(attempt=attempt, position=position)


def _post_answer(client, attempt, choice_id, *, position=1, sequence=0):
    return client.post(
        reverse("quizzes:attempt_question", args=[attempt.pk, position]),
        {"choice": choice_id, "sequence": sequence, "go": "next"},
    )


def test_a_choice_of_another_question_is_refused_with_400(client, casey, attempt):
    client.force_login(casey)
    other_question_choice = _slot(attempt, 2).choice_order[0]
    response = _post_answer(client, attempt, other_question_choice)
    assert response.status_code == 400
    assert "does not belong to this question" in response.content.decode()
    assert _slot(attempt).selected_id is None and _slot(attempt).sequence == 0


def test_a_choice_id_that_does_not_exist_is_refused_with_400(client, casey, attempt):
    client.force_login(casey)
    response = _post_answer(client, attempt, 987654)
    assert response.status_code == 400
    assert _slot(attempt).selected_id is None


def test_a_non_numeric_choice_is_refused_with_400(client, casey, attempt):
    client.force_login(casey)
    response = _post_answer(client, attempt, "B; drop table")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert _slot(attempt).selected_id is None


def test_another_users_attempt_is_404_for_every_page(client, olu, attempt):
    client.force_login(olu)
    choice = _slot(attempt).choice_order[0]
    for url in [
        reverse("quizzes:attempt_question", args=[attempt.pk, 1]),
        reverse("quizzes:attempt_summary", args=[attempt.pk]),
        reverse("quizzes:attempt_result", args=[attempt.pk]),
        reverse("study:review", args=[attempt.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "belongs to someone else" in response.content.decode()
    assert _post_answer(client, attempt, choice).status_code == 404
    assert client.post(reverse("quizzes:attempt_submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert _slot(attempt).selected_id is None


def test_an_answer_posted_to_a_submitted_attempt_is_refused_with_410(client, casey, attempt):
    client.force_login(casey)
    services.attempt_submit(attempt=attempt)
    response = _post_answer(client, attempt, _slot(attempt).choice_order[0])
    assert response.status_code == 410
    assert "already been submitted" in response.content.decode()
    assert _slot(attempt).selected_id is None


def test_a_stale_sequence_does_not_overwrite_a_newer_answer(client, casey, attempt):
    client.force_login(casey)
    first, second = _slot(attempt).choice_order[:2]
    _post_answer(client, attempt, first, sequence=0)
    response = _post_answer(client, attempt, second, sequence=0, position=1)  # an old tab
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "changed in another tab" in page
    assert _slot(attempt).selected_id == first


def test_the_service_refuses_a_stale_sequence_with_409(attempt):
    first, second = _slot(attempt).choice_order[:2]
    services.answer_save(attempt_id=attempt.pk, user=attempt.user, position=1, choice_id=first, sequence=0)
    with pytest.raises(services.StaleAnswer) as refused:
        services.answer_save(
            attempt_id=attempt.pk, user=attempt.user, position=1, choice_id=second, sequence=0
        )
    assert refused.value.status == 409
    assert (_slot(attempt).selected_id, _slot(attempt).sequence) == (first, 1)


@pytest.mark.parametrize(
    "path",
    ["/attempts/abc/q/1/", "/attempts/1/q/x/", "/attempts/99999/result/", "/quizzes/no-such-quiz/"],
)
def test_malformed_or_unknown_ids_are_404_not_500(client, casey, path):
    client.force_login(casey)
    assert client.get(path).status_code == 404


def test_a_question_position_outside_the_attempt_is_404(client, casey, attempt):
    client.force_login(casey)
    response = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 99]))
    assert response.status_code == 404
    assert "no such question" in response.content.decode()


def test_starting_an_unpublished_quiz_is_404(client, casey, make_quiz):
    client.force_login(casey)
    quiz = make_quiz(2, is_published=False)
    assert client.post(reverse("quizzes:attempt_start", args=[quiz.slug])).status_code == 404
    assert not Attempt.objects.exists()


def test_pages_that_change_things_refuse_get(client, casey, attempt, make_quiz):
    client.force_login(casey)
    assert client.get(reverse("quizzes:attempt_submit", args=[attempt.pk])).status_code == 405
    assert client.get(reverse("quizzes:attempt_start", args=["x"])).status_code == 405


def test_posts_without_a_csrf_token_are_refused(casey, attempt):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(casey)
    response = strict.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_in_practice_mode_an_answer_is_final_once_its_feedback_is_shown(client, casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="practice"))
    client.force_login(casey)
    first, second = _slot(attempt).choice_order[:2]
    _post_answer(client, attempt, first, sequence=0)
    response = _post_answer(client, attempt, second, sequence=1)
    page = client.get(response.url).content.decode()
    assert "final once its feedback has been shown" in page
    assert _slot(attempt).selected_id == first
