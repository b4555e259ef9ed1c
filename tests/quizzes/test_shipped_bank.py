"""The shipped bank and quizzes (fixtures/), held to the bank linter's thresholds (quizzes/lint.py) and to the
counts issue 11 asks for. The linter is the one place the thresholds live; these tests only apply them."""

import html
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from quizzes import lint, lint_sources, services
from quizzes.models import AttemptSlot, Question, Quiz

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
QUESTION_FILES = sorted((FIXTURES / "questions").glob("*.json"))
TAXONOMY = {
    c["fields"]["slug"]: c["fields"]
    for c in json.loads((FIXTURES / "competencies.json").read_text())
    if c["model"] == "competencies.competency"
}
CORE = [slug for slug, f in TAXONOMY.items() if f["kind"] == "core"]
DISTRACTORS = [slug for slug, f in TAXONOMY.items() if f["kind"] == "distractor"]
RAW = [q for path in QUESTION_FILES for q in json.loads(path.read_text())["questions"]]
PUBLISHED = [q for q in RAW if q.get("status", "published") == "published"]
QUIZZES = json.loads((FIXTURES / "quizzes.json").read_text())["quizzes"]
MOCK_A = {f"{p}-{n:03d}" for p in ("ps", "ib", "ca") for n in range(71, 81)} | {"dx-014", "dx-029", "dx-044"}
MOCK_B = {f"{p}-{n:03d}" for p in ("ps", "ib", "ca") for n in range(81, 91)} | {"dx-015", "dx-030", "dx-045"}


@pytest.fixture(scope="module")
def report() -> lint.Report:
    """The linter's report on the shipped files, read as `lint_bank FILES` reads them (under a second)."""
    files = lint_sources.read_files([*QUESTION_FILES, FIXTURES / "quizzes.json"])
    names = {slug: f["name"] for slug, f in TAXONOMY.items()}
    return lint.lint(files.questions, names=names, core=CORE, distractors=DISTRACTORS, quizzes=files.quizzes)


def test_the_bank_meets_every_threshold_of_the_linter(report):
    f = report.figures
    assert report.failures == [], report.failures
    # The headline figures, spelled out so a failure reads plainly (the limits are lint.THRESHOLDS).
    t = lint.THRESHOLDS
    assert f.baseline <= t.baseline_accuracy and f.key_longest_rate <= t.key_longest_rate
    assert f.median_choice_grade <= t.median_choice_grade and f.max_item_grade <= t.max_item_grade
    assert f.median_item_words <= t.median_item_words and f.max_choice_words <= t.max_choice_words


def test_no_item_and_no_quiz_order_has_a_flaw(report):
    assert [str(f) for f in report.flaws] == []


def test_counts_per_competency_kind_and_distractor(report):
    f = report.figures
    assert f.published >= 300
    for slug in CORE:
        assert f.by_competency.get(slug, 0) >= 80, (slug, f.by_competency)
    assert f.by_kind.get("truefalse", 0) >= 20 and f.by_kind.get("multiple", 0) >= 20, f.by_kind
    assert f.contrast >= 40
    for slug in DISTRACTORS:
        assert f.contrast_by_concept.get(slug, 0) >= 5, (slug, f.contrast_by_concept)
        assert f.not_core_by_concept.get(slug, 0) <= 2, (slug, f.not_core_by_concept)
    assert f.british_spelling_items == 0


@pytest.mark.parametrize("question", PUBLISHED, ids=[q["key"] for q in PUBLISHED])
def test_every_question_is_complete_for_its_kind(question):
    kind = question.get("kind", "single")
    choices = question["choices"]
    correct = [c for c in choices if c["correct"]]
    # A true/false stem may be the statement itself; every other stem asks a question.
    assert question["scenario"].strip() and question["stem"].strip().rstrip("\"'”")[-1] in (
        "?." if kind == "truefalse" else "?"
    )
    assert question["competency"] in TAXONOMY and len(question["title"]) <= 80
    if kind == "truefalse":
        assert [c["text"] for c in choices] == ["True", "False"] and len(correct) == 1
    elif kind == "multiple":
        assert 4 <= len(choices) <= 5 and 2 <= len(correct) <= 3
    else:
        assert len(choices) == 4 and len(correct) == 1
    for choice in choices:
        assert choice["text"].strip() and choice["feedback"].strip()
        assert choice["concept"] is None or choice["concept"] in TAXONOMY
        assert not re.search(r"\b(all|none) of the above\b", choice["text"], re.I)
    assert len({c["text"].lower() for c in choices}) == len(choices)


