"""The bank linter on made-up items: each check fires on the flaw it names and stays quiet without it; the
command reads files and the database; admin shows and filters the stored findings and warns at saving."""

import json
import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import bank, lint
from quizzes.models import Question
from tests.quizzes.factories import QuestionFactory
from tests.quizzes.test_admin_authoring import ADD, FOUR, question_data

NAMES = {
    "peer-support": "Peer support",
    "in-but-not-of-the-system": "In but not of the system",
    "change-agent": "Change agent",
    "community-engagement": "Community engagement",
    "clinical-treatment": "Clinical treatment",
    "case-management": "Case management",
    "compliance-monitoring": "Compliance monitoring",
    "personal-friendship": "Personal friendship",
}


def item(key="ps-001", **changes) -> lint.LintQuestion:
    """A clean single-answer item: the key (B) is not the longest, feedback names concepts, the explanation
    names the competency and the tempting choice's concept."""
    choices = [
        lint.LintChoice("Lend him the bus fare this time and tell him to pay it back later.", False,
                        "That is personal friendship: lending money blurs the working relationship.",
                        "personal-friendship"),
        lint.LintChoice("Say she does not lend money and ask what other options he has.", True,
                        "This keeps a kind boundary and leaves Leo in charge.", "peer-support"),
        lint.LintChoice("Call the transit office for him and set up a reduced fare card.", False,
                        "This is case management: it does the task for him.", "case-management"),
        lint.LintChoice("Tell him the program has a rule about money and end the talk.", False,
                        "This quotes a rule and closes the door on him.", None),
    ]  # fmt: skip
    fields = {
        "key": key,
        "title": "A request for bus fare",
        "competency": "peer-support",
        "scenario": "Leo meets his peer specialist, Ana, at a clubhouse. He asks her for bus fare home.",
        "stem": "What should Ana do?",
        "explanation": "This tests Peer support. Ana keeps a clear boundary and hands the choice back to "
        "Leo. Lending money is personal friendship, which strains the working relationship.",
        "choices": tuple(choices),
    }
    fields.update(changes)
    return lint.LintQuestion(**fields)


def checks(q: lint.LintQuestion) -> set[str]:
    return {f.check for f in lint.item_findings(q, NAMES)}


def with_choice(q: lint.LintQuestion, index: int, **changes) -> lint.LintQuestion:
    choices = list(q.choices)
    old = choices[index]
    choices[index] = lint.LintChoice(
        changes.get("text", old.text),
        changes.get("correct", old.correct),
        changes.get("feedback", old.feedback),
        changes.get("concept", old.concept),
    )
    return lint.LintQuestion(**{**q.__dict__, "choices": tuple(choices)})


def test_a_clean_item_has_no_finding():
    assert lint.item_findings(item(), NAMES) == []


def test_syllables_and_flesch_kincaid_by_hand():
    sample = ["people", "asked", "wanted", "makes", "places", "recovery", "the"]
    assert [lint.syllables(w) for w in sample] == [2, 1, 2, 1, 2, 4, 1]
    # 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
    assert lint.fk_grade("The cat sat on the mat.") == pytest.approx(-1.45)
    # Long words in one long sentence read at a high grade; the same idea in short words reads low.
    hard = "Collaboratively investigate organizational accommodations facilitating individualized recovery."
    assert lint.fk_grade(hard) > 12 > 6 > lint.fk_grade("Ask him what would help. Then listen.")


def test_the_key_much_longer_than_every_wrong_choice_is_flagged():
    q = with_choice(item(), 1, text="Say warmly that she does not lend money, and ask what other options he "
                    "has for getting home tonight.")  # fmt: skip
    found = [f for f in lint.item_findings(q, NAMES) if f.check == "key-longest"]
    assert found and found[0].key == "ps-001" and "(B)" in found[0].message


def test_absolute_words_only_in_wrong_choices_are_flagged_and_not_when_the_key_has_one_too():
    q = with_choice(item(), 3, text="Tell him the program never allows money talk and end it.")
    assert "absolute-words" in checks(q)
    assert "absolute-words" not in checks(
        with_choice(q, 1, text="Say she never lends money and ask about options.")
    )


