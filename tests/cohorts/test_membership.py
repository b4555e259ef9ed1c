"""Joining by code, adding members by list or file, and assigning quizzes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohorts import selectors, services
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


def test_naming_existing_accounts_invites_them_and_shows_the_instructor_nothing_yet(
    client, cohort, ines, olu, take, make_quiz
):
    dana = UserFactory(username="dana", email="Dana@Example.org")
    take(olu, make_quiz(2), ["A", "A"])  # practice before the invitation
    client.force_login(ines)
    upload = SimpleUploadedFile("people.txt", b"dana@example.org\n", content_type="text/plain")
    response = client.post(
        reverse("cohorts:members", args=["spring"]), {"names": "olu, casey", "upload": upload}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Invited: olu, dana@example.org." in page and "Already a member: casey." in page
    invited = cohort.memberships.filter(status=Membership.Status.INVITED)
    assert set(invited.values_list("user__username", flat=True)) == {"olu", "dana"}
    # the members page says "invited" and no more; the dashboard and the scores file know nothing of them
    row = page[page.index('<th scope="row">dana</th>') :]
    row = row[: row.index("</tr>")]
    assert "invited" in row and dana.email not in row
    dashboard = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    scores = client.get(reverse("cohorts:scores_csv", args=["spring"])).content.decode()
    for text in (dashboard, scores):
        assert "olu" not in text and "dana" not in text.lower()
    assert not selectors.cohort_member_attempts(cohort=cohort).filter(user=olu).exists()


def test_unknown_staff_and_shared_names_all_get_the_same_answer(client, cohort, ines, olu, tess):
    client.force_login(ines)
    response = client.post(
        reverse("cohorts:members", args=["spring"]),
        {"names": "olu\nghost\nwho@example.org\ntess"},
        follow=True,
    )
    page = response.content.decode()
    assert "Invited: olu." in page
    assert "No account we can invite: ghost, who@example.org, tess." in page
    assert "staff" not in page.lower().replace("staff are never", "")
    assert not cohort.memberships.filter(user=tess).exists()


def test_an_invitation_is_accepted_or_declined_on_the_candidates_own_page(
    client, cohort, ines, olu, take, make_quiz
):
    quiz = make_quiz(2)
    earlier = take(olu, quiz, ["A", "A"])
    services.members_add(cohort=cohort, text="olu")
    client.force_login(olu)
    page = client.get(reverse("cohorts:join")).content.decode()
    assert "Invitations" in page and "Spring class" in page and "Until you accept, they see nothing" in page
    assert client.get(reverse("cohorts:my_class", args=["spring"])).status_code == 404  # not a member yet
    response = client.post(reverse("cohorts:accept", args=["spring"]), follow=True)
    assert "You have joined Spring class" in response.content.decode()
    membership = Membership.objects.get(cohort=cohort, user=olu)
    assert membership.is_active and membership.joined_at > earlier.submitted_at
    # the attempt from before joining stays hidden; a new one shows, on both sides alike
    later = take(olu, quiz, ["B", "B"])
    seen = set(selectors.cohort_member_attempts(cohort=cohort).filter(user=olu))
    assert seen == {later}
    mine = client.get(reverse("cohorts:my_class", args=["spring"])).content.decode()
    assert "1 submitted attempt;" in mine
    client.force_login(ines)
    dashboard = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    row = dashboard[dashboard.index('<th scope="row">olu</th>') :]
    assert row[: row.index("</tr>")].count("<td>1</td>") == 1  # one attempt counted, as the candidate saw


def test_declining_removes_the_invitation_and_the_instructor_sees_nothing(client, cohort, olu):
    services.members_add(cohort=cohort, text="olu")
    client.force_login(olu)
    response = client.post(reverse("cohorts:leave", args=["spring"]), follow=True)
    assert "You declined the invitation to Spring class" in response.content.decode()
    assert not cohort.memberships.filter(user=olu).exists()


def test_sharing_earlier_history_is_the_members_choice_and_personal_drills_never_show(
    client, cohort, olu, take, make_quiz
):
    from study.models import StudySession

    quiz, drill = make_quiz(2), make_quiz(2, title="Drill: weak in ethics")
    # published, so its study session alone is what hides it
    StudySession.objects.create(user=olu, kind=StudySession.Kind.DRILL, quiz=drill)
    earlier = take(olu, quiz, ["A", "A"])
    services.cohort_join(user=olu, code="SPRING26")
    drilled = take(olu, drill, ["A", "A"])
    assert drilled.submitted_at > Membership.objects.get(cohort=cohort, user=olu).joined_at
    assert not selectors.cohort_member_attempts(cohort=cohort).filter(user=olu).exists()
    client.force_login(olu)
    client.post(reverse("cohorts:sharing", args=["spring"]), {"share": "yes"})
    assert set(selectors.cohort_member_attempts(cohort=cohort).filter(user=olu)) == {earlier}
    page = client.get(reverse("cohorts:my_class", args=["spring"])).content.decode()
    assert "Drill: weak in ethics" not in page and quiz.title in page
    client.post(reverse("cohorts:sharing", args=["spring"]), {"share": "no"})
    assert not selectors.cohort_member_attempts(cohort=cohort).filter(user=olu).exists()
    assert client.post(reverse("cohorts:sharing", args=["spring"]), {"share": "maybe"}).status_code == 302


def test_an_assignment_counts_from_when_it_was_set_even_before_the_member_joined(
    cohort, olu, take, make_quiz
):
    quiz = make_quiz(2)
    Assignment.objects.create(
        cohort=cohort, quiz=quiz, due_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    done = take(olu, quiz, ["A", "A"])
    services.members_add(cohort=cohort, text="olu")
    assert not selectors.cohort_member_attempts(cohort=cohort).filter(user=olu).exists()
    services.membership_accept(user=olu, cohort=cohort)
    assert set(selectors.cohort_member_attempts(cohort=cohort).filter(user=olu)) == {done}


def test_joining_by_code_accepts_a_pending_invitation(cohort, olu):
    services.members_add(cohort=cohort, text="olu")
    services.cohort_join(user=olu, code="spring26")
    assert Membership.objects.get(cohort=cohort, user=olu).is_active


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
    assert "instructors of a class you belong to see your results since you joined" in page
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
