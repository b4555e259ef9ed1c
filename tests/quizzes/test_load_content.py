"""load_content on small fixture folders: the quiz file's shuffle fields, refusals that name the quiz and the
field and load nothing, and questions the files no longer ship left as they are."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Question, Quiz

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _question(key: str) -> dict:
    return {
        "key": key,
        "title": f"Title {key}",
        "competency": "peer-support",
        "scenario": f"Scenario of {key}: Dana meets a peer specialist at a clubhouse.",
        "stem": "What should the peer specialist do?",
        "explanation": "This tests Peer support.",
        "choices": [
            {"text": "Ask Dana what she would like.", "correct": True, "feedback": "Yes.", "concept": None},
            {"text": "Decide for Dana.", "correct": False, "feedback": "No.", "concept": None},
        ],
    }


def _folder(tmp_path: Path, keys: list[str], quizzes: list[dict]) -> Path:
    (tmp_path / "questions").mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "competencies.json", tmp_path / "competencies.json")
    bank = {"format": "cpsprep-questions", "version": 1, "questions": [_question(k) for k in keys]}
    (tmp_path / "questions" / "bank.json").write_text(json.dumps(bank))
    (tmp_path / "quizzes.json").write_text(
        json.dumps({"format": "cpsprep-quizzes", "version": 1, "quizzes": quizzes})
    )
    return tmp_path


QUIZ = {"slug": "starter", "title": "Starter", "description": "A first look.", "question_keys": ["ps-001"]}


def test_quiz_files_carry_shuffle_settings_and_choices_shuffle_by_default(db, tmp_path):
    quizzes = [QUIZ, {**QUIZ, "slug": "fixed", "shuffle_questions": True, "shuffle_choices": False}]
    call_command("load_content", fixtures=_folder(tmp_path, ["ps-001"], quizzes), verbosity=0)
    starter, fixed = Quiz.objects.get(slug="starter"), Quiz.objects.get(slug="fixed")
    assert (starter.shuffle_questions, starter.shuffle_choices) == (False, True)
    assert (fixed.shuffle_questions, fixed.shuffle_choices) == (True, False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shuffle_choices": "yes"}, r"quizzes\[0\] \(starter\): 'shuffle_choices' has the wrong type"),
        ({"shuffle": True}, r"quizzes\[0\] \(starter\): unknown field\(s\) shuffle"),
        ({"title": None}, r"'title' has the wrong type"),
        ({"mode": "quiz"}, r"'mode' must be one of practice, exam"),
        ({"question_keys": ["ps-999"]}, r"unknown question keys: ps-999"),
    ],
)
def test_a_bad_quiz_file_names_the_quiz_and_field_and_loads_nothing(db, tmp_path, change, message):
    folder = _folder(tmp_path, ["ps-001"], [{**QUIZ, **change}])
    with pytest.raises(CommandError, match=message):
        call_command("load_content", fixtures=folder, verbosity=0)
    assert not Question.objects.exists() and not Quiz.objects.exists()


def test_a_missing_field_is_named(db, tmp_path):
    folder = _folder(tmp_path, ["ps-001"], [{k: v for k, v in QUIZ.items() if k != "description"}])
    with pytest.raises(CommandError, match=r"missing field\(s\) description"):
        call_command("load_content", fixtures=folder, verbosity=0)


def test_questions_no_longer_shipped_are_left_as_they_are_and_named(db, tmp_path, capsys):
    call_command("load_content", fixtures=_folder(tmp_path, ["ps-001", "ps-002"], [QUIZ]), verbosity=0)
    call_command("load_content", fixtures=_folder(tmp_path, ["ps-001"], [QUIZ]))
    assert Question.objects.get(key="ps-002").status == "published"
    out = capsys.readouterr().out
    assert "1 published question(s) are not in the shipped files" in out and "ps-002" in out
