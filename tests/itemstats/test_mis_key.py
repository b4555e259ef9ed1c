"""Per-choice discrimination and the possible mis-key flag: hand-checked maths, the rule's minimums, and a
generated class whose strongest candidates choose a wrong choice because the key was set on the wrong one."""

import csv
import io
import json
import math

import pytest
from django.core.management import call_command
from django.urls import reverse

from itemstats import flags, statistics
from itemstats.models import QuestionStatistics


def test_point_biserial_matches_the_hand_computation():
    # Rest scores 0, 1, 2, 3; the two at 2 and 3 chose the choice. Mean 1.5, variance 1.25, p = 0.5:
    # covariance 5/4 - 0.5 x 1.5 = 0.5, so r = 0.5 / sqrt(0.25 x 1.25) = 0.8944.
    r = statistics.point_biserial(n=4, chosen=2, sum_rest=6, sum_rest_sq=14, chosen_rest=5)
    assert r == pytest.approx(100 * 0.5 / math.sqrt(0.25 * 1.25)) and round(r, 2) == 89.44
    # The same choice made by the two weakest instead: the mirror image.
    assert statistics.point_biserial(
        n=4, chosen=2, sum_rest=6, sum_rest_sq=14, chosen_rest=1
    ) == pytest.approx(-r)


def test_point_biserial_is_not_enough_data_when_nobody_everybody_or_no_variance():
    assert statistics.point_biserial(n=4, chosen=0, sum_rest=6, sum_rest_sq=14, chosen_rest=0) is None
    assert statistics.point_biserial(n=4, chosen=4, sum_rest=6, sum_rest_sq=14, chosen_rest=6) is None
    assert statistics.point_biserial(n=4, chosen=2, sum_rest=8, sum_rest_sq=16, chosen_rest=4) is None


def _choices(key=10.0, wrong=40.0, count=5):
    return [
        {"label": "A", "correct": True, "count": 20, "discrimination": key},
        {"label": "B", "correct": False, "count": count, "discrimination": wrong},
        {"label": "C", "correct": False, "count": 5, "discrimination": -30.0},
    ]


def test_a_wrong_choice_above_the_key_is_flagged_only_with_enough_responses_and_choosers():
    assert flags.mis_keyed(responses=30, choices=_choices()) == ["B"]
    assert flags.mis_keyed(responses=29, choices=_choices()) == []
    assert flags.mis_keyed(responses=30, choices=_choices(count=flags.MIN_CHOOSERS - 1)) == []


def test_a_wrong_choice_must_be_positive_and_above_every_key():
    assert flags.mis_keyed(responses=30, choices=_choices(key=50.0, wrong=40.0)) == []
    assert flags.mis_keyed(responses=30, choices=_choices(key=-20.0, wrong=-10.0)) == []  # not positive
    assert flags.mis_keyed(responses=30, choices=_choices(key=None, wrong=5.0)) == ["B"]  # key: no data


def _swapped_key_sheet() -> str:
    """40 candidates, 5 questions whose recorded key is A. Questions 2 to 5 sort them by ability (candidate
    i is right from 8, 16, 24, 32 on). On question 1 the stronger half chooses B, the weaker half A or C:
    B is the real answer and A was keyed by mistake."""
    lines = ["candidate,1,2,3,4,5"]
    for i in range(40):
        first = "B" if i >= 20 else ("A" if i % 2 == 0 else "C")
        rest = ["A" if i >= threshold else "B" for threshold in (8, 16, 24, 32)]
        lines.append(",".join([f"cand{i:02d}@example.org", first, *rest]))
    return "\n".join(lines) + "\n"


@pytest.fixture
def swapped(tmp_path, cohort, make_quiz, django_capture_on_commit_callbacks):
    quiz = make_quiz(5, slug="swapped", title="Swapped key")
    path = tmp_path / "sheet.csv"
    path.write_text(_swapped_key_sheet())
    with django_capture_on_commit_callbacks(execute=True):  # the import's statistics task runs on commit
        call_command(
            "import_results", str(path), "--quiz", "swapped", "--cohort", "spring", "--create-missing",
            stdout=io.StringIO(),
        )  # fmt: skip
    return quiz


def test_the_swapped_key_is_a_possible_mis_key_naming_b_in_json_csv_page_and_admin(
    client, swapped, ines, tess
):
    out = io.StringIO()
    call_command("item_stats", "swapped", "--cohort", "spring", stdout=out)
    q1, *others = json.loads(out.getvalue())["questions"]
    assert "possible mis-key: B" in q1["flags"]
    assert all(not any(f.startswith("possible mis-key") for f in q["flags"]) for q in others)
    a, b, c, _ = q1["choices"]
    # Rest scores: 8 candidates each at 0, 1, 2, 3 and 4 (mean 2, variance 2). B: 20 choosers, rest mean 3.2.
    # (3.2 - 2) / sqrt(2) x sqrt(0.5 / 0.5) = 0.8485. A: 10 choosers at rest mean 0.8, p = 0.25.
    assert b["discrimination"] == pytest.approx(100 * 1.2 / math.sqrt(2), abs=0.01)
    assert a["discrimination"] == pytest.approx(
        100 * (0.8 - 2) / math.sqrt(2) * math.sqrt(0.25 / 0.75), abs=0.01
    )
    # The top 27 % are the 18 totals of 3 or more (ties kept together): 16 of them chose B.
    assert (b["share"], b["top_share"], b["bottom_share"]) == (50, 88.89, 0)
    assert c["discrimination"] < 0

    out = io.StringIO()
    call_command("item_stats", "swapped", "--cohort", "spring", "--format", "csv", stdout=out)
    rows = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["position"] == "1"]
    assert [r["choice"] for r in rows if r["possible_mis_key"] == "yes"] == ["B"]
    assert "possible mis-key: B" in rows[0]["flags"]

    client.force_login(ines)
    page = client.get(reverse("itemstats:item_analysis", args=["spring", "swapped"])).content.decode()
    assert "possible mis-key: B" in page
    assert "Possible mis-key: B is chosen more by the candidates who do well" in page
    assert page.count("(possible mis-key)") == 1

    client.force_login(tess)
    changelist = reverse("admin:itemstats_itemquality_changelist")
    question = swapped.items.get(position=1).question
    assert QuestionStatistics.objects.get(question=question).mis_key == "B"
    listed = client.get(changelist, {"flag": "mis-key"}).content.decode()
    assert f">{question.key}<" in listed and "possible mis-key: B" in listed
    assert listed.count("possible mis-key: B") == 1
