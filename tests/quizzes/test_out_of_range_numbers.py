"""Numbers too large for the database are refused as unreadable answers, not a server error."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import AttemptSlot
from tests.quizzes.factories import QuizFactory
from tests.quizzes.test_multiple_response import make_mr_question

TOO_BIG = str(2**63)  # one past SQLite's and PostgreSQL's largest integer


@pytest.fixture
def attempt(make_quiz, casey):
    return services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))


@pytest.fixture
def mr_attempt(taxonomy, casey):
    quiz = QuizFactory(questions=[make_mr_question(taxonomy)], mode="exam")
    return services.attempt_start(user=casey, quiz=quiz)


def _slot(attempt) -> AttemptSlot:
    return AttemptSlot.objects.get(attempt=attempt, position=1)


def _assert_nothing_saved(attempt):
    slot = _slot(attempt)
    assert (slot.selected_id, slot.sequence, slot.answered_at) == (None, 0, None)
    assert not slot.selections.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"choice": TOO_BIG, "sequence": "0"},
        {"choice": "first", "sequence": TOO_BIG},
        {"choice": "first", "sequence": str(2**31)},  # past PostgreSQL's integer column
        {"choice": "-" + TOO_BIG, "sequence": "0"},
    ],
    ids=["huge-choice", "huge-sequence", "sequence-past-int32", "huge-negative-choice"],
)
def test_the_autosave_refuses_out_of_range_numbers_with_400(client, casey, attempt, data):
    client.force_login(casey)
    if data["choice"] == "first":
        data = {**data, "choice": _slot(attempt).choice_order[0]}
    response = client.post(reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1]), data)
    assert response.status_code == 400
    assert response.json() == {"saved": False, "message": "That answer could not be read."}
    _assert_nothing_saved(attempt)


@pytest.mark.parametrize("field", ["choice", "sequence"])
def test_the_question_page_refuses_out_of_range_numbers_with_400(client, casey, attempt, field):
    client.force_login(casey)
    data = {"choice": _slot(attempt).choice_order[0], "sequence": 0, "go": "next", field: TOO_BIG}
    response = client.post(reverse("quizzes:attempt_question", args=[attempt.pk, 1]), data)
    assert response.status_code == 400
    assert "That answer could not be read." in response.content.decode()
    _assert_nothing_saved(attempt)


def test_a_multiple_response_answer_with_an_out_of_range_id_is_refused(client, casey, mr_attempt):
    client.force_login(casey)
    good = _slot(mr_attempt).choice_order[0]
    data = {"multiple": "1", "choices": [good, TOO_BIG], "sequence": 0}
    response = client.post(reverse("quizzes:attempt_answer_save", args=[mr_attempt.pk, 1]), data)
    assert response.status_code == 400
    assert response.json()["message"] == "That answer could not be read."
    response = client.post(
        reverse("quizzes:attempt_question", args=[mr_attempt.pk, 1]), {**data, "go": "next"}
    )
    assert response.status_code == 400
    _assert_nothing_saved(mr_attempt)


def test_the_largest_readable_numbers_are_still_refused_cleanly(client, casey, attempt):
    """At the bounds the form lets the value through and the service answers as for any unknown choice."""
    client.force_login(casey)
    response = client.post(
        reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1]),
        {"choice": str(2**63 - 1), "sequence": str(2**31 - 1)},
    )
    assert response.status_code == 400
    assert response.json()["message"] == "That choice does not belong to this question."
    _assert_nothing_saved(attempt)


def test_out_of_range_ids_in_the_address_are_404(client, casey, attempt):
    client.force_login(casey)
    choice = _slot(attempt).choice_order[0]
    for url in [f"/attempts/{TOO_BIG}/q/1/save/", f"/attempts/{attempt.pk}/q/{TOO_BIG}/save/"]:
        response = client.post(url, {"choice": choice, "sequence": 0})
        assert response.status_code == 404, url
    _assert_nothing_saved(attempt)
