"""Importing Moodle GIFT files: what we serve comes in, what we do not is named, nothing is half-written."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.formats import FormatError, gift
from quizzes.models import Question, Quiz

FILES = Path(__file__).parent / "files"
MOODLE = FILES / "moodle_peer_support.gift"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_questions", *args, stdout=out)
    return out.getvalue()


def test_without_skip_unsupported_nothing_is_written_and_each_unsupported_question_is_named(taxonomy):
    with pytest.raises(CommandError) as error:
        run(str(MOODLE), "--format", "gift")
    message = str(error.value)
    assert "4 question(s) of types CPS Prep does not serve" in message
    for expected in (
        "line 43: essay question 'Essay on advocacy'",
        "line 45: numerical question 'Number of core competencies'",
        "line 47: short answer question 'Short answer'",
        "line 49: matching question 'Matching'",
    ):
        assert expected in message
    assert "Nothing was imported" in message
    assert not Question.objects.exists()


def test_with_skip_unsupported_the_rest_is_imported_and_the_skipped_ones_reported(taxonomy):
    out = run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    assert "7 created, 0 updated, 0 unchanged, 4 skipped" in out
    assert "skipped line 45: numerical question" in out
    assert Question.objects.count() == 7
    # $CATEGORY named the competency by its name; formats without a status come in as drafts for review.
    assert set(Question.objects.values_list("competency__slug", "status").distinct()) == {
        ("peer-support", "draft")
    }


def test_a_multiple_choice_question_with_html_title_feedback_and_general_feedback(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    q = Question.objects.get(title="Mutuality at the first meeting")
    assert q.kind == "single"
    # The HTML paragraphs become the scenario and the stem; tags are gone, the text is kept.
    assert q.scenario.startswith("Dana has just been discharged") and "<" not in q.scenario
    assert q.stem == "What is Jo's most peer-like response?"
    assert q.explanation.startswith("Peer support rests on mutuality")
    choices = list(q.choices.order_by("position"))
    assert [(c.is_correct, c.weight) for c in choices] == [(True, 100), (False, 0), (False, 0), (False, 0)]
    assert choices[2].feedback == "Checking adherence is compliance monitoring, not peer support."


def test_a_stem_that_continues_after_the_answers_shows_a_blank(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    q = Question.objects.get(title="Language that puts the person first")
    assert q.stem == "A peer specialist describes Sam as _____ when writing a note Sam will read."


def test_true_false_questions_get_two_choices_with_the_right_feedback_on_each(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    hope = Question.objects.get(title="Hope is a skill")
    assert hope.kind == "truefalse"
    true, false = hope.choices.order_by("position")
    assert (true.text, true.is_correct, true.weight) == ("True", True, 100)
    assert true.feedback == "Right: hope is a core part of peer support."
    assert (false.text, false.is_correct) == ("False", False)
    assert false.feedback.startswith("Think again")
    linear = Question.objects.get(title="Recovery is linear")
    assert [c.is_correct for c in linear.choices.order_by("position")] == [False, True]


def test_multiple_response_keeps_weights_including_negative_ones(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    q = Question.objects.get(title="What a peer specialist shares")
    assert q.kind == "multiple"
    assert [(c.weight, c.is_correct) for c in q.choices.order_by("position")] == [
        (Decimal(50), True),
        (Decimal(50), True),
        (Decimal(-100), False),
        (Decimal(0), False),
    ]


def test_backslash_escapes_and_markdown_text(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    q = Question.objects.get(title="Braces and equals")
    assert 'writes "Plan {A}: keep Luis = stable"' in q.stem
    right, wrong = q.choices.order_by("position")
    assert right.feedback == "Right: Luis defines his own goals ~ not the team."
    assert wrong.text == "Copy the note as it is # it is the team's plan."
    goals = Question.objects.get(title="Whose goals?")
    assert goals.stem.startswith("A **goal** in Luis's plan")  # markdown is kept as the trainer wrote it
    assert goals.choices.count() == 3


def test_html_is_sanitised_down_to_text():
    parsed = gift.parse(
        '::x::[html]<p>Hi <script>alert("x")</script><img src=x onerror=alert(1)>'
        "<b>there</b> &amp; you</p>{=yes~no}"
    )
    assert parsed.questions[0].stem == "Hi there & you"


def test_reimporting_the_same_file_creates_no_duplicates(taxonomy):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    out = run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    assert "0 created, 0 updated, 7 unchanged" in out
    assert Question.objects.count() == 7


def test_an_edited_question_with_a_title_is_updated_in_place(taxonomy, tmp_path):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    edited = tmp_path / "edited.gift"
    edited.write_text(MOODLE.read_text().replace("most <strong>peer-like</strong>", "most mutual"))
    out = run(str(edited), "--format", "gift", "--skip-unsupported")
    assert "0 created, 1 updated, 6 unchanged" in out
    assert (
        Question.objects.get(title="Mutuality at the first meeting").stem
        == "What is Jo's most mutual response?"
    )


def test_a_malformed_file_changes_nothing_and_names_the_line(taxonomy):
    with pytest.raises(CommandError) as error:
        run(str(FILES / "malformed.gift"), "--format", "gift")
    assert "line 5: expected '}' to close the answers opened with '{' on line 5" in str(error.value)
    assert not Question.objects.exists()


def test_a_problem_found_late_rolls_back_questions_already_checked(taxonomy, tmp_path):
    path = tmp_path / "two.gift"
    path.write_text(
        "$CATEGORY: peer-support\n\n::One::Fine?{=yes~no}\n\n::Two::Two right answers?{=yes=also yes~no}\n"
    )
    with pytest.raises(CommandError) as error:
        run(str(path), "--format", "gift")
    assert "line 5: A single-answer question needs exactly one correct choice; this one has 2." in str(
        error.value
    )
    assert not Question.objects.exists()


def test_unknown_category_uses_the_default_competency_or_is_an_error(taxonomy, tmp_path):
    path = tmp_path / "cat.gift"
    path.write_text("$CATEGORY: $course$/top/Week 3\n\n::Q::Who decides?{=The person~The team}\n")
    with pytest.raises(CommandError) as error:
        run(str(path), "--format", "gift")
    assert "line 3: unknown competency 'Week 3'" in str(error.value)
    run(str(path), "--format", "gift", "--competency", "change-agent")
    assert Question.objects.get().competency.slug == "change-agent"


def test_comments_are_ignored_and_a_question_without_category_needs_a_competency(taxonomy, tmp_path):
    path = tmp_path / "plain.gift"
    path.write_text("// a comment\n// another {=not an answer}\nWho decides?{=The person~The team}\n")
    with pytest.raises(CommandError, match="line 3: no competency"):
        run(str(path), "--format", "gift")
    run(str(path), "--format", "gift", "--competency", "Peer support")
    question = Question.objects.get()
    assert question.title == "Who decides?" and question.stem == "Who decides?"


def test_dry_run_reports_and_writes_nothing(taxonomy):
    out = run(str(MOODLE), "--format", "gift", "--skip-unsupported", "--dry-run", "--quiz", "moodle-import")
    assert out.startswith("Would import") and "7 created" in out and "7 added to quiz moodle-import" in out
    assert not Question.objects.exists() and not Quiz.objects.exists()


def test_quiz_option_creates_the_quiz_in_file_order_and_appends_on_the_next_import(taxonomy, tmp_path):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported", "--quiz", "moodle-import")
    quiz = Quiz.objects.get(slug="moodle-import")
    titles = list(quiz.items.order_by("position").values_list("question__title", flat=True))
    assert titles[:3] == [
        "Mutuality at the first meeting",
        "Language that puts the person first",
        "Hope is a skill",
    ]
    more = tmp_path / "more.gift"
    more.write_text(
        "$CATEGORY: peer-support\n\n::Later question::Who leads?{=The person~The peer specialist}\n"
    )
    run(str(more), "--format", "gift", "--quiz", "moodle-import")
    run(str(MOODLE), "--format", "gift", "--skip-unsupported", "--quiz", "moodle-import")
    titles = list(quiz.items.order_by("position").values_list("question__title", flat=True))
    assert len(titles) == 8 and titles[-1] == "Later question"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q?{=a~b", "expected '}' to close"),
        ("Q?{=a}{=b}", "a second '{'"),
        ("Q?{x=a~b}", "expected each answer to start with '=' (right) or '~' (wrong)"),
        ("Q?{=a~%abc%b}", "expected a weight like %50%"),
        ("Q?{=a~}", "an answer after '~' has no text"),
        ("::t::[rtf]Q?{=a~b}", "unknown text format [rtf]"),
    ],
)
def test_parser_errors_say_what_was_expected(text, message):
    with pytest.raises(FormatError, match="line 1") as error:
        gift.parse(text)
    assert message in str(error.value)


def test_our_metadata_comment_supplies_key_status_and_concepts_and_other_comments_stay_comments(
    taxonomy, tmp_path
):
    path = tmp_path / "meta.gift"
    path.write_text(
        "// cpsprep exported this file\n$CATEGORY: change-agent\n\n"
        '// cpsprep {"key": "ca-900", "status": "published", "difficulty": "hard", "contrast": true,'
        ' "concepts": ["change-agent", "community-engagement"]}\n'
        "::Speaking up::Who speaks at the board meeting?{=The person, with support#Yes~The agency#No}\n"
    )
    run(str(path), "--format", "gift")
    q = Question.objects.get()
    assert (q.key, q.status, q.difficulty, q.contrast, q.competency.slug) == (
        "ca-900", "published", "hard", True, "change-agent"
    )  # fmt: skip
    assert [c.concept.slug for c in q.choices.order_by("position")] == [
        "change-agent",
        "community-engagement",
    ]
    path.write_text(path.read_text().replace('"community-engagement"]', '"no-such-thing"]'))
    with pytest.raises(CommandError, match="line 5: unknown concept 'no-such-thing'"):
        run(str(path), "--format", "gift")


def test_a_question_that_reads_almost_like_one_in_the_bank_is_imported_with_a_warning(taxonomy, tmp_path):
    run(str(MOODLE), "--format", "gift", "--skip-unsupported")
    path = tmp_path / "copy.gift"
    path.write_text(
        "$CATEGORY: peer-support\n\n"
        "::Hope, again::Peer specialists carry hope for people who cannot yet hold it themselves. {TRUE}\n"
    )
    out = run(str(path), "--format", "gift")
    hope = Question.objects.get(title="Hope is a skill")
    assert "1 created" in out
    assert f"warning: line 3: nearly the same text as {hope.key}" in out
    assert Question.objects.filter(title="Hope, again").exists()
