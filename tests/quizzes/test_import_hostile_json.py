"""JSON files built to break the parser are refused with a message, every way in, and write nothing."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizzes import bank
from quizzes.formats import FormatError
from quizzes.models import Question

NESTED = b"[" * 100_000 + b"]" * 100_000
# Python refuses to turn more than 4,300 digits into an int, with a ValueError that is not a JSONDecodeError.
HUGE_NUMBER = (
    b'{"format": "cpsprep-questions", "version": 1, "questions": [{"key": "k", "weight": '
    + b"9" * 5000
    + b"}]}"
)
HOSTILE = pytest.mark.parametrize(
    ("raw", "message"),
    [
        (NESTED, "nested too deeply"),
        (HUGE_NUMBER, "a number in it is too long"),
    ],
    ids=["nested", "huge-number"],
)


@HOSTILE
def test_the_json_parser_raises_a_format_error(raw, message):
    with pytest.raises(FormatError) as error:
        bank.PARSERS["json"](raw)
    assert message in str(error.value)


@HOSTILE
def test_the_command_refuses_the_file_and_imports_nothing(taxonomy, tmp_path, raw, message):
    path = tmp_path / "hostile.json"
    path.write_bytes(raw)
    with pytest.raises(CommandError) as error:
        call_command("import_questions", str(path), "--format", "json", stdout=StringIO())
    assert message in str(error.value)
    assert "Nothing was imported from this file." in str(error.value)
    assert not Question.objects.exists()


@HOSTILE
def test_the_admin_upload_refuses_the_file_with_a_message(client, tess, taxonomy, raw, message):
    client.force_login(tess)
    response = client.post(
        reverse("admin:quizzes_question_import"),
        {"file": SimpleUploadedFile("hostile.json", raw), "format": "json", "preview": "1"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()
