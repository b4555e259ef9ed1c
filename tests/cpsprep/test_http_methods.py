"""HEAD works wherever GET does, and a page opened with the wrong method says so on a site page."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Membership
from quizzes import services
from quizzes.models import Attempt
from tests.quizzes.factories import UserFactory

WRONG_METHOD = "This address is for a button on the site, not for opening directly"


@pytest.fixture
def world(casey, make_quiz, django_capture_on_commit_callbacks):
    """Casey in Ines's class with one submitted attempt (its statistics computed, as after a commit) and one
    in progress."""
    quiz = make_quiz(2, mode="exam")
    ines = UserFactory(username="ines")
    cohort = Cohort.objects.create(
        name="Spring class", slug="spring", starts_on=datetime.date(2026, 3, 1), join_code="SPRING26"
    )
    cohort.instructors.add(ines)
    Membership.objects.create(cohort=cohort, user=casey)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.attempt_submit(attempt=services.attempt_start(user=casey, quiz=quiz))
    open_attempt = services.attempt_start(user=casey, quiz=make_quiz(2))
    return {"quiz": quiz, "ines": ines, "cohort": cohort, "done": done, "open": open_attempt}


def test_head_answers_like_get_on_every_candidate_page(client, casey, world):
    anonymous = [reverse("quizzes:home"), reverse("login"), reverse("signup")]
    for url in anonymous:
        assert client.head(url).status_code == 200, url
    client.force_login(casey)
    quiz, done, open_attempt = world["quiz"], world["done"], world["open"]
    for url in [
        reverse("quizzes:home"),
        reverse("study:dashboard"),
        reverse("study:progress"),
        reverse("quizzes:quiz_detail", args=[quiz.slug]),
        reverse("quizzes:attempt_question", args=[open_attempt.pk, 1]),
        reverse("quizzes:attempt_summary", args=[open_attempt.pk]),
        reverse("quizzes:attempt_result", args=[done.pk]),
        reverse("study:review", args=[done.pk]),
        reverse("cohorts:join"),
    ]:
        # (The test client drops a HEAD response's body itself, so only status and headers tell.)
        response, page = client.head(url), client.get(url)
        assert response.status_code == page.status_code == 200, url
        assert response["Content-Type"] == page["Content-Type"], url
    open_attempt.refresh_from_db()
    assert open_attempt.status == Attempt.Status.IN_PROGRESS


def test_head_answers_like_get_on_the_instructors_pages(client, world):
    client.force_login(world["ines"])
    slug, quiz_slug = world["cohort"].slug, world["quiz"].slug
    for name, args in [
        ("cohorts:cohort_list", []),
        ("cohorts:dashboard", [slug]),
        ("cohorts:scores_csv", [slug]),
        ("cohorts:members", [slug]),
        ("cohorts:assignments", [slug]),
        ("cohorts:import_results", [slug]),
        ("itemstats:item_analysis", [slug, quiz_slug]),
        ("itemstats:item_analysis_csv", [slug, quiz_slug]),
    ]:
        url = reverse(name, args=args)
        assert client.head(url).status_code == client.get(url).status_code == 200, url


def test_opening_the_log_out_address_shows_a_page_and_keeps_you_signed_in(client, casey):
    client.force_login(casey)
    response = client.get(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert WRONG_METHOD in page and "Nothing was changed." in page
    assert "Signed in as casey" in page  # the site's layout, with its own Log out button
    assert "<style" not in page and "<script>" not in page
    assert "_auth_user_id" in client.session


def test_opening_the_submit_address_shows_a_page_and_submits_nothing(client, casey, world):
    client.force_login(casey)
    response = client.get(reverse("quizzes:attempt_submit", args=[world["open"].pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert WRONG_METHOD in response.content.decode()
    world["open"].refresh_from_db()
    assert world["open"].status == Attempt.Status.IN_PROGRESS


def test_a_json_request_keeps_its_empty_405(client, casey, world):
    client.force_login(casey)
    url = reverse("quizzes:attempt_answer_save", args=[world["open"].pk, 1])
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.content == b""