def test_a_scenario_word_echoed_only_in_the_key_is_flagged():
    q = with_choice(item(), 1, text="Say she does not lend money and ask what the clubhouse offers.")
    found = [f for f in lint.item_findings(q, NAMES) if f.check == "stem-echo"]
    assert found and "clubhouse" in found[0].message


@pytest.mark.parametrize(
    ("stem", "flagged"),
    [
        ("Which response is not helpful?", True),
        ("Which of these doesn't fit the peer role?", True),
        ("Which response is NOT helpful?", False),
        ("All of these are peer support EXCEPT which one?", False),
        ("Which move best fits in but not of the system?", False),
    ],
)
def test_a_negative_task_must_be_in_capitals(stem, flagged):
    assert ("negative-task" in checks(item(stem=stem))) is flagged


def test_over_long_choices_and_hard_reading_are_flagged():
    long_choice = " ".join(["word"] * 26)
    assert "choice-words" in checks(with_choice(item(), 0, text=long_choice))
    dense = (
        "Consequently, interdisciplinary organizational considerations necessitate comprehensive "
        "individualized documentation procedures, notwithstanding administrative complications."
    )
    assert {"item-grade", "choice-grade"} <= checks(with_choice(item(scenario=dense), 0, text=dense))


def test_feedback_on_a_concept_tagged_wrong_choice_must_name_the_concept():
    q = with_choice(item(), 2, feedback="This does the task for him.")
    found = [f for f in lint.item_findings(q, NAMES) if f.check == "concept-feedback"]
    assert [f.message for f in found] == [
        "choice C stands for Case management, but its feedback does not say so"
    ]


def test_the_explanation_names_the_competency_and_deals_with_the_most_tempting_choice():
    assert lint.most_tempting(item()) in (0, 2)  # the concept-tagged wrong choices
    silent = item(
        explanation="This tests Peer support. Ana keeps a clear boundary and hands the choice back."
    )
    messages = [f.message for f in lint.item_findings(silent, NAMES) if f.check == "explanation"]
    assert len(messages) == 1 and "most tempting wrong choice" in messages[0]
    nameless = item(explanation="Lending money is personal friendship, which strains the relationship.")
    assert any("does not name the competency" in f.message for f in lint.item_findings(nameless, NAMES))


def test_british_spelling_labels_outside_quotes_and_exam_claims_are_flagged():
    assert "british-spelling" in checks(item(scenario="Leo goes to a day programme at the centre."))
    assert "language" in checks(item(scenario="Leo is an addict who had a relapse."))
    assert "language" not in checks(item(scenario='A nurse calls Leo "an addict" in the hall.'))
    assert "exam-claim" in checks(item(explanation=item().explanation + " The exam has 100 questions."))
    assert "language" not in checks(item(scenario="Leo cleans the kitchen and slips out early."))
    safety = item(explanation=item().explanation + " The only exception is a safety risk.")
    assert "only-exception" in checks(safety)


def test_near_duplicates_are_found_through_the_index_and_distinct_items_are_not():
    a = item("ps-001")
    retold = item("ps-002", scenario="Leo meets his peer specialist, Ana, at the clubhouse. He asks her for "
                  "bus fare to get home.")  # fmt: skip
    other = item("ps-003", scenario="Mira calls the warm line at night. She says her new job scares her.")
    found = lint.near_duplicates([a, retold, other])
    assert {(f.key, f.check) for f in found} == {("ps-001", "near-duplicate"), ("ps-002", "near-duplicate")}
    assert "ps-002" in next(f.message for f in found if f.key == "ps-001")
    assert [f.key for f in lint.near_duplicates([a, retold, other], only=["ps-003"])] == []


@pytest.mark.parametrize(
    ("letters", "check"),
    [
        ("ABCDABCDABCDABCD", "order-cycle"),
        ("ABABABABABCD", "order-cycle"),
        ("ABCDDDDDDBCA", "order-run"),
        ("AAAABAACAADA", "order-imbalance"),
    ],
)
def test_patterns_in_a_fixed_order_are_found(letters, check):
    assert check in {f.check for f in lint.order_patterns("quiz", letters)}


