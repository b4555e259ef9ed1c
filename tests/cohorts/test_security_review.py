"""What a security review found on the instructor pages: personal quizzes and other people's accounts stay
out of reach, and crafted input gets a clear message instead of a 500."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cohorts import paper as paper_import
from cohorts import services
from cohorts.models import Assignment, Membership
from quizzes import services as quiz_services
from quizzes.models import Attempt, Quiz, QuizItem


@pytest.fixture
def paper(make_quiz):
    return make_quiz(3, slug="paper-mock", title="Paper mock")


@pytest.fixture
def drill(paper, casey):
    """An unpublished personal quiz built for Casey (as a weak-area drill is), which Casey has taken."""
    quiz = Quiz.objects.create(title="Weak-area drill: change agent", slug="drill-u1", is_published=False)
    QuizItem.objects.bulk_create(
        [
            QuizItem(quiz=quiz, question_id=item.question_id, position=item.position)
            for item in paper.items.all()
        ]
    )
    attempt = quiz_services.attempt_start(user=casey, quiz=quiz, personal=True)
    quiz_services.attempt_submit(attempt=attempt)
    return quiz


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("results.csv", text.encode(), content_type="text/csv")


def _upload(client, quiz, text, **extra):
    return client.post(
        reverse("cohorts:import_results", args=["spring"]), {"quiz": quiz.pk, "upload": _csv(text), **extra}
    )


# --- S1: personal quizzes -------------------------------------------------------------------------------


def test_the_import_page_offers_only_published_quizzes(client, cohort, ines, paper, drill):
    client.force_login(ines)
    page = client.get(reverse("cohorts:import_results", args=["spring"])).content.decode()
    assert "Paper mock" in page and "Weak-area drill" not in page
    response = _upload(client, drill, "candidate,1,2,3\ncasey,A,A,A\n")
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Attempt.objects.filter(quiz=drill, correct_count=3).exists()


def test_the_service_and_the_command_refuse_an_unpublished_quiz(tmp_path, cohort, casey, drill):
    with pytest.raises(services.CohortError, match="only for a published quiz"):
        paper_import.results_import(quiz=drill, text="candidate,1,2,3\ncasey,A,A,A\n")
    path = tmp_path / "r.csv"
    path.write_text("candidate,1,2,3\ncasey,A,A,A\n")
    with pytest.raises(CommandError, match="only for a published quiz"):
        call_command("import_results", str(path), "--quiz", drill.slug)
    assert Attempt.objects.filter(quiz=drill).count() == 1  # Casey's own, untouched


def test_item_analysis_of_a_personal_quiz_is_404_and_the_dashboard_does_not_name_it(
    client, cohort, ines, drill
):
    client.force_login(ines)
    for name in ("itemstats:item_analysis", "itemstats:item_analysis_csv"):
        assert client.get(reverse(name, args=["spring", drill.slug])).status_code == 404
    dashboard = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    assert "Weak-area drill" not in dashboard


def test_an_unpublished_quiz_assigned_to_the_cohort_can_still_be_analysed(client, cohort, ines, paper):
    Assignment.objects.create(
        cohort=cohort, quiz=paper, due_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    )
    Quiz.objects.filter(pk=paper.pk).update(is_published=False)
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis", args=["spring", paper.slug]))
    assert response.status_code == 200 and "Item analysis: Paper mock" in response.content.decode()


# --- S1: other people's accounts ------------------------------------------------------------------------


def test_the_upload_page_refuses_a_non_member_and_staff_and_changes_nothing(
    client, cohort, ines, casey, olu, tess, other_cohort, paper
):
    Membership.objects.create(cohort=other_cohort, user=olu)
    client.force_login(ines)
    response = _upload(
        client, paper, "candidate,1,2,3\ncasey,A,A,A\nolu,A,A,A\ntess,B,B,B\n", create_missing="on"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 3: &#x27;olu&#x27; is not a member of this class; add them on Members first." in page
    assert "Line 4: &#x27;tess&#x27; is a staff account; staff are never imported." in page
    assert not Attempt.objects.exists()
    assert set(cohort.memberships.values_list("user__username", flat=True)) == {"casey"}


def test_the_upload_page_still_creates_new_accounts_as_members(client, cohort, ines, casey, paper):
    client.force_login(ines)
    response = _upload(
        client, paper, "candidate,1,2,3\ncasey,A,A,A\nnew@example.org,A,B,B\n", create_missing="on"
    )
    assert response.status_code == 302
    new = get_user_model().objects.get(email="new@example.org")
    assert cohort.memberships.filter(user=new).exists() and Attempt.objects.get(user=new).correct_count == 1


def test_the_command_adds_known_candidates_to_a_cohort_but_never_staff(tmp_path, cohort, olu, tess, paper):
    path = tmp_path / "r.csv"
    path.write_text("candidate,1,2,3\nolu,A,A,A\ntess,A,A,A\n")
    with pytest.raises(CommandError, match="Line 3: 'tess' is a staff account"):
        call_command("import_results", str(path), "--quiz", "paper-mock", "--cohort", "spring")
    assert not Attempt.objects.exists()
    path.write_text("candidate,1,2,3\nolu,A,A,A\n")
    call_command(
        "import_results", str(path), "--quiz", "paper-mock", "--cohort", "spring", stdout=io.StringIO()
    )
    assert cohort.memberships.filter(user=olu).exists()


def test_staff_are_never_invited_and_cannot_be_told_from_unknown_names(client, cohort, ines, olu, tess):
    client.force_login(ines)
    response = client.post(reverse("cohorts:members", args=["spring"]), {"names": "olu, tess"}, follow=True)
    assert "No account we can invite: tess." in response.content.decode()
    assert not cohort.memberships.filter(user=tess).exists()
    assert cohort.memberships.get(user=olu).status == "invited"


# --- S2: crafted input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_at", "message"),
    [("9999-12-31T23:59", "five years from today"), ("0001-01-01T00:00", "a year before the class starts")],
)
def test_an_absurd_due_date_is_a_form_error(client, cohort, ines, paper, due_at, message):
    client.force_login(ines)
    response = client.post(
        reverse("cohorts:assignments", args=["spring"]), {"quiz": paper.pk, "due_at": due_at}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Assignment.objects.exists()
    with pytest.raises(services.CohortError, match=message):
        services.assignment_set(
            cohort=cohort,
            quiz=paper,
            due_at=datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)
            if "five" in message
            else datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        )


def test_too_many_or_over_long_names_get_a_message_not_a_500(client, cohort, ines, olu):
    client.force_login(ines)
    url = reverse("cohorts:members", args=["spring"])
    many = "\n".join(f"person{n}@example.org" for n in range(600))
    response = client.post(url, {"names": many})
    assert response.status_code == 400 and "600 names is more than the 300" in response.content.decode()
    upload = SimpleUploadedFile("people.txt", "\n".join(f"p{n}" for n in range(3000)).encode())
    response = client.post(url, {"names": "", "upload": upload})
    assert response.status_code == 400 and "3000 names is more than" in response.content.decode()
    response = client.post(url, {"names": "olu\n" + "x" * 60_000})
    assert response.status_code == 400 and "longer than 254 characters" in response.content.decode()
    assert not cohort.memberships.filter(user=olu).exists()


def test_a_class_sized_list_is_looked_up_in_few_queries(client, cohort, ines, django_assert_max_num_queries):
    get_user_model().objects.bulk_create(
        [get_user_model()(username=f"member{n}", email=f"member{n}@example.org") for n in range(300)]
    )
    client.force_login(ines)
    names = "\n".join(f"MEMBER{n}@example.org" for n in range(300))
    with django_assert_max_num_queries(15):
        response = client.post(reverse("cohorts:members", args=["spring"]), {"names": names})
    assert response.status_code == 302 and cohort.memberships.count() == 301


def test_a_600_row_upload_is_answered_with_line_errors(client, cohort, ines, paper):
    client.force_login(ines)
    rows = "".join(f"ghost{n},A,A,A\n" for n in range(600))
    response = _upload(client, paper, "candidate,1,2,3\n" + rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Nothing was imported: 600 problems" in page and "Line 601: no account &#x27;ghost599&#x27;" in page
    )


def test_the_command_imports_2000_rows(tmp_path, paper):
    User = get_user_model()
    User.objects.bulk_create([User(username=f"cand{n}", email=f"cand{n}@example.org") for n in range(2000)])
    path = tmp_path / "big.csv"
    path.write_text("candidate,1,2,3\n" + "".join(f"cand{n}@example.org,A,B,A\n" for n in range(2000)))
    out = io.StringIO()
    call_command("import_results", str(path), "--quiz", "paper-mock", stdout=out)
    assert "Imported 2000 attempts." in out.getvalue()
    assert Attempt.objects.filter(quiz=paper, correct_count=2).count() == 2000
