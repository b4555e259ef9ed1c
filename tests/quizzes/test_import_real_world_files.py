"""Files as trainers really have them: Windows line endings, byte-order marks, Windows-1252 bytes, semicolons,
empty files, huge lines and hand-edited comments. Each imports correctly or is refused with the line and what
was expected, and a refused file writes nothing."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizzes.models import Question, Quiz

FILES = Path(__file__).parent / "files"
WINDOWS_GIFT = FILES / "moodle_windows_export.gift"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_questions", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert not Question.objects.exists() and not Quiz.objects.exists()
    return str(error.value)


@pytest.fixture
def windows_gift(taxonomy) -> dict[str, Question]:
    raw = WINDOWS_GIFT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the file really is what it claims to be
    out = run(str(WINDOWS_GIFT), "--format", "gift", "--quiz", "windows")
    assert "5 created, 0 updated, 0 unchanged; 5 added to quiz windows" in out
    return {q.title: q for q in Question.objects.prefetch_related("choices")}


def test_a_moodle_export_with_crlf_and_a_bom_reads_like_any_other(windows_gift):
    board = windows_gift["Speaking at the board"]
    # The BOM did not hide the first $CATEGORY line; the category's last part is a competency slug.
    assert board.competency.slug == "change-agent"
    assert windows_gift["Plan {A} or {B}"].competency.slug == "peer-support"
    assert not any("\r" in q.stem or "\r" in q.scenario for q in windows_gift.values())
    order = Quiz.objects.get(slug="windows").items.order_by("position")
    assert [i.question.title for i in order] == [
        "Speaking at the board",
        "Advocacy is a skill",
        "Advocacy means speaking for",
        "Plan {A} or {B}",
        "Is it true?",
    ]


def test_html_is_sanitised_to_text_with_paragraphs_and_breaks_kept(windows_gift):
    board = windows_gift["Speaking at the board"]
    assert board.scenario == (
        "Riley attends a county board meeting about closing a drop-in centre.\nShe used the centre herself."
    )
    assert board.stem == "What is the change-agent response?"  # no <em>, no &nbsp;, no script or its text
    assert board.explanation == "A change agent works to improve the system with the people it serves."
    right = board.choices.get(is_correct=True)
    assert right.feedback == "Right: she brings lived experience to the decision."


def test_true_false_in_every_spelling_with_feedback_on_the_right_choice(windows_gift):
    def marks(title):
        return [(c.text, c.is_correct, c.feedback) for c in windows_gift[title].choices.all()]

    assert marks("Advocacy is a skill") == [("True", True, ""), ("False", False, "")]
    assert marks("Advocacy means speaking for") == [
        ("True", False, "No: that is the point."),
        ("False", True, "Right: self-advocacy comes first."),
    ]
    assert marks("Is it true?") == [("True", True, "Yes."), ("False", False, "Think again.")]
    assert {windows_gift[t].kind for t in ("Advocacy is a skill", "Is it true?")} == {"truefalse"}


def test_escapes_plain_and_moodle_text_and_line_breaks(windows_gift):
    plan = windows_gift["Plan {A} or {B}"]
    assert plan.stem == 'Jo writes "goal = housing ~ work" in her notes.\nWhat does the peer specialist ask?'
    texts = [(c.text, c.feedback) for c in plan.choices.all()]
    assert texts[0] == ("Which of the two matters most to Jo right now.", "Jo chooses: peer support.")
    assert texts[2][0] == "Whether Jo is #1 on the housing list."
    assert windows_gift["Advocacy is a skill"].stem == "Advocacy for system change is part of the peer role."


def test_the_windows_export_imports_again_without_duplicates(windows_gift):
    out = run(str(WINDOWS_GIFT), "--format", "gift", "--quiz", "windows")
    assert "0 created, 0 updated, 5 unchanged; 0 added to quiz windows" in out
    assert Question.objects.count() == 5 and Quiz.objects.get().items.count() == 5


def test_windows_1252_bytes_are_refused_with_the_line_and_the_character(taxonomy):
    message = refused(str(FILES / "excel_windows_1252.csv"), "--format", "csv")
    assert "line 2: the file is not UTF-8 text: byte 0xe9 ('é' in Windows-1252) at column 13" in message
    assert "Save it as UTF-8" in message and "Nothing was imported" in message


def test_the_upload_page_gives_the_same_message_for_windows_1252(client, tess, taxonomy):
    client.force_login(tess)
    upload = SimpleUploadedFile("q.csv", (FILES / "excel_windows_1252.csv").read_bytes())
    response = client.post(reverse("admin:quizzes_question_import"), {"file": upload, "format": "csv"})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert "line 2: the file is not UTF-8 text: byte 0xe9 ('é' in Windows-1252)" in page
    assert not Question.objects.exists()


def test_a_csv_saved_with_semicolons_by_a_european_excel_imports(taxonomy):
    assert "1 created" in run(str(FILES / "excel_semicolons.csv"), "--format", "csv")
    question = Question.objects.get(key="ps-semi-1")
    assert [(c.text, c.weight) for c in question.choices.all()] == [
        ("The person", 100),
        ("The peer specialist", 0),
    ]


@pytest.mark.parametrize("name", ["empty.gift", "comments_only.gift"])
def test_a_file_without_questions_is_an_error_not_an_empty_success(taxonomy, name):
    message = refused(str(FILES / name), "--format", "gift", "--competency", "peer-support")
    assert "the file holds no questions" in message


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("aiken", "the file holds no questions"),
        ("json", 'the file is empty; expected a JSON object with "format": "cpsprep-questions"'),
    ],
)
def test_an_empty_file_is_an_error_in_every_format(taxonomy, tmp_path, format, expected):
    path = tmp_path / "nothing.txt"
    path.write_bytes(b"")
    message = refused(str(path), "--format", format, "--competency", "peer-support")
    assert f"{path}: {expected}" in message


def test_a_file_in_another_format_than_the_one_chosen_says_so(taxonomy):
    message = refused(
        str(FILES / "moodle_peer_support.gift"), "--format", "aiken", "--competency", "peer-support"
    )
    assert "line " in message and "expected" in message


def test_a_huge_line_is_refused_with_the_limit_and_nothing_is_written(taxonomy, tmp_path):
    path = tmp_path / "huge.gift"
    path.write_text(
        "$CATEGORY: peer-support\n\n::Fine::Who decides?{=The person~The team}\n\n"
        "::Pasted document::" + "A whole policy manual pasted into one question. " * 20_000 + "{=yes~no}\n"
    )
    message = refused(str(path), "--format", "gift")
    assert re.search(r"line 5: The stem is 9\d\d,\d{3} characters long; the limit is 4,000\.", message)


def test_an_over_long_choice_or_feedback_cell_is_refused(taxonomy, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "key,competency,stem,correct,choice_a,choice_b,feedback_b\n"
        f"ps-long,peer-support,Who decides?,a,The person,{'x' * 4001},{'y' * 5000}\n"
    )
    message = refused(str(path), "--format", "csv")
    assert "line 2: The text of choice 2 is 4,001 characters long; the limit is 4,000." in message
    assert "line 2: The feedback of choice 2 is 5,000 characters long" in message


def test_a_cell_with_a_missing_closing_quote_is_named(taxonomy, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(
        'key,competency,stem,correct,choice_a,choice_b\nps-q,peer-support,"Who decides?' + "x" * 140_000
    )
    message = refused(str(path), "--format", "csv")
    assert "a cell is longer than 131,072 characters (is a closing quote missing?)" in message


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("NaN", "NaN is not a number JSON allows"),
        ("Infinity", "Infinity is not a number JSON allows"),
        ("1e999", "questions[0] (a) choices[0]: 'weight' must be a number from -100 to 100"),
        ('"lots"', "questions[0] (a) choices[0]: 'weight' must be a number from -100 to 100"),
    ],
)
def test_json_weights_that_are_not_numbers_are_refused(taxonomy, tmp_path, weight, message):
    path = tmp_path / "q.json"
    path.write_text(
        '{"format": "cpsprep-questions", "version": 1, "questions": [{"key": "a", "title": "t", '
        '"competency": "peer-support", "stem": "s?", "choices": '
        f'[{{"text": "x", "weight": {weight}}}, {{"text": "y", "weight": 0}}]}}]}}'
    )
    assert message in refused(str(path), "--format", "json")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ('{"concepts": [1, 2]}', "line 3: in the '// cpsprep' comment, 'concepts' must be a list"),
        ('{"key": 5}', "line 3: in the '// cpsprep' comment, 'key' must be text"),
        ('{"contrast": "yes"}', "line 3: in the '// cpsprep' comment, 'contrast' must be true or false"),
        ('{"status": "live"}', "line 4: status: Value 'live' is not a valid choice."),
        ('{"key": "not a slug"}', "line 4: key: Enter a valid"),
        ('{"key": "x", ', "line 3: the '// cpsprep' comment is not valid JSON"),
    ],
)
def test_a_hand_edited_metadata_comment_is_refused_with_its_line(taxonomy, tmp_path, meta, message):
    path = tmp_path / "meta.gift"
    path.write_text(
        f"$CATEGORY: peer-support\n\n// cpsprep {meta}\n::T::Who decides?{{=The person~The team}}\n"
    )
    assert message in refused(str(path), "--format", "gift")
