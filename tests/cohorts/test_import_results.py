"""Paper exam results: the command and the upload page, scored like any attempt, all or nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cohorts.dashboard import cohort_dashboard
from quizzes.models import Attempt, AttemptSlot, CompetencyScore, QuizRule


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(3, slug="paper-mock", title="Paper mock")


def _write(tmp_path, text: str):
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_each_row_becomes_a_submitted_attempt_scored_like_any_other(tmp_path, cohort, casey, olu, quiz):
    path = _write(tmp_path, "candidate,1,2,3\ncasey,A,A,b\nOLU@example.org,B,,C\n")
    out = io.StringIO()
    call_command("import_results", path, "--quiz", "paper-mock", "--cohort", "spring", stdout=out)
    assert "Imported 2 attempts." in out.getvalue()
    mine = Attempt.objects.get(user=casey, quiz=quiz)
    assert mine.status == "submitted" and mine.correct_count == 2 and mine.question_count == 3
    assert str(mine.score_percent) == "66.67" and mine.passed is False
    slots = list(AttemptSlot.objects.filter(attempt=mine).order_by("position"))
    assert [s.selected.label for s in slots] == ["A", "A", "B"]
    assert [s.is_correct for s in slots] == [True, True, False]
    assert [s.question_id for s in slots] == list(
        quiz.items.order_by("position").values_list("question_id", flat=True)
    )
    scores = {s.competency.slug: (s.correct, s.asked) for s in CompetencyScore.objects.filter(attempt=mine)}
    assert scores == {"peer-support": (1, 1), "in-but-not-of-the-system": (1, 1), "change-agent": (0, 1)}
    theirs = Attempt.objects.get(user=olu)
    assert theirs.correct_count == 0
    assert AttemptSlot.objects.filter(attempt=theirs, selected__isnull=True).count() == 1
    assert cohort.memberships.filter(user=olu).exists()  # added to the cohort by the import
    rows = {r.user.username: r for r in cohort_dashboard(cohort=cohort).rows}
    assert rows["casey"].latest == 67


def test_unknown_candidates_and_bad_letters_are_errors_naming_the_line_and_nothing_is_imported(
    tmp_path, cohort, casey, quiz
):
    path = _write(tmp_path, "candidate,1,2,3\ncasey,A,A,A\nnobody,A,B,C\ncasey,A,E,AB\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_results", path, "--quiz", "paper-mock")
    message = str(raised.value)
    assert "Line 3: no account 'nobody' (to create one, tick 'Create inactive accounts'" in message
    assert "Line 4, question 2: 'E' is not one of A to D" in message
    assert "Line 4, question 3: 'AB'" in message
    assert Attempt.objects.count() == 0


def test_a_candidate_with_two_rows_is_an_error(tmp_path, casey, quiz):
    path = _write(tmp_path, "candidate,1,2,3\ncasey,A,A,A\ncasey@example.org,B,B,B\n")
    with pytest.raises(CommandError, match="already has a row, on line 2"):
        call_command("import_results", path, "--quiz", "paper-mock")
    assert Attempt.objects.count() == 0


def test_a_wrong_header_or_row_length_is_refused(tmp_path, casey, quiz):
    with pytest.raises(CommandError, match="Line 1: the header must be 'candidate,1,2,3'"):
        call_command("import_results", _write(tmp_path, "name,1,2\ncasey,A,A\n"), "--quiz", "paper-mock")
    with pytest.raises(CommandError, match="Line 2: expected 4 columns, found 3"):
        call_command(
            "import_results", _write(tmp_path, "candidate,1,2,3\ncasey,A,A\n"), "--quiz", "paper-mock"
        )
    assert Attempt.objects.count() == 0


def test_create_missing_adds_inactive_accounts_to_the_cohort(tmp_path, cohort, quiz):
    path = _write(tmp_path, "candidate,1,2,3\nnew.person@example.org,A,A,A\nwalkin,,,\n")
    call_command("import_results", path, "--quiz", "paper-mock", "--cohort", "spring", "--create-missing")
    created = get_user_model().objects.get(email="new.person@example.org")
    assert created.is_active is False and not created.has_usable_password()
    assert get_user_model().objects.get(username="walkin").is_active is False
    assert cohort.memberships.filter(user=created).exists()
    assert Attempt.objects.get(user=created).correct_count == 3


def test_a_blueprint_quiz_cannot_take_paper_results(tmp_path, casey, quiz):
    QuizRule.objects.create(quiz=quiz, count=1)
    with pytest.raises(CommandError, match="fixed list of questions"):
        call_command(
            "import_results", _write(tmp_path, "candidate,1,2,3\ncasey,A,A,A\n"), "--quiz", "paper-mock"
        )


def test_the_upload_page_imports_and_shows_line_errors(client, cohort, ines, casey, quiz):
    client.force_login(ines)
    url = reverse("cohorts:import_results", args=["spring"])
    bad = SimpleUploadedFile("r.csv", b"candidate,1,2,3\nghost,A,A,A\n", content_type="text/csv")
    response = client.post(url, {"quiz": quiz.pk, "upload": bad})
    assert response.status_code == 400
    assert "Line 2: no account &#x27;ghost&#x27;" in response.content.decode()
    good = SimpleUploadedFile("r.csv", b"candidate,1,2,3\ncasey,A,B,A\n", content_type="text/csv")
    response = client.post(url, {"quiz": quiz.pk, "upload": good})
    assert response.status_code == 302
    assert Attempt.objects.get(user=casey).correct_count == 2


def test_the_upload_page_refuses_a_file_that_is_not_text(client, cohort, ines, quiz):
    client.force_login(ines)
    binary = SimpleUploadedFile("r.csv", b"\xff\xfe\x00\x81", content_type="text/csv")
    response = client.post(
        reverse("cohorts:import_results", args=["spring"]), {"quiz": quiz.pk, "upload": binary}
    )
    assert response.status_code == 400 and "UTF-8" in response.content.decode()
    assert Attempt.objects.count() == 0


def _upload(client, quiz, content: bytes, **extra):
    upload = SimpleUploadedFile("results.csv", content, content_type="text/csv")
    return client.post(
        reverse("cohorts:import_results", args=["spring"]), {"quiz": quiz.pk, "upload": upload, **extra}
    )


def test_a_bom_and_windows_line_endings_are_read_like_any_file(
    tmp_path, client, cohort, ines, casey, olu, quiz
):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffcandidate,1,2,3\r\ncasey,A,B,C\r\n".encode())
    call_command("import_results", str(path), "--quiz", "paper-mock", stdout=io.StringIO())
    assert Attempt.objects.get(user=casey).correct_count == 1
    cohort.memberships.create(user=olu)  # the upload page takes members of the class only
    client.force_login(ines)
    response = _upload(client, quiz, "\ufeffcandidate,1,2,3\r\nolu,A,A,C\r\n\r\n".encode())
    assert response.status_code == 302
    assert Attempt.objects.get(user=olu).correct_count == 2


def test_an_empty_file_or_a_header_alone_is_refused(tmp_path, client, cohort, ines, casey, quiz):
    with pytest.raises(CommandError, match="Line 1: the file is empty"):
        call_command("import_results", _write(tmp_path, ""), "--quiz", "paper-mock")
    with pytest.raises(CommandError, match="a header but no candidates"):
        call_command("import_results", _write(tmp_path, "candidate,1,2,3\n\n"), "--quiz", "paper-mock")
    client.force_login(ines)
    response = _upload(client, quiz, b"")
    assert response.status_code == 400 and "The submitted file is empty." in response.content.decode()
    response = _upload(client, quiz, b"candidate,1,2,3\n\n")
    assert response.status_code == 400 and "a header but no candidates" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_a_file_in_another_encoding_is_refused_by_the_command(tmp_path, casey, quiz):
    path = tmp_path / "latin1.csv"
    path.write_bytes("candidate,1,2,3\ncasey,A,B,C\nzoë,A,A,A\n".encode("latin-1"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_results", str(path), "--quiz", "paper-mock")
    assert Attempt.objects.count() == 0


def test_unreadable_csv_lines_are_named_not_a_crash(client, cohort, ines, casey, quiz):
    client.force_login(ines)
    huge = b"candidate,1,2,3\ncasey,A,B,C\n" + b"x" * 140_000 + b",A,A,A\n"
    response = _upload(client, quiz, huge)
    assert response.status_code == 400
    assert "Line 3: this line cannot be read as CSV" in response.content.decode()
    response = _upload(client, quiz, b"candidate,1,2,3\ncasey,A,\x00,C\n")
    assert response.status_code == 400 and "NUL characters" in response.content.decode()
    assert Attempt.objects.count() == 0


def test_an_over_long_or_invalid_new_candidate_is_an_error_naming_the_line(tmp_path, cohort, casey, quiz):
    text = f"candidate,1,2,3\ncasey,A,A,A\n{'x' * 300}@example.org,A,A,A\nnot an@email,B,B,B\nbad/name,A,,\n"
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_results", _write(tmp_path, text), "--quiz", "paper-mock", "--cohort", "spring",
            "--create-missing",
        )  # fmt: skip
    message = str(raised.value)
    assert "Line 3: the candidate is longer than 254 characters" in message
    assert "Line 4: no account 'not an@email' is not a valid email address" in message
    assert "Line 5: no account 'bad/name' is not a valid username" in message
    assert Attempt.objects.count() == 0
    assert get_user_model().objects.filter(is_active=False).count() == 0


def test_the_same_results_imported_twice_are_refused_the_second_time(
    tmp_path, client, cohort, ines, casey, quiz
):
    call_command(
        "import_results", _write(tmp_path, "candidate,1,2,3\ncasey,A,B,C\n"), "--quiz", "paper-mock",
        stdout=io.StringIO(),
    )  # fmt: skip
    with pytest.raises(CommandError, match="already imported for this quiz on "):
        call_command(
            "import_results", _write(tmp_path, "candidate,1,2,3\ncasey,A,B,C\n"), "--quiz", "paper-mock"
        )
    client.force_login(ines)
    response = _upload(
        client, quiz, b"Candidate,1,2,3\r\nCASEY, a ,b,c\r\n"
    )  # the same rows, written otherwise
    assert response.status_code == 400 and "already imported" in response.content.decode()
    assert Attempt.objects.filter(user=casey).count() == 1
    assert _upload(client, quiz, b"candidate,1,2,3\ncasey,A,A,C\n").status_code == 302  # a different file
    assert Attempt.objects.filter(user=casey).count() == 2
