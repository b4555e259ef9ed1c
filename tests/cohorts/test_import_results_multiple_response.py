"""Paper results for a multiple-response question: several letters in one cell, marked all or nothing."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quizzes.models import Attempt, AttemptSlot, CompetencyScore
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_multiple_response import make_mr_question


@pytest.fixture
def quiz(taxonomy):
    """Question 1: multiple response (A and B right, C a community-engagement trap); 2: A is right."""
    agent = taxonomy["change-agent"]
    single = QuestionFactory(competency=agent, choices=[(True, agent), (False, None), (False, None)])
    return QuizFactory(questions=[make_mr_question(taxonomy), single], slug="paper-mixed", title="Paper")


def _import(tmp_path, text: str) -> str:
    path = tmp_path / "results.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_results", str(path), "--quiz", "paper-mixed", stdout=out)
    return out.getvalue()


def _ticked(user) -> list[str]:
    slot = AttemptSlot.objects.get(attempt__user=user, position=1)
    return sorted(c.label for c in slot.selections.all())


def test_several_letters_tick_several_choices_and_are_marked_all_or_nothing(tmp_path, quiz, casey, olu):
    assert "Imported 2 attempts." in _import(tmp_path, 'candidate,1,2\ncasey,"B, a",A\nolu,A C,A\n')
    assert _ticked(casey) == ["A", "B"] and _ticked(olu) == ["A", "C"]
    mine, theirs = Attempt.objects.get(user=casey), Attempt.objects.get(user=olu)
    assert (mine.correct_count, theirs.correct_count) == (2, 1)
    first = AttemptSlot.objects.get(attempt=theirs, position=1)
    assert first.selected_id is None and first.is_correct is False and first.answered_at is not None
    peer = CompetencyScore.objects.get(attempt=theirs, competency__slug="peer-support")
    assert (peer.correct, peer.asked) == (0, 1)


def test_a_blank_multiple_response_cell_is_no_answer(tmp_path, quiz, casey):
    _import(tmp_path, "candidate,1,2\ncasey,,A\n")
    slot = AttemptSlot.objects.get(attempt__user=casey, position=1)
    assert not slot.selections.exists() and slot.answered_at is None and slot.is_correct is False


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "AZ",
            "Line 2, question 1: 'AZ' is not one of A to D (leave it blank for no answer; several letters",
        ),
        ("AA", "Line 2, question 1: 'AA' names a choice twice."),
    ],
)
def test_bad_letters_name_the_line_and_import_nothing(tmp_path, quiz, casey, cell, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        _import(tmp_path, f"candidate,1,2\ncasey,{cell},A\n")
    assert not Attempt.objects.exists()


def test_a_single_answer_question_still_takes_one_letter(tmp_path, quiz, casey):
    with pytest.raises(CommandError, match=r"Line 2, question 2: 'AB' is not one of A to C \(leave it blank"):
        _import(tmp_path, "candidate,1,2\ncasey,A,AB\n")
    assert not Attempt.objects.exists()
