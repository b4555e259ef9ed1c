"""A form whose CSRF check fails gets the site's own page, saying what happened and that nothing changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.models import AttemptSlot

EXPIRED = "This form had expired. Go back, reload the page and try again — nothing was saved."


@pytest.fixture
def strict() -> Client:
    return Client(enforce_csrf_checks=True)


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _assert_site_page(response):
    page = response.content.decode()
    assert response.status_code == 403
    assert EXPIRED in page
    assert '<a class="navbar-brand"' in page  # the site's layout, not Django's bare page
    assert "<style" not in page and "<script>" not in page and " style=" not in page
    assert "CSRF verification failed" not in page
    assert "style-src 'self';" in response.headers["Content-Security-Policy"]


def test_a_post_without_a_token_gets_the_site_page_and_logs_nobody_in(strict, casey):
    response = strict.post(reverse("login"), {"username": "casey", "password": "a-long-test-password"})
    _assert_site_page(response)
    assert "_auth_user_id" not in strict.session


def _log_in(client: Client) -> None:
    token = _token(client.get(reverse("login")).content.decode())
    response = client.post(
        reverse("login"),
        {"csrfmiddlewaretoken": token, "username": "casey", "password": "a-long-test-password"},
    )
    assert response.status_code == 302


def test_a_stale_form_after_logging_in_again_is_refused_and_nothing_is_saved(strict, casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    _log_in(strict)
    question_url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    old_token = _token(strict.get(question_url).content.decode())
    _log_in(strict)  # logging in again (another tab) rotates the token; this tab still holds the old one
    response = strict.post(
        question_url,
        {"csrfmiddlewaretoken": old_token, "choice": slot.choice_order[0], "sequence": 0, "go": "next"},
    )
    _assert_site_page(response)
    assert "Signed in as casey" in response.content.decode()
    slot.refresh_from_db()
    assert (slot.selected_id, slot.sequence) == (None, 0)


def test_the_autosave_script_gets_the_message_as_json(strict, casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    strict.force_login(casey)
    response = strict.post(
        reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1]),
        {"choice": slot.choice_order[0], "sequence": 0},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 403
    assert response.json() == {"saved": False, "message": EXPIRED}
    slot.refresh_from_db()
    assert slot.selected_id is None


def test_a_post_with_a_fresh_token_still_works(strict, casey):
    _log_in(strict)
    assert strict.session["_auth_user_id"] == str(casey.pk)
