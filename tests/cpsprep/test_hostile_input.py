"""Every hostile input the issue's fuzzing found answers with a message or a 4xx, never a 500, and changes
nothing. Each runs on SQLite and, with DATABASE_URL set, on PostgreSQL (where NUL bytes used to fail)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cohorts.models import Membership
from quizzes import services as quiz_services
from quizzes.models import AttemptSlot, Question
from tests.quizzes.factories import UserFactory

IMPORT = reverse("admin:quizzes_question_import")


@pytest.fixture
def cohort(db):
    """A class taught by Ines (the cohorts tests' fixture lives in tests/cohorts/)."""
    import datetime

    from cohorts.models import Cohort

    c = Cohort.objects.create(name="Spring", slug="spring", starts_on=datetime.date(2026, 3, 1))
    c.instructors.add(UserFactory(username="ines"))
    return c


@pytest.fixture
def ines(cohort):
    return cohort.instructors.get()


CLEAN_GIFT = "::T1:: What is peer support? {=Mutual help ~Treatment ~Advice}\n"


@pytest.fixture
def raise_client(db):
    """Errors raise instead of becoming 500 pages, so a failing test shows the traceback."""
    return Client(raise_request_exception=True)


def _import(client, name: str, content: str, fmt: str):
    upload = SimpleUploadedFile(name, content.encode())
    return client.post(IMPORT, {"file": upload, "format": fmt, "preview": "1"})


def test_a_superscript_digit_as_picked_choice_is_ignored(raise_client, casey, make_quiz):
    attempt = quiz_services.attempt_start(user=casey, quiz=make_quiz(2))
    raise_client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    for value in ["²", "\u0661", "-1"]:  # superscript two, Arabic-Indic one
        response = raise_client.get(url, {"picked": value})
        assert response.status_code == 200, value
    assert raise_client.get(url, {"picked": "9" * 40}).status_code == 400  # past any id
    assert not AttemptSlot.objects.filter(attempt=attempt, selected__isnull=False).exists()


@pytest.mark.parametrize("where", ["names", "upload"])
def test_a_nul_byte_in_the_members_list_is_refused_or_matches_nobody(raise_client, cohort, ines, olu, where):
    raise_client.force_login(ines)
    url = reverse("cohorts:members", args=[cohort.slug])
    if where == "names":
        response = raise_client.post(url, {"names": "olu\x00, casey"})
        assert response.status_code == 400 and "NUL character" in response.content.decode()
    else:
        upload = SimpleUploadedFile("people.txt", b"ol\x00u\n")
        response = raise_client.post(url, {"upload": upload}, follow=True)
        assert response.status_code == 200
        assert "No account we can invite" in response.content.decode()
    assert not Membership.objects.filter(user=olu).exists()


def test_a_nul_byte_in_an_admin_search_is_a_400(raise_client, tess):
    raise_client.force_login(tess)
    for url in [reverse("admin:quizzes_question_changelist"), reverse("admin:auth_user_changelist")]:
        response = raise_client.get(url, {"q": "\x00"})
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        (
            "nested.gift",
            '// cpsprep {"key": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + CLEAN_GIFT,
            "gift",
            "nested too deeply",
        ),
        ("digits.gift", '// cpsprep {"title": 1' + "0" * 5000 + "}\n" + CLEAN_GIFT, "gift", "too long"),
        (
            "many.aiken.txt",
            "How many?\n" + "".join(f"{chr(65 + i)}. option {i}\n" for i in range(26)) + "AA. one more\n",
            "aiken",
            "at most 26 options",
        ),
        (
            "nan.csv",
            "stem,choice_a,choice_b,weight_a,weight_b\nWhat?,Yes,No,NaN,0\n",
            "csv",
            "expected a number from -100 to 100",
        ),
        (
            "inf.csv",
            "stem,choice_a,choice_b,weight_a,weight_b\nWhat?,Yes,No,Infinity,0\n",
            "csv",
            "expected a number from -100 to 100",
        ),
        (
            "list.json",
            '{"format": "cpsprep-questions", "version": 1, "questions": [{"key": "k1", "stem": "What?", '
            '"difficulty": [], "choices": '
            '[{"text": "Yes", "correct": true}, {"text": "No"}]}]}',
            "json",
            "&#x27;difficulty&#x27; must be one of",
        ),
        ("nul.gift", "::T:: A\x00 {=a ~b}\n", "gift", "NUL character"),
    ],
)
def test_hostile_question_files_are_refused_with_a_message(
    raise_client, tess, taxonomy, name, content, fmt, message
):
    raise_client.force_login(tess)
    response = _import(raise_client, name, content, fmt)
    assert response.status_code == 400, response.content.decode()[:2000]
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_an_admin_filter_with_a_number_past_64_bits_is_a_400(raise_client, db):
    raise_client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for value in ["9" * 30, str(2**63), "-" + "9" * 25]:
        response = raise_client.get(reverse("admin:auth_group_changelist"), {"user": value})
        assert response.status_code == 400, value
        assert "too large" in response.content.decode()
    # an ordinary number still filters
    assert raise_client.get(reverse("admin:auth_group_changelist"), {"user": "1"}).status_code in (200, 302)


def test_admin_autocomplete_with_a_non_numeric_filter_is_not_a_500(raise_client, tess, casey):
    raise_client.force_login(tess)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    for who in (tess, superuser):
        raise_client.force_login(who)
        response = raise_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "quizzes",
                "model_name": "accommodation",
                "field_name": "user",
                "term": "c",
                "user": "abc",
            },
        )
        assert response.status_code in (200, 403, 404)
        for path in ["/admin/quizzes/accommodation/", "/admin/study/bookmark/", "/admin/cohorts/cohort/"]:
            response = raise_client.get(path, {"user": "abc", "user__id__exact": "abc", "id__gt": "x"})
            assert response.status_code in (200, 302, 403), path


def test_a_huge_total_forms_is_a_400_at_once(raise_client, tess, make_quiz):
    raise_client.force_login(tess)
    tess.groups.add(Group.objects.get(name="Trainers"))
    quiz = make_quiz(1)
    url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    data = {
        "title": quiz.title,
        "slug": quiz.slug,
        "mode": "practice",
        "pass_mark": "70",
        "grace_seconds": "60",
        "review_answers": "immediately",
        "items-TOTAL_FORMS": str(2**63),
        "items-INITIAL_FORMS": "0",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
    }
    response = raise_client.post(url, data)
    assert response.status_code == 400
    assert "claims more than 300 rows" in response.content.decode()
    data["items-TOTAL_FORMS"] = "abc"
    assert raise_client.post(url, data).status_code == 400
