"""Who may open which cohort page: every URL against every role, with the content each allowed role sees."""

import pytest
from django.urls import reverse

from cohorts.models import Assignment
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
            reverse("cohorts:item_analysis", args=[cohort.slug, quiz.slug]),
            "Coefficient of internal consistency",
        ),
        "item_analysis_csv": (
            reverse("cohorts:item_analysis_csv", args=[cohort.slug, quiz.slug]),
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


@pytest.mark.parametrize("role", ROLES)
def test_posts_to_another_instructors_cohort_are_404_and_change_nothing(client, world, cohort, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    response = client.post(reverse("cohorts:members", args=[cohort.slug]), {"names": "olu"})
    if role == "anonymous":
        assert response.status_code == 302
    elif role in ALLOWED:
        assert response.status_code == 302
        assert cohort.memberships.filter(user__username="olu").exists()
    else:
        assert response.status_code == 404
        assert not cohort.memberships.filter(user__username="olu").exists()


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
    assert client.get(reverse("cohorts:item_analysis", args=[cohort.slug, "nope"])).status_code == 404