def test_a_shuffled_order_has_no_pattern():
    rng = random.Random(3)
    letters = list("ABCD" * 10)
    rng.shuffle(letters)
    assert lint.order_patterns("quiz", "".join(letters)) == []


def _bank_with_style(style: bool, n: int = 80) -> list[lint.LintQuestion]:
    """Items whose key says "together" (a style) or whose words are spread at random (no style)."""
    rng = random.Random(5)
    verbs = ["listen", "offer", "share", "wait", "call", "write", "plan", "explain", "visit", "check"]
    out = []
    for n_item in range(n):
        texts = [" ".join(rng.sample(verbs, 4)) for _ in range(4)]
        k = rng.randrange(4)
        if style:
            texts[k] += " together"
        out.append(
            lint.LintQuestion(
                key=f"x-{n_item:03d}",
                stem="What now?",
                choices=tuple(lint.LintChoice(t, i == k) for i, t in enumerate(texts)),
                source=f"file{n_item % 2}.json",
            )
        )
    return out


def test_the_choice_only_baseline_finds_a_style_and_not_noise_and_gives_the_same_figure_every_time():
    styled = lint.choice_only_baseline(_bank_with_style(True))
    for model in ("naive Bayes", "logit"):
        assert styled.accuracies[model]["k-fold"] > 0.9 and styled.accuracies[model]["by file"] > 0.9
    plain = lint.choice_only_baseline(_bank_with_style(False))
    assert plain.accuracy < 0.4
    assert lint.choice_only_baseline(_bank_with_style(False)).accuracy == plain.accuracy
    cues = lint.giveaways(_bank_with_style(True))
    together = next(c for c in cues if c.token == "together")
    assert together.points_to == "key" and together.in_keys == 80 and together.in_wrong == 0


def test_the_logit_finds_a_style_spread_over_length_that_no_single_word_carries():
    """Keys a little longer than average and with one comma fewer: no word tells, the lengths do."""
    rng = random.Random(8)
    words_ = ["listen", "offer", "share", "wait", "call", "write", "plan", "explain", "visit", "check", "ask"]
    items = []
    for n_item in range(80):
        k = rng.randrange(4)
        texts = []
        for i in range(4):
            n = 9 if i == k else rng.choice([6, 7, 12, 13])
            picked = [rng.choice(words_) for _ in range(n)]
            texts.append(
                " ".join(picked) if i == k else ", ".join([" ".join(picked[:3]), " ".join(picked[3:])])
            )
        items.append(
            lint.LintQuestion(
                key=f"x-{n_item:03d}",
                stem="What now?",
                choices=tuple(lint.LintChoice(t, i == k) for i, t in enumerate(texts)),
            )
        )
    assert lint.choice_only_baseline(items).accuracies["logit"]["k-fold"] > 0.6
    assert any("commas" in cue for cue in lint.logit_cues(items))


def test_bank_figures_and_the_thresholds_they_break():
    styled = _bank_with_style(True)
    report = lint.lint(styled, names=NAMES)
    assert report.figures.published == 80 and report.figures.baseline > 0.9
    assert any("choice-only baseline" in failure for failure in report.failures)


# --- the command --------------------------------------------------------------------------------------


