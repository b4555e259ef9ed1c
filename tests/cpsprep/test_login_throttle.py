"""Log-in throttling: real POSTs to both log-in pages, counted in the database by django-axes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.quizzes.factories import UserFactory

PASSWORD = "the-right-password-42"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def jo(db):
    user = UserFactory(username="jo")
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(client, username, password, *, page="login", ip="10.0.0.1"):
    return client.post(reverse(page), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_limit_is_twenty_failures_and_the_cool_off_a_few_minutes():
    assert LIMIT == 20
    assert datetime.timedelta(minutes=1) <= settings.AXES_COOLOFF_TIME <= datetime.timedelta(minutes=15)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_twenty_wrong_passwords_lock_the_account_with_a_message_saying_when(client, jo):
    for _ in range(LIMIT - 1):
        response = _log_in(client, "jo", "wrong")
        assert response.status_code == 200 and "Please enter a correct username" in response.content.decode()
    response = _log_in(client, "jo", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many log-in attempts" in page and "Try again in 5 minutes, at" in page
    assert response["Retry-After"] == "300"
    # the right password is refused too while the lock holds, from another address as well
    response = _log_in(client, "JO ", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, jo):
    for _ in range(LIMIT):
        _log_in(client, "jo", "wrong")
    assert _log_in(client, "jo", PASSWORD).status_code == 429
    # the clock moves on: the failures are now older than the cool-off
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    response = _log_in(client, "jo", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("study:dashboard")


def test_a_success_resets_the_count(client, jo):
    for _ in range(LIMIT - 1):
        _log_in(client, "jo", "wrong")
    assert _log_in(client, "jo", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert _log_in(client, "jo", "wrong").status_code == 200
    assert _log_in(client, "jo", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, jo):
    for n in range(LIMIT):
        _log_in(client, f"someone{n}", "wrong", ip="10.6.6.6")
    assert _log_in(client, "jo", PASSWORD, ip="10.6.6.6").status_code == 429
    # another address is not affected, and jo's own count was never touched
    assert _log_in(client, "jo", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_admin_log_in_page_is_throttled_too(client, jo):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        client.post(url, {"username": "jo", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(url, {"username": "jo", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Too many log-in attempts" in response.content.decode()
    # and a lock earned on the admin page holds on the site's page
    assert _log_in(client, "jo", PASSWORD).status_code == 429
