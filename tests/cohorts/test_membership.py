"""Joining by code, adding members by list or file, and assigning quizzes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Assignment, Membership
from tests.quizzes.factories import UserFactory


def test_a_candidate_joins_with_the_code_whatever_its_case_and_spaces(client, cohort, olu):
    client.force_login(olu)
    response = client.post(reverse("cohorts:join"), {"code": " spring 26 "})
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user=olu).exists()
    client.post(reverse("cohorts:join"), {"code": "SPRING26"})  # twice is harmless
    assert Membership.objects.filter(cohort=cohort, user=olu).count() == 1


def test_a_wrong_code_says_so_and_joins_nothing(client, cohort, olu):
    client.force_login(olu)
    response = client.post(reverse("cohorts:join"), {"code": "NOPE"})
    assert response.status_code == 404
    assert "No class has that join code" in response.content.decode()
    assert not Membership.objects.filter(user=olu).exists()
    assert client.post(reverse("cohorts:join"), {"code": ""}).status_code == 400


def test_members_are_added_by_username_or_email_from_text_and_file(client, cohort, ines, olu):
    UserFactory(username="dana", email="Dana@Example.org")
    client.force_login(ines)
    upload = SimpleUploadedFile("people.txt", b"dana@example.org\n", content_type="text/plain")
    response = client.post(
        reverse("cohorts:members", args=["spring"]), {"names": "olu, casey", "upload": upload}
    )
    assert response.status_code == 302
    assert set(cohort.memberships.values_list("user__username", flat=True)) == {"casey", "olu", "dana"}
    page = client.get(response["Location"]).content.decode()
    assert "Added 2 members. Already members: casey." in page


def test_one_unknown_name_lists_it_and_adds_nobody(client, cohort, ines, olu):
    client.force_login(ines)
    response = client.post(
        reverse("cohorts:members", args=["spring"]), {"names": "olu\nghost\nwho@example.org"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown: ghost" in page and "Unknown: who@example.org" in page and "nobody was added" in page
    assert not cohort.memberships.filter(user=olu).exists()


def test_an_empty_list_is_refused(client, cohort, ines):
    client.force_login(ines)
    response = client.post(reverse("cohorts:members", args=["spring"]), {"names": "  "})
    assert response.status_code == 400
    assert "at least one username" in response.content.decode()


def test_assigning_a_quiz_twice_moves_its_due_date(client, cohort, ines, make_quiz):
    quiz = make_quiz(2)
    client.force_login(ines)
    url = reverse("cohorts:assignments", args=["spring"])
    assert client.post(url, {"quiz": quiz.pk, "due_at": "2026-12-01T17:00"}).status_code == 302
    assert client.post(url, {"quiz": quiz.pk, "due_at": "2026-12-08T17:00"}).status_code == 302
    [assignment] = Assignment.objects.filter(cohort=cohort)
    # The form's time is the site's (New York) time, and so is the comparison.
    assert timezone.localtime(assignment.due_at).replace(tzinfo=None) == datetime.datetime(2026, 12, 8, 17, 0)
    assert quiz.title in client.get(url).content.decode()


def test_an_unpublished_quiz_or_a_bad_date_is_refused(client, cohort, ines, make_quiz):
    quiz = make_quiz(2, is_published=False)
    client.force_login(ines)
    url = reverse("cohorts:assignments", args=["spring"])
    assert client.post(url, {"quiz": quiz.pk, "due_at": "2026-12-01T17:00"}).status_code == 400
    assert client.post(url, {"quiz": make_quiz(1).pk, "due_at": "soon"}).status_code == 400
    assert not Assignment.objects.exists()
    with pytest.raises(services.CohortError):
        services.assignment_set(
            cohort=cohort, quiz=quiz, due_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
        )


def test_a_member_sees_their_classes_and_who_teaches_them_and_can_leave(client, cohort, casey, ines):
    client.force_login(casey)
    dashboard = client.get(reverse("study:dashboard")).content.decode()
    assert f'href="{reverse("cohorts:join")}">Your classes</a>' in dashboard
    page = client.get(reverse("cohorts:join")).content.decode()
    assert "Spring class" in page and "taught by ines" in page
    assert "instructors of a class you belong to see your practice results" in page
    response = client.post(reverse("cohorts:leave", args=[cohort.slug]), follow=True)
    assert "You have left Spring class. Its instructors no longer see" in response.content.decode()
    assert not cohort.memberships.filter(user=casey).exists()
    # Leaving again, or a class one is not in, is a 404 and changes nothing.
    assert client.post(reverse("cohorts:leave", args=[cohort.slug])).status_code == 404


def test_leaving_needs_a_post_and_another_persons_class_is_404(client, cohort, other_cohort, casey, olu):
    client.force_login(casey)
    assert client.get(reverse("cohorts:leave", args=[cohort.slug])).status_code == 405
    assert client.post(reverse("cohorts:leave", args=[other_cohort.slug])).status_code == 404
    assert cohort.memberships.filter(user=casey).exists()