def _file(tmp_path, items, name="mine.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"format": "cpsprep-questions", "version": 1, "questions": items}))
    return path


def _as_dict(q: lint.LintQuestion) -> dict:
    return {
        "key": q.key,
        "title": q.title or q.key,
        "competency": q.competency,
        "scenario": q.scenario,
        "stem": q.stem,
        "explanation": q.explanation,
        "choices": [
            {"text": c.text, "correct": c.correct, "feedback": c.feedback, "concept": c.concept}
            for c in q.choices
        ],
    }


def test_lint_bank_reads_files_names_the_flawed_item_and_fails(db, tmp_path, capsys):
    other = item("ps-002", title="Another", scenario="Mira calls the warm line, scared of a new job.")
    flawed = with_choice(other, 2, feedback="This does the task for him.")
    path = _file(tmp_path, [_as_dict(item()), _as_dict(flawed)])
    with pytest.raises(CommandError, match="flaw"):
        call_command("lint_bank", str(path))
    out = capsys.readouterr().out
    assert "2 published questions" in out
    assert "ps-002 [concept-feedback] choice C stands for Case management" in out
    assert "ps-001 [" not in out


def test_lint_bank_json_gives_figures_per_file_and_findings(db, tmp_path, capsys):
    path = _file(tmp_path, [_as_dict(item())])
    call_command("lint_bank", str(path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["published"] == 1 and data["findings"] == [] and data["failures"] == []
    assert data["thresholds"]["baseline_accuracy"] == 0.35
    assert list(data["per_file"]) == ["mine.json"]


def test_lint_bank_refuses_a_broken_file_with_its_name(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "cpsprep-questions", "version": 1, "questions": [{"key": "x"}]}')
    with pytest.raises(CommandError, match=r"broken\.json: questions\[0\] \(x\)"):
        call_command("lint_bank", str(path))


# --- admin --------------------------------------------------------------------------------------------


@pytest.fixture
def flawed(taxonomy):
    """A question whose wrong choice B stands for case management without its feedback saying so."""
    q = QuestionFactory(
        competency=taxonomy["peer-support"],
        choices=[(True, taxonomy["peer-support"]), (False, taxonomy["case-management"]), (False, None)],
    )
    bank.questions_lint()
    q.refresh_from_db()
    return q


def test_stored_findings_show_in_the_changelist_and_its_filter(client, tess, flawed, taxonomy):
    assert " concept-feedback " in flawed.lint_checks
    assert any("choice B stands for Case management" in f["message"] for f in flawed.lint_findings)
    clean = QuestionFactory(competency=taxonomy["peer-support"])
    bank.questions_lint()
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    page = client.get(url, {"lint": "concept-feedback"}).content.decode()
    assert flawed.key in page and clean.key not in page
    assert "concept-feedback" in page and "flaw(s)" in page
    detail = client.get(reverse("admin:quizzes_question_change", args=[flawed.pk])).content.decode()
    assert "choice B stands for Case management, but its feedback does not say so" in detail


def test_the_changelist_costs_the_same_for_few_and_many_questions(client, tess, taxonomy):
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    counts = []
    for n in (2, 30):
        QuestionFactory.create_batch(n, competency=taxonomy["peer-support"])
        bank.questions_lint()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_saving_a_question_in_admin_shows_its_flaws_as_messages(client, tess, taxonomy):
    client.force_login(tess)
    data = question_data(
        taxonomy["peer-support"], FOUR, **{"choices-1-concept": taxonomy["case-management"].pk}
    )
    response = client.post(ADD, data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert "Linter: choice B stands for Case management, but its feedback does not say so." in shown, shown
    question = Question.objects.get(key="ps-new-1")
    assert " concept-feedback " in question.lint_checks
    # Fixing the feedback and saving again clears the finding.
    choices = list(question.choices.order_by("position"))
    data.update(
        {"choices-INITIAL_FORMS": "4", "choices-1-feedback": "This is case management: it does it for her."}
    )
    for i, c in enumerate(choices):
        data.update({f"choices-{i}-id": c.pk, f"choices-{i}-question": question.pk})
    response = client.post(reverse("admin:quizzes_question_change", args=[question.pk]), data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert not any("stands for Case management" in m for m in shown), shown
    assert " concept-feedback " not in Question.objects.get(pk=question.pk).lint_checks


def test_the_worked_example_in_the_content_guide_has_no_finding():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "content-guide.md").read_text()
    example = json.loads(guide.split("## A worked example", 1)[1].split("```json", 1)[1].split("```", 1)[0])
    q = lint.question_from_dict(example)
    assert lint.item_findings(q, NAMES) == []
    assert lint.lint([q], names=NAMES).figures.max_choice_words <= lint.THRESHOLDS.max_choice_words