def test_keys_and_titles_are_unique_and_key_positions_even():
    assert len({q["key"] for q in RAW}) == len(RAW)
    assert len({q["title"].lower() for q in RAW}) == len(RAW)
    singles = [q for q in PUBLISHED if q.get("kind", "single") == "single"]
    positions = Counter(next(i for i, c in enumerate(q["choices"]) if c["correct"]) for q in singles)
    for place in range(4):
        assert 0.2 * len(singles) <= positions[place] <= 0.3 * len(singles), positions


def test_the_two_mock_exams_are_parallel_and_unseen_in_practice():
    by_key = {q["key"]: q for q in PUBLISHED}
    quizzes = {q["slug"]: q for q in QUIZZES}
    mock_a, mock_b = (
        set(quizzes["mock-exam-a"]["question_keys"]),
        set(quizzes["mock-exam-b"]["question_keys"]),
    )
    assert (mock_a, mock_b) == (MOCK_A, MOCK_B)

    def blueprint(keys):
        return Counter(
            (by_key[k]["competency"], by_key[k]["difficulty"], by_key[k].get("kind")) for k in keys
        )

    assert blueprint(mock_a) == blueprint(mock_b)
    for slug, quiz in quizzes.items():
        if not slug.startswith("mock-exam"):
            assert not set(quiz["question_keys"]) & (MOCK_A | MOCK_B), slug
    for slug in ("mock-exam-a", "mock-exam-b"):
        assert quizzes[slug]["time_limit_minutes"] == 60
        assert "not the official exam's timing" in quizzes[slug]["description"]
    assert all(q["shuffle_choices"] for q in QUIZZES)


@pytest.mark.django_db
def test_loading_the_fixtures_gives_the_bank_quizzes_and_a_clean_lint(capsys):
    call_command("load_content", verbosity=0)
    assert Question.objects.published().count() == len(PUBLISHED)
    quizzes = {q.slug: q for q in Quiz.objects.published()}
    assert set(quizzes) == {q["slug"] for q in QUIZZES}
    for slug in CORE:
        for suffix in ("-practice", "-practice-2"):
            competencies = set(quizzes[slug + suffix].questions.values_list("competency__slug", flat=True))
            assert competencies == {slug}
    assert quizzes["core-or-distractor"].questions.filter(contrast=False).count() == 0
    starter = quizzes["core-competencies-starter"]
    assert starter.time_limit_minutes is None and starter.questions.count() == 15
    assert Counter(starter.questions.values_list("competency__slug", flat=True)) == dict.fromkeys(CORE, 5)
    assert all(q.shuffle_choices for q in quizzes.values())
    # What admin shows was stored at loading: no question has a finding the linter calls a flaw.
    flawed = [q.key for q in Question.objects.all() if any(f["level"] == "flaw" for f in q.lint_findings)]
    assert flawed == []
    # `lint_bank` on the database passes (it raises when a threshold or an item fails).
    call_command("lint_bank")
    out = capsys.readouterr().out
    assert f"{len(PUBLISHED)} published questions" in out and "Quiz orders: 0 pattern(s)" in out
    # Loading again changes nothing.
    call_command("load_content", verbosity=0)
    assert Question.objects.count() == len(RAW)


def _key_letters(attempt) -> str:
    """The letters the candidate saw the right answers under, question by question."""
    letters = []
    for slot in attempt.slots.order_by("position").prefetch_related("version__choices"):
        right = {c.pk for c in slot.version.choices.all() if c.is_correct}
        letters.append("".join("ABCDE"[i] for i, pk in enumerate(slot.choice_order) if pk in right))
    return "-".join(letters)


@pytest.mark.django_db
def test_two_starts_of_every_quiz_show_different_key_letters_and_the_review_shows_the_order_seen(
    client, casey, olu
):
    call_command("load_content", verbosity=0)
    for quiz in Quiz.objects.published():
        first = services.attempt_start(user=casey, quiz=quiz, rng=random.Random(1))
        second = services.attempt_start(user=olu, quiz=quiz, rng=random.Random(2))
        assert _key_letters(first) != _key_letters(second), quiz.slug
    attempt = casey.attempts.get(quiz__slug="core-competencies-starter")
    services.attempt_submit(attempt=attempt)
    client.force_login(casey)
    page = html.unescape(client.get(reverse("study:review", args=[attempt.pk])).content.decode())
    for slot in AttemptSlot.objects.filter(attempt=attempt).prefetch_related("version__choices")[:5]:
        texts = {c.pk: c.text for c in slot.version.choices.all()}
        seen = [f"{'ABCDE'[i]}. {texts[pk]}" for i, pk in enumerate(slot.choice_order)]
        where = [page.index(f"<strong>{text[:2]}</strong>{text[2:]}") for text in seen]
        assert where == sorted(where), slot.position
    # The shuffle is real: somewhere the order seen is not the authored one.
    assert any(slot.choice_order != sorted(slot.choice_order) for slot in attempt.slots.all())
