"""Item analysis page and `item_stats` command on real attempts: the hand-worked data of test_statistics."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cohorts.models import Membership
from itemstats.models import ItemAnalysis
from quizzes import services as quiz_services
from quizzes.models import QuizRule
from tests.quizzes.factories import UserFactory

# Choice A is the key of every question; B stands for community engagement, C for clinical treatment.
ANSWERS = ["AAA", "AAB", "ABA", "BAC", "BBC"]  # marks 111, 110, 101, 010, 000 as in test_statistics


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(3, slug="mock-exam", title="Mock exam")


@pytest.fixture
def answered(cohort, casey, olu, quiz, take):
    people = [casey] + [UserFactory(username=f"member{i}") for i in range(2, 6)]
    for person in people[1:]:
        Membership.objects.create(cohort=cohort, user=person)
    for person, letters in zip(people, ANSWERS, strict=True):
        take(person, quiz, letters)
    take(olu, quiz, "BBB")  # not a member: counted only without a cohort
    return people


def _json(*args) -> dict:
    out = io.StringIO()
    call_command("item_stats", *args, stdout=out)
    return json.loads(out.getvalue())


def test_item_stats_json_has_the_documented_shape_and_the_hand_worked_values(answered, cohort, quiz):
    report = _json("mock-exam", "--cohort", "spring")
    assert list(report) == [
        "quiz", "attempts", "mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio",
        "standard_error", "questions",
    ]  # fmt: skip
    assert report["quiz"] == "mock-exam" and report["attempts"] == 5
    assert report["mean"] == pytest.approx(53.33) and report["median"] == pytest.approx(66.67)
    assert report["sd"] == pytest.approx(38.01) and report["skewness"] == pytest.approx(-0.4048)
    assert report["kurtosis"] == pytest.approx(-0.1775) and report["cic"] == pytest.approx(46.15)
    assert report["error_ratio"] == pytest.approx(73.38) and report["standard_error"] == pytest.approx(27.89)
    q1, q2, q3 = report["questions"]
    assert list(q1) == [
        "position", "question_id", "title", "facility", "sd", "discrimination_index",
        "discriminative_efficiency", "flags", "choices",
    ]  # fmt: skip
    assert [q["position"] for q in report["questions"]] == [1, 2, 3]
    assert q1["question_id"] == quiz.items.get(position=1).question_id
    assert (q1["facility"], q1["discrimination_index"], q1["discriminative_efficiency"]) == (60, 64.55, 100)
    assert (q2["discrimination_index"], q2["discriminative_efficiency"]) == (0, 0)
    assert (q3["facility"], q3["discrimination_index"], q3["discriminative_efficiency"]) == (40, 32.73, 37.5)
    assert q3["choices"][0] == {
        "label": "A", "text": q3["choices"][0]["text"], "correct": True, "count": 2,
        "share": 40, "top_share": 66.67, "bottom_share": 0, "discrimination": 32.73,
    }  # fmt: skip
    assert [c["count"] for c in q3["choices"]] == [2, 1, 2, 0]
    assert [c["label"] for c in q3["choices"]] == ["A", "B", "C", "D"]
    # Rest scores (total minus question 3's mark) are 2, 2, 1, 1, 0: mean 1.2, variance 0.56. B, chosen
    # once at rest 2: (2/5 - 0.2 x 1.2) / sqrt(0.2 x 0.8 x 0.56) = 0.5345. C, at rests 1 and 0: -0.7638.
    # The key's equals the question's discrimination index, as it must for a one-answer question.
    assert [c["discrimination"] for c in q3["choices"]] == [32.73, 53.45, -76.38, None]
    # B beats the key but one person chose it, of 5 responses: far too few for a mis-key flag.
    assert q3["flags"] == [] and all(q["flags"] == [] for q in report["questions"])


def test_without_a_cohort_every_candidates_attempts_count(answered):
    assert _json("mock-exam")["attempts"] == 6


def test_first_last_and_best_attempts_pick_one_attempt_per_candidate(answered, casey, quiz, take):
    take(casey, quiz, "BBB")  # Casey's second try is her worst
    assert _json("mock-exam", "--cohort", "spring", "--attempts", "all")["attempts"] == 6
    first = _json("mock-exam", "--cohort", "spring", "--attempts", "first")
    assert first["attempts"] == 5 and first["questions"][0]["facility"] == 60
    last = _json("mock-exam", "--cohort", "spring", "--attempts", "last")
    assert last["attempts"] == 5 and last["questions"][0]["facility"] == 40
    best = _json("mock-exam", "--cohort", "spring", "--attempts", "best")
    assert best["questions"][0]["facility"] == 60


def test_item_stats_csv_has_a_row_per_choice(answered):
    out = io.StringIO()
    call_command("item_stats", "mock-exam", "--cohort", "spring", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    q3 = [r for r in rows if r["position"] == "3"]
    assert [(r["choice"], r["count"], r["top_27"], r["bottom_27"]) for r in q3] == [
        ("A", "2", "2", "0"),
        ("B", "1", "1", "0"),
        ("C", "2", "0", "2"),
        ("D", "0", "0", "0"),
        ("", "0", "0", "0"),
    ]
    assert [(r["share"], r["top_27_share"], r["bottom_27_share"], r["discrimination"]) for r in q3] == [
        ("40.0", "66.67", "0.0", "32.73"),
        ("20.0", "33.33", "0.0", "53.45"),
        ("40.0", "0.0", "100.0", "-76.38"),
        ("0.0", "0.0", "0.0", ""),
        ("", "", "", ""),
    ]
    assert {r["possible_mis_key"] for r in rows} == {""}


def test_item_stats_refuses_unknown_quizzes_and_cohorts(answered):
    with pytest.raises(CommandError, match="No quiz"):
        call_command("item_stats", "nope")
    with pytest.raises(CommandError, match="No cohort"):
        call_command("item_stats", "mock-exam", "--cohort", "nope")


def test_the_page_shows_statistics_distractors_and_plain_hints(client, answered, ines, cohort):
    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"])).content.decode()
    assert "64.6%" in page  # question 1's discrimination index
    assert "46.2%" in page  # the quiz's internal consistency
    assert "Community engagement" in page and "Clinical treatment" in page
    assert "Only 5 responses so far" in page
    assert "Internal consistency is low" in page
    assert "Top 27%" in page


def test_most_of_the_strongest_choosing_a_wrong_answer_suggests_checking_the_key(
    client, cohort, ines, quiz, take
):
    people = [UserFactory(username=f"strong{i}") for i in range(4)]
    for person in people:
        Membership.objects.create(cohort=cohort, user=person)
    for person, letters in zip(people, ["BAA", "BAA", "ABB", "ABB"], strict=True):
        take(person, quiz, letters)
    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"])).content.decode()
    assert "Most of the strongest candidates chose B: check the key." in page


def test_statistics_are_computed_after_each_submission_and_the_page_only_reads_them(
    client, answered, ines, casey, quiz, take, django_assert_max_num_queries
):
    client.force_login(ines)
    url = reverse("itemstats:item_analysis", args=["spring", "mock-exam"])
    stored = ItemAnalysis.objects.get(quiz=quiz, cohort__slug="spring", attempts="all")
    computed_at = stored.computed_at
    with django_assert_max_num_queries(8):  # session, user, cohort, quiz, rules, fingerprint, stored analysis
        page = client.get(url).content.decode()
    assert "ago (" in page and "from 5 submitted attempts." in page
    stored.refresh_from_db()
    assert stored.computed_at == computed_at
    take(casey, quiz, "BBB")
    stored.refresh_from_db()
    assert stored.computed_at > computed_at and stored.attempt_count == 6


def test_the_page_says_how_many_newer_attempts_are_not_counted_yet(client, answered, ines, casey, quiz):
    # Submitted without its on-commit work running (the test's transaction never commits): the task that
    # would count it has not run yet, as when the queue's worker is busy.
    attempt = quiz_services.attempt_start(user=casey, quiz=quiz)
    quiz_services.attempt_submit(attempt=attempt)
    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"])).content.decode()
    assert "from 5 submitted attempts; 1 newer attempt will be included shortly." in page


def test_a_blueprint_quiz_says_item_analysis_needs_fixed_questions(client, cohort, ines, quiz):
    QuizRule.objects.create(quiz=quiz, count=2)
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"]))
    assert response.status_code == 409
    assert "blueprint rules" in response.content.decode()
    with pytest.raises(CommandError, match="blueprint"):
        call_command("item_stats", "mock-exam")


def test_a_quiz_nobody_took_says_the_analysis_appears_once_there_are_attempts(client, cohort, ines, quiz):
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"]))
    assert response.status_code == 200
    assert "No submitted attempts of this quiz by the class" in response.content.decode()


def test_one_attempt_is_not_enough_data(client, cohort, ines, casey, quiz, take):
    take(casey, quiz, "AAA")
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"]))
    assert "Not enough data: statistics need at least two attempts." in response.content.decode()


def test_an_unknown_attempts_choice_falls_back_to_all(client, answered, ines):
    client.force_login(ines)
    url = reverse("itemstats:item_analysis", args=["spring", "mock-exam"])
    response = client.get(url + "?attempts=worst")
    assert response.status_code == 200 and "All attempts" in response.content.decode()


def test_one_attempt_gives_its_scores_and_not_enough_data_for_the_rest(
    client, cohort, casey, ines, quiz, take
):
    take(casey, quiz, "ABA")
    report = _json("mock-exam", "--cohort", "spring")
    assert (report["attempts"], report["mean"], report["median"]) == (1, 66.67, 66.67)
    assert [report[k] for k in ("sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error")] == [
        None
    ] * 6
    q1 = report["questions"][0]
    assert q1["facility"] == 100 and q1["sd"] is None
    assert q1["discrimination_index"] is None and q1["discriminative_efficiency"] is None
    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"])).content.decode()
    assert "Not enough data: statistics need at least two attempts." in page
    assert page.count("not enough data") >= 6 + 3 * 3


def test_everyone_answering_alike_is_not_enough_data_never_a_division_by_zero(
    client, cohort, casey, ines, quiz, take
):
    people = [casey] + [UserFactory(username=f"twin{i}") for i in range(3)]
    for person in people[1:]:
        Membership.objects.create(cohort=cohort, user=person)
    for person in people:
        take(person, quiz, "ABC")
    report = _json("mock-exam", "--cohort", "spring")
    assert (report["attempts"], report["mean"], report["sd"]) == (4, 33.33, 0)
    assert (report["skewness"], report["kurtosis"], report["cic"], report["standard_error"]) == (None,) * 4
    for q in report["questions"]:
        assert q["sd"] == 0 and q["discrimination_index"] is None and q["discriminative_efficiency"] is None
    client.force_login(ines)
    response = client.get(reverse("itemstats:item_analysis", args=["spring", "mock-exam"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Internal consistency: not enough data (every attempt had the same total)." in page
    assert "Top and bottom 27 %: not enough data" in page
    assert "Most of the strongest" not in page  # with no groups, no hint about them
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("itemstats:item_analysis_csv", args=["spring", "mock-exam"])
                ).content.decode()
            )
        )
    )
    assert {r["discrimination_index"] for r in csv_rows} == {""}
