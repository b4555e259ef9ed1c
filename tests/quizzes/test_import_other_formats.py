"""Importing Aiken, CSV and our JSON: line-numbered errors, nothing half-written, re-imports are safe."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.formats import FormatError, aiken, csvfmt
from quizzes.models import Question

FILES = Path(__file__).parent / "files"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "questions"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_questions", *args, stdout=out)
    return out.getvalue()


def test_aiken_needs_a_competency_and_splits_the_scenario_from_the_stem(taxonomy):
    path = str(FILES / "change_agent.aiken.txt")
    with pytest.raises(CommandError, match="line 1: no competency"):
        run(path, "--format", "aiken")
    out = run(path, "--format", "aiken", "--competency", "change-agent")
    assert "2 created" in out
    riley = Question.objects.get(scenario__startswith="At a county mental-health board meeting")
    assert riley.stem == "Which action best reflects the change-agent competency?"
    assert [c.is_correct for c in riley.choices.order_by("position")] == [True, False, False, False]
    not_core = Question.objects.get(stem__startswith="Which of these is NOT")
    assert not_core.scenario == ""
    assert not_core.choices.get(is_correct=True).text == "Community engagement"
    assert "0 created, 0 updated, 2 unchanged" in run(
        path, "--format", "aiken", "--competency", "change-agent"
    )


def test_aiken_errors_name_the_line(taxonomy):
    with pytest.raises(CommandError) as error:
        run(str(FILES / "bad_answer.aiken.txt"), "--format", "aiken", "--competency", "peer-support")
    assert "line 4: expected 'ANSWER:' to name one of A, B, found 'E'" in str(error.value)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q?\nA. a\nC. c\nANSWER: A\n", "line 3: expected option B next, found C"),
        ("Q?\nA. a\nB. b\n", "line 1: expected 'ANSWER: <letter>' to end the question"),
        ("Q?\nA. a\nANSWER: A\n", "line 3: expected at least two options"),
        ("Q?\nA. a\nB. b\nsomething else\n", "line 4: expected option C. or 'ANSWER: <letter>'"),
    ],
)
def test_aiken_parser_errors(text, message):
    with pytest.raises(FormatError) as error:
        aiken.parse(text)
    assert message in str(error.value)


def test_csv_reads_every_column_including_weights_concepts_and_quoted_cells(taxonomy):
    out = run(str(FILES / "spreadsheet.csv"), "--format", "csv")
    assert "2 created" in out
    one = Question.objects.get(key="ib-csv-001")
    assert (one.kind, one.difficulty, one.contrast, one.status) == ("single", "medium", False, "published")
    assert (
        one.scenario
        == 'At a treatment team meeting, staff call Marcus "non-compliant" because he skips a medication.'
    )
    choices = list(one.choices.order_by("position"))
    assert [c.is_correct for c in choices] == [False, True, False, False]
    assert [c.concept.slug if c.concept else None for c in choices] == [
        "compliance-monitoring",
        "in-but-not-of-the-system",
        None,
        "case-management",
    ]
    two = Question.objects.get(key="ib-csv-002")
    assert (two.kind, two.difficulty, two.contrast, two.status) == ("multiple", "hard", True, "draft")
    assert [c.weight for c in two.choices.order_by("position")] == [Decimal(50), Decimal(50), Decimal(-50)]
    assert "0 created, 0 updated, 2 unchanged" in run(str(FILES / "spreadsheet.csv"), "--format", "csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stem,choice_a,choice_b,colour\n", "line 1: unknown column(s) colour"),
        ("stem,choice_a\n", "line 1: missing column(s) choice_b"),
        ("stem,choice_a,choice_b,correct\nQ?,a,b,z\n", "line 2: correct: expected letters a to h, found z"),
        (
            "stem,choice_a,choice_b,kind\nQ?,a,b,essay\n",
            "line 2: kind: expected one of multiple, single, truefalse",
        ),
        ("stem,choice_a,choice_b,weight_a\nQ?,a,b,lots\n", "line 2: weight_a: expected a number"),
    ],
)
def test_csv_parser_errors(text, message):
    with pytest.raises(FormatError) as error:
        csvfmt.parse(text)
    assert message in str(error.value)


def test_csv_line_numbers_count_multi_line_cells(taxonomy, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "stem,choice_a,choice_b,correct,competency\n"
        '"Line one\nline two?",a,b,a,peer-support\n'
        "Q?,a,a,a,peer-support\n"
    )
    with pytest.raises(CommandError, match="line 4: Two choices have the same text"):
        run(str(path), "--format", "csv")
    assert not Question.objects.exists()


def test_json_weights_and_kinds(taxonomy, tmp_path):
    path = tmp_path / "q.json"
    path.write_text(
        '{"format": "cpsprep-questions", "version": 1, "framework": "massachusetts-cps", "questions": ['
        '{"key": "m-1", "title": "Multi", "competency": "peer-support", "kind": "multiple", "scenario": "",'
        ' "stem": "Which?", "explanation": "", "choices": ['
        '{"text": "a", "weight": 60}, {"text": "b", "weight": 30}, {"text": "c", "weight": -100}]}]}'
    )
    with pytest.raises(CommandError) as error:
        run(str(path), "--format", "json")
    assert (
        "questions[0] (m-1): The positive weights of a multiple-response question must add up to 100 %; "
        "these add up to 90 %." in str(error.value)
    )
    path.write_text(path.read_text().replace('"weight": 30', '"weight": 40'))
    out = run(str(path), "--format", "json")
    question = Question.objects.get()
    assert [c.is_correct for c in question.choices.order_by("position")] == [True, True, False]
    # Published by default in JSON, and candidates can answer it, so it stays published without a warning.
    assert question.status == "published" and "draft" not in out


def test_the_shipped_bank_still_imports_as_json(taxonomy):
    files = sorted(FIXTURES.glob("*.json"))
    out = run(*map(str, files), "--format", "json")
    assert out.count("created") == len(files)
    shipped = sum(len(json.loads(p.read_text())["questions"]) for p in files)
    assert Question.objects.count() == shipped >= 300
    assert set(Question.objects.values_list("kind", flat=True)) == {"single", "truefalse", "multiple"}
    # A single-answer or true/false key weighs 100; a multiple-response key shares the mark with the others.
    light = Question.objects.filter(choices__is_correct=True, choices__weight__lt=100)
    assert not light.exclude(kind="multiple").exists()
