"""Who may open which cohort page: every URL against every role, with the content each allowed role sees."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cohorts.models import Assignment
from itemstats.models import ItemAnalysis
from quizzes.models import Attempt
from tests.cohorts.conftest import days_ago

ROLES = ["anonymous", "candidate", "member", "other_instructor", "instructor", "staff"]
ALLOWED = {"instructor", "staff"}


def _urls(cohort, quiz):
    return {
        "dashboard": (reverse("cohorts:dashboard", args=[cohort.slug]), "Spring class"),
        "scores_csv": (reverse("cohorts:scores_csv", args=[cohort.slug]), "casey"),
        "members": (reverse("cohorts:members", args=[cohort.slug]), "casey@example.org"),
        "assignments": (reverse("cohorts:assignments", args=[cohort.slug]), quiz.title),
        "import_results": (
            reverse("cohorts:import_results", args=[cohort.slug]),
            "Import paper exam results",
        ),
        "item_analysis": (
            reverse("itemstats:item_analysis", args=[cohort.slug, quiz.slug]),
            "Coefficient of internal consistency",
        ),
        "item_analysis_csv": (
            reverse("itemstats:item_analysis_csv", args=[cohort.slug, quiz.slug]),
            "discrimination_index",
        ),
    }


@pytest.fixture
def world(cohort, other_cohort, make_quiz, casey, olu, ines, ivan, sam, take):
    quiz = make_quiz(3)
    Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-7))
    take(casey, quiz, "AAB")
    return {
        "quiz": quiz,
        "people": {
            "anonymous": None,
            "candidate": olu,
            "member": casey,
            "other_instructor": ivan,
            "instructor": ines,
            "staff": sam,
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "scores_csv",
        "members",
        "assignments",
        "import_results",
        "item_analysis",
        "item_analysis_csv",
    ],
)
def test_cohort_pages_open_only_for_the_cohorts_instructor_and_staff(client, world, cohort, role, name):
    url, expected_text = _urls(cohort, world["quiz"])[name]
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in ALLOWED:
        assert response.status_code == 200
        assert expected_text in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Spring class" not in response.content.decode()


def _posts(cohort, quiz, spare_quiz):
    """Per POST-able cohort URL: the form data, and a check of whether the post changed anything."""
    return {
        "members": (
            reverse("cohorts:members", args=[cohort.slug]),
            lambda: {"names": "olu"},
            lambda: cohort.memberships.filter(user__username="olu").exists(),
        ),
        "assignments": (
            reverse("cohorts:assignments", args=[cohort.slug]),
            lambda: {"quiz": spare_quiz.pk, "due_at": "2026-12-01T17:00"},
            lambda: Assignment.objects.filter(cohort=cohort, quiz=spare_quiz).exists(),
        ),
        "import_results": (
            reverse("cohorts:import_results", args=[cohort.slug]),
            lambda: {
                "quiz": quiz.pk,
                "upload": SimpleUploadedFile(
                    "r.csv", b"candidate,1,2,3\nnewcomer@example.org,A,A,A\n", content_type="text/csv"
                ),
                "create_missing": "on",
            },
            lambda: Attempt.objects.filter(user__email="newcomer@example.org").exists(),
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["members", "assignments", "import_results"])
def test_posts_to_a_cohort_one_does_not_teach_are_404_and_change_nothing(
    client, world, cohort, make_quiz, role, name
):
    url, data, changed = _posts(cohort, world["quiz"], make_quiz(1, title="Spare quiz"))[name]
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.post(url, data())
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert not changed()
    elif role in ALLOWED:
        assert response.status_code == 302
        assert changed()
    else:
        assert response.status_code == 404
        assert "Spring class" not in response.content.decode()
        assert not changed()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["dashboard", "scores_csv", "item_analysis", "item_analysis_csv"])
def test_read_only_pages_refuse_posts_for_everyone_and_reveal_nothing(client, world, cohort, role, name):
    """405 whatever the cohort, so the answer says nothing about whether the cohort exists or is theirs."""
    url, _ = _urls(cohort, world["quiz"])[name]
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    stored_before = ItemAnalysis.objects.count()
    response = client.post(url, {})
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 405
        assert "Spring class" not in response.content.decode()
    assert ItemAnalysis.objects.count() == stored_before


@pytest.mark.parametrize("role", ROLES)
def test_joining_by_code_needs_a_sign_in_and_then_works_for_everyone_but_staff(client, world, cohort, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.post(reverse("cohorts:join"), {"code": cohort.join_code})
    if person is not None and person.is_staff:
        # staff are never members: refused with the reason, and nothing is written
        assert response.status_code == 403
        assert "Staff accounts are never members of a class" in response.content.decode()
        assert not cohort.memberships.filter(user=person).exists()
        return
    assert response.status_code == 302
    if person is None:
        assert response["Location"].startswith(reverse("login"))
        assert cohort.memberships.count() == 1  # Casey only
    else:
        # Casey was a member already: joining again leaves one membership, not two.
        assert cohort.memberships.filter(user=person).count() == 1


def test_every_cohort_post_needs_the_csrf_token(world, cohort, ines, make_quiz):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ines)
    for name, (url, data, changed) in _posts(cohort, world["quiz"], make_quiz(1)).items():
        response = client.post(url, data())
        assert response.status_code == 403, name
        assert not changed(), name
    response = client.post(reverse("cohorts:join"), {"code": cohort.join_code})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_cohort_list_shows_only_the_cohorts_one_teaches(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.get(reverse("cohorts:cohort_list"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert ("Spring class" in page) == (role in {"instructor", "staff"})
    assert ("Autumn class" in page) == (role in {"other_instructor", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_the_join_page_is_for_any_signed_in_person(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.get(reverse("cohorts:join"))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        assert "Join code" in response.content.decode()


def test_an_unknown_cohort_or_quiz_is_404_even_for_staff(client, world, cohort, sam):
    client.force_login(sam)
    assert client.get(reverse("cohorts:dashboard", args=["nope"])).status_code == 404
    assert client.get(reverse("itemstats:item_analysis", args=[cohort.slug, "nope"])).status_code == 404
