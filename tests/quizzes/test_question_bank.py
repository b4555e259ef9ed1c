"""The shipped question bank: enough questions, well spread, no near-copies, no giveaway patterns."""

import difflib
import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from django.core.management import call_command

from quizzes.models import Question, Quiz

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORE = ("peer-support", "in-but-not-of-the-system", "change-agent")


def _bank() -> list[dict]:
    questions = []
    for path in sorted((FIXTURES / "questions").glob("*.json")):
        questions.extend(json.loads(path.read_text())["questions"])
    return questions


BANK = _bank()
TAXONOMY = {
    c["fields"]["slug"]: c["fields"] for c in json.loads((FIXTURES / "competencies.json").read_text())[1:]
}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def test_there_are_at_least_120_published_questions_with_the_required_spread():
    published = [q for q in BANK if q.get("status", "published") == "published"]
    assert len(published) >= 120
    plain = Counter(q["competency"] for q in published if not q["contrast"])
    for slug in CORE:
        assert plain[slug] >= 30, (slug, plain[slug])
    assert sum(1 for q in published if q["contrast"]) >= 30
    difficulty = Counter(q["difficulty"] for q in published)
    for level in ("easy", "medium", "hard"):
        assert difficulty[level] >= 0.2 * len(published), difficulty


def test_contrast_questions_cover_community_engagement_and_the_other_distractors():
    contrast = [q for q in BANK if q["contrast"]]
    concepts = Counter(c["concept"] for q in contrast for c in q["choices"] if not c["correct"])
    assert concepts["community-engagement"] >= 10
    for slug, fields in TAXONOMY.items():
        if fields["kind"] == "distractor":
            assert concepts[slug] + sum(q["competency"] == slug for q in contrast) >= 3, slug
    not_core = [q for q in contrast if TAXONOMY[q["competency"]]["kind"] == "distractor"]
    assert len(not_core) >= 5  # "which of these is NOT a core competency" questions


@pytest.mark.parametrize("question", BANK, ids=[q["key"] for q in BANK])
def test_every_question_is_complete(question):
    assert question["scenario"].strip() and question["stem"].strip().endswith("?")
    assert len(question["choices"]) == 4
    assert sum(c["correct"] for c in question["choices"]) == 1
    for choice in question["choices"]:
        assert choice["text"].strip() and choice["feedback"].strip()
        assert choice["concept"] is None or choice["concept"] in TAXONOMY
        assert not re.search(r"\b(all|none) of the above\b", choice["text"], re.I)
    correct = next(c for c in question["choices"] if c["correct"])
    assert correct["concept"] in TAXONOMY
    assert question["competency"] in TAXONOMY
    named = _words(TAXONOMY[question["competency"]]["name"])
    assert named in _words(question["explanation"]), "the explanation names the competency it tests"
    assert len({_words(c["text"]) for c in question["choices"]}) == 4


def test_keys_and_titles_are_unique():
    assert len({q["key"] for q in BANK}) == len(BANK)
    assert len({q["title"].lower() for q in BANK}) == len(BANK)


def test_no_two_questions_are_near_copies():
    texts = [(q["key"], _words(q["scenario"] + " " + q["stem"])) for q in BANK]
    copies = []
    for (key_a, a), (key_b, b) in combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() > 0.6 and matcher.quick_ratio() > 0.6 and matcher.ratio() > 0.6:
            copies.append((key_a, key_b, round(matcher.ratio(), 2)))
    assert copies == []


def test_the_correct_answer_is_not_given_away_by_position_or_length():
    positions = Counter(next(i for i, c in enumerate(q["choices"]) if c["correct"]) for q in BANK)
    for place in range(4):
        assert 0.18 * len(BANK) <= positions[place] <= 0.32 * len(BANK), positions
    longest = 0
    for q in BANK:
        lengths = [len(c["text"]) for c in q["choices"]]
        right = next(i for i, c in enumerate(q["choices"]) if c["correct"])
        longest += lengths[right] == max(lengths)
    assert longest <= 0.35 * len(BANK), f"the correct answer is the longest in {longest} of {len(BANK)}"


EXAM_CLAIMS = re.compile(
    r"(\bthe (official |real |actual )?(cps )?exam (has|is|lasts|takes|costs|requires)\b"
    r"|\b(exam|certification|test)\b[^.]{0,40}\$\s?\d|\$\s?\d[^.]{0,40}\b(exam|certification|test)\b"
    r"|\bpass(ing)? (mark|score) (is|of) \d|\b\d+ (questions|minutes|hours) (long|on the exam))",
    re.I,
)


def test_no_question_makes_claims_about_the_official_exam():
    for q in BANK:
        text = " ".join(
            [q["scenario"], q["stem"], q["explanation"]] + [c["text"] + c["feedback"] for c in q["choices"]]
        )
        assert not EXAM_CLAIMS.search(text), q["key"]


@pytest.mark.django_db
def test_loading_the_fixtures_gives_the_bank_and_its_quizzes():
    call_command("load_content", verbosity=0)
    assert Question.objects.published().count() >= 120
    quizzes = {q.slug: q for q in Quiz.objects.published()}
    for slug in ("peer-support-practice", "in-but-not-of-the-system-practice", "change-agent-practice"):
        competencies = set(quizzes[slug].questions.values_list("competency__slug", flat=True))
        assert competencies == {slug.removesuffix("-practice")}
    assert quizzes["core-or-distractor"].questions.filter(contrast=False).count() == 0
    mock_a = set(quizzes["mock-exam-a"].questions.values_list("key", flat=True))
    mock_b = set(quizzes["mock-exam-b"].questions.values_list("key", flat=True))
    assert len(mock_a) >= 40 and len(mock_b) >= 40 and not mock_a & mock_b
    for mock in (mock_a, mock_b):
        competencies = Counter(
            Question.objects.filter(key__in=mock).values_list("competency__slug", flat=True)
        )
        assert all(competencies[slug] >= 8 for slug in CORE)
    # The mock exams are timed (our practice timing, said so in their descriptions); practice is untimed.
    for slug in ("mock-exam-a", "mock-exam-b"):
        assert quizzes[slug].time_limit_minutes == 60
        assert "not the official exam's timing" in quizzes[slug].description
    assert quizzes["core-competencies-starter"].time_limit_minutes is None
    starter = quizzes["core-competencies-starter"].questions.all()
    assert Counter(starter.values_list("competency__slug", flat=True)) == dict.fromkeys(CORE, 5)
    # Loading again changes nothing.
    call_command("load_content", verbosity=0)
    assert Question.objects.count() == len(BANK)
