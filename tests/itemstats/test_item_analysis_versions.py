"""Item analysis labels and keys choices by the question version each attempt was shown, not the current."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from cohorts.models import Cohort, Membership
from itemstats import item_analysis, services
from itemstats.models import ItemAnalysis
from quizzes.models import QuestionVersion
from tests.quizzes.factories import UserFactory

User = get_user_model()

# Before the edit every key is A; B stands for community engagement, C for clinical treatment.
BEFORE = ["AAA", "AAB", "ABA", "BAC", "BBC"]  # question 3 chosen: A, B, A, C, C
AFTER = ["AAB", "ABB", "BAA"]  # question 3 after its key moved to B: right, right, wrong


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(3, slug="mock-exam", title="Mock exam")


@pytest.fixture
def edited(cohort, casey, quiz, take):
    """Five members answer; the trainer moves question 3's key from A to B and rewrites C; three more
    answer."""
    before = [casey] + [UserFactory(username=f"early{i}") for i in range(4)]
    after = [UserFactory(username=f"late{i}") for i in range(3)]
    for person in [*before[1:], *after]:
        Membership.objects.create(cohort=cohort, user=person)
    for person, letters in zip(before, BEFORE, strict=True):
        take(person, quiz, letters)
    question = quiz.items.get(position=3).question
    a, b, c, _ = question.choices.order_by("position")
    a.is_correct, b.is_correct, c.text = False, True, "Rewritten third choice"
    for choice in (a, b, c):
        choice.save()
    for person, letters in zip(after, AFTER, strict=True):
        take(person, quiz, letters)
    assert QuestionVersion.objects.filter(question=question).count() == 2
    return question


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("item_stats", *args, stdout=out)
    return json.loads(out.getvalue())


def test_each_version_has_its_own_choices_counts_and_key(edited):
    report = _json("mock-exam", "--cohort", "spring")
    q1, _, q3 = report["questions"]
    assert "versions" not in q1  # one version seen: the documented shape, unchanged
    # marked against the version shown: 2 of 5 before (key A), 2 of 3 after (key B)
    assert q3["facility"] == 50
    v1, v2 = q3["versions"]
    assert (v1["version"], v1["responses"], v2["version"], v2["responses"]) == (1, 5, 2, 3)
    assert [(c["label"], c["correct"], c["count"]) for c in v1["choices"]] == [
        ("A", True, 2),
        ("B", False, 1),
        ("C", False, 2),
        ("D", False, 0),
    ]
    assert [(c["label"], c["correct"], c["count"]) for c in v2["choices"]] == [
        ("A", False, 1),
        ("B", True, 2),
        ("C", False, 0),
        ("D", False, 0),
    ]
    assert v2["choices"][2]["text"] == "Rewritten third choice"
    assert v1["choices"][2]["text"] != "Rewritten third choice"
    assert q3["choices"] == v2["choices"]  # `choices`: the latest version seen


def test_attempts_that_saw_only_the_old_version_keep_its_key_and_text(edited, casey, ines):
    early = Cohort.objects.create(
        name="Early", slug="early", starts_on=datetime.date(2026, 3, 1), join_code="EARLY1"
    )
    early.instructors.add(ines)
    for user in User.objects.filter(username__in=["casey", "early0", "early1", "early2", "early3"]):
        # they joined after answering, so only their choice to share earlier practice puts it in scope
        Membership.objects.create(cohort=early, user=user, shares_history=True)
    q3 = _json("mock-exam", "--cohort", "early")["questions"][2]
    assert "versions" not in q3 and q3["facility"] == 40
    assert [(c["label"], c["correct"], c["count"]) for c in q3["choices"]] == [
        ("A", True, 2),
        ("B", False, 1),
        ("C", False, 2),
        ("D", False, 0),
    ]
    assert "Rewritten third choice" not in [c["text"] for c in q3["choices"]]


def test_the_page_says_the_question_changed_and_shows_each_versions_key(client, edited, ines):
    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"])).content.decode()
    assert "2 versions</span>" in page
    assert "saw 2 versions of this question (version 1: 5 responses, version 2: 3 responses)" in page
    assert "The key changed between versions (version 1: A; version 2: B)." in page
    assert (
        "Version 1 of question 3 (5 responses): who chose each choice" in page and "key A</caption>" in page
    )
    assert (
        "Version 2 of question 3 (3 responses): who chose each choice" in page and "key B</caption>" in page
    )
    article = page[page.index('id="q3"') :]
    first, second = article.split("Version 2 of question 3")[:2]
    # the key row of each table is its own version's key
    assert '<tr class="table-success">\n          <th scope="row">A (key)</th>' in first
    assert '<tr class="table-success">\n          <th scope="row">B (key)</th>' in second
    assert "Rewritten third choice" in second and "Rewritten third choice" not in first
    q1 = page[page.index('id="q1"') : page.index('id="q2"')]
    assert "versions of this question" not in q1 and "Version 1 of" not in q1


def test_the_csv_has_a_row_per_choice_of_each_version(client, edited, ines):
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis_csv", args=["spring", "mock-exam"]))
    rows = [r for r in csv.DictReader(io.StringIO(response.content.decode())) if r["position"] == "3"]
    assert [(r["version"], r["choice"], r["correct"], r["count"]) for r in rows] == [
        ("1", "A", "yes", "2"),
        ("1", "B", "no", "1"),
        ("1", "C", "no", "2"),
        ("1", "D", "no", "0"),
        ("1", "", "", "0"),
        ("2", "A", "no", "1"),
        ("2", "B", "yes", "2"),
        ("2", "C", "no", "0"),
        ("2", "D", "no", "0"),
        ("2", "", "", "0"),
    ]


def test_the_strongest_choosing_an_old_wrong_answer_is_reported_for_that_version(cohort, quiz, take, casey):
    # Version 1's key is A but the strong candidates choose B; after the fix (key B) they still choose B.
    people = [casey] + [UserFactory(username=f"strong{i}") for i in range(5)]
    for person in people[1:]:
        Membership.objects.create(cohort=cohort, user=person)
    for person, letters in zip(people[:4], ["AAB", "AAB", "BBA", "BBA"], strict=True):
        take(person, quiz, letters)
    question = quiz.items.get(position=3).question
    a, b = question.choices.order_by("position")[:2]
    a.is_correct, b.is_correct = False, True
    a.save()
    b.save()
    for person, letters in zip(people[4:], ["AAB", "BBA"], strict=True):
        take(person, quiz, letters)
    hints = services.item_analysis_compute(quiz=quiz, cohort=cohort).data["questions"][2]["hints"]
    assert "Version 1: most of the strongest candidates chose B: check the key." in hints
    assert not any(h.startswith("Version 2: most") for h in hints)


def test_a_report_stored_in_an_older_format_is_not_shown_and_the_recompute_command_replaces_it(
    client, edited, ines, quiz
):
    client.force_login(ines)
    url = reverse("itemstats:item_analysis", args=["spring", "mock-exam"])
    stored = ItemAnalysis.objects.get(quiz=quiz, cohort__slug="spring", attempts="all")
    data = stored.data
    del data["format"]
    for q in data["questions"]:
        del q["versions"]
    ItemAnalysis.objects.filter(pk=stored.pk).update(data=data)
    page = client.get(url).content.decode()
    assert "being computed" in page and "2 versions</span>" not in page
    stored.refresh_from_db()
    assert "format" not in stored.data  # the page wrote nothing
    call_command("recompute_item_stats", "mock-exam", stdout=io.StringIO())
    response = client.get(url)
    assert response.status_code == 200 and "2 versions</span>" in response.content.decode()
    stored.refresh_from_db()
    assert stored.data["format"] == item_analysis.FORMAT
