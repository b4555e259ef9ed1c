"""Account self-service: password reset and change (Django's views), email change, data download, deletion,
and the database's one-account-per-email rule."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from cohorts.models import Membership
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot
from study.models import Bookmark, ProblemReport
from tests.quizzes.factories import UserFactory

User = get_user_model()
PASSWORD = "an-old-password-42"


@pytest.fixture
def kim(db):
    user = UserFactory(username="kim", email="kim@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def _link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _field_error(html: str, field_id: str) -> str:
    """The control's tag must say it is invalid and point at the error text, which is returned."""
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in tag, tag
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    texts = [re.search(rf'id="{d}"[^>]*>(.*?)</(p|div|span)>', html, re.S) for d in described]
    return " ".join(t.group(1) for t in texts if t)


def test_a_forgotten_password_is_reset_by_email(client, kim):
    response = client.post(reverse("password_reset"), {"email": "KIM@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["kim@example.org"] and "Reset your CPS Prep password" in message.subject
    page = client.get(_link(message), follow=True)
    assert "Choose a new password" in page.content.decode()
    new = "a-brand-new-password-77"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your password is changed" in done.content.decode()
    response = client.post(reverse("login"), {"username": "kim", "password": new})
    assert response.status_code == 302
    # the link works once
    assert "already been used or has expired" in client.get(_link(message), follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_the_password_is_changed_with_the_old_one(client, kim):
    client.force_login(kim)
    url = reverse("password_change")
    new = "a-brand-new-password-77"
    wrong = client.post(url, {"old_password": "nope", "new_password1": new, "new_password2": new})
    assert wrong.status_code == 200
    assert "incorrectly" in _field_error(wrong.content.decode(), "id_old_password")
    ok = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}, follow=True)
    assert "Your password is changed" in ok.content.decode()
    kim.refresh_from_db()
    assert kim.check_password(new)


def test_the_email_changes_only_when_the_link_sent_to_the_new_address_is_used(client, kim):
    client.force_login(kim)
    url = reverse("email_change")
    wrong = client.post(url, {"email": "kim.new@example.org", "password": "nope"})
    assert wrong.status_code == 400
    assert "not your current password" in _field_error(wrong.content.decode(), "id_password")
    assert mail.outbox == []
    response = client.post(url, {"email": "kim.new@example.org", "password": PASSWORD}, follow=True)
    assert "We sent a link to kim.new@example.org" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["kim.new@example.org"]
    kim.refresh_from_db()
    assert kim.email == "kim@example.org"  # nothing changes before the link is used
    link = _link(message)
    assert "Use <strong>kim.new@example.org</strong>" in client.get(link).content.decode()
    kim.refresh_from_db()
    assert kim.email == "kim@example.org"  # opening the link (a GET) changes nothing either
    assert "now kim.new@example.org" in client.post(link, follow=True).content.decode()
    kim.refresh_from_db()
    assert kim.email == "kim.new@example.org"
    # the same link again, or on another account, is refused
    assert client.post(link).status_code == 400
    client.force_login(UserFactory(username="lee"))
    assert client.get(link).status_code == 400
    assert client.get(reverse("email_change_confirm", args=["forged:token"])).status_code == 400


def test_an_address_another_account_uses_is_refused_on_the_field(client, kim):
    UserFactory(username="lee", email="lee@example.org")
    client.force_login(kim)
    response = client.post(reverse("email_change"), {"email": "LEE@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "Another account already uses" in _field_error(response.content.decode(), "id_email")


def test_the_database_keeps_one_account_per_email_whatever_its_case_but_many_without(db):
    UserFactory(username="a", email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="b", email="SAME@example.org")
    User.objects.create(username="c", email="")
    User.objects.create(username="d", email="")
    assert User.objects.filter(email="").count() == 2


def _kims_history(kim, make_quiz, cohort):
    quiz = make_quiz(2, title="Mock exam K")
    attempt = quiz_services.attempt_start(user=kim, quiz=quiz)
    slot = AttemptSlot.objects.filter(attempt=attempt).first()
    slot.selected = slot.version.choices.order_by("position").first()
    slot.save(update_fields=["selected"])
    attempt = quiz_services.attempt_submit(attempt=attempt)
    Bookmark.objects.create(user=kim, question=slot.question)
    ProblemReport.objects.create(question=slot.question, reporter=kim, message="Choice B reads oddly.")
    Membership.objects.create(cohort=cohort, user=kim)
    return attempt


@pytest.fixture
def spring(db):
    import datetime

    from cohorts.models import Cohort

    return Cohort.objects.create(name="Spring class", slug="spring", starts_on=datetime.date(2026, 3, 1))


def test_my_data_is_a_json_of_everything_kept_about_me_and_nobody_else(client, kim, olu, make_quiz, spring):
    _kims_history(kim, make_quiz, spring)
    quiz_services.attempt_submit(
        attempt=quiz_services.attempt_start(user=olu, quiz=make_quiz(1, title="Olu's"))
    )
    client.force_login(kim)
    response = client.get(reverse("data_download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "kim" and data["profile"]["email"] == "kim@example.org"
    [attempt] = data["attempts"]
    assert attempt["quiz"] == "Mock exam K" and len(attempt["answers"]) == 2
    assert attempt["answers"][0]["chosen"] == ["A"] and attempt["answers"][0]["correct"] is True
    assert [c["class"] for c in data["classes"]] == ["Spring class"]
    assert len(data["bookmarks"]) == 1 and data["problem_reports"][0]["message"] == "Choice B reads oddly."
    assert "Olu's" not in response.content.decode() and "olu" not in response.content.decode()
    client.logout()
    assert client.get(reverse("data_download")).status_code == 302  # log-in first


def test_deleting_my_account_erases_me_and_keeps_my_answers_anonymously(client, kim, make_quiz, spring):
    attempt = _kims_history(kim, make_quiz, spring)
    client.force_login(kim)
    page = client.get(reverse("account_delete")).content.decode()
    assert "kept anonymously" in page and "cannot be undone" in page
    wrong = client.post(reverse("account_delete"), {"password": "nope"})
    assert wrong.status_code == 400 and User.objects.filter(username="kim").exists()
    response = client.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)
    assert "Your account and your personal data have been deleted" in response.content.decode()
    assert not User.objects.filter(username="kim").exists()
    assert not User.objects.filter(email__iexact="kim@example.org").exists()
    kept = Attempt.objects.select_related("user").get(pk=attempt.pk)
    assert kept.user.username.startswith("deleted-") and not kept.user.is_active and kept.user.email == ""
    assert not kept.user.has_usable_password()
    assert not Membership.objects.filter(user=kept.user).exists() and not Bookmark.objects.exists()
    assert ProblemReport.objects.get().reporter is None
    assert "_auth_user_id" not in client.session


def test_staff_accounts_are_closed_by_an_administrator(client, tess):
    client.force_login(tess)
    assert client.get(reverse("account_delete")).status_code == 403
    assert client.post(reverse("account_delete"), {"password": "x"}).status_code == 403
    assert User.objects.filter(pk=tess.pk).exists()


def test_the_account_page_links_everything_and_the_log_in_page_offers_a_reset(client, kim):
    assert f'href="{reverse("password_reset")}"' in client.get(reverse("login")).content.decode()
    client.force_login(kim)
    page = client.get(reverse("account")).content.decode()
    for name in ("password_change", "email_change", "data_download", "account_delete"):
        assert f'href="{reverse(name)}"' in page
