"""One percent rule: 5 of 8 reads the same on every page, CSV and chart; pass and at-risk use exact
fractions."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.dashboard import cohort_dashboard
from quizzes import scoring
from quizzes.models import Attempt, CompetencyScore
from tests.quizzes.factories import QuestionFactory, QuizFactory


def test_the_rule_rounds_half_up_from_the_exact_fraction():
    assert scoring.round_percent(5, 8) == 63  # round(62.5) would say 62
    assert scoring.round_percent(139, 200) == 70
    assert scoring.round_percent(1, 201) == 0  # 0.4975: no double rounding through 0.50
    assert scoring.percent_or_none(0, 0) is None


def test_139_of_200_shows_70_percent_yet_fails_the_70_percent_pass_mark():
    assert scoring.round_percent(139, 200) == 70
    assert scoring.passes(139, 200, 70) is False
    assert scoring.passes(140, 200, 70) is True


@pytest.fixture
def five_of_eight(casey, cohort, taxonomy, take):
    """Casey answers 5 of 8 peer-support questions right, so the competency and the quiz both read 5/8."""
    questions = [QuestionFactory(competency=taxonomy["peer-support"]) for _ in range(8)]
    quiz = QuizFactory(questions=questions, slug="eight", title="Eight questions", mode="exam")
    return take(casey, quiz, "AAAAABBB")


def test_five_of_eight_is_63_percent_on_the_result_the_dashboard_the_csv_and_the_chart(
    client, casey, ines, five_of_eight
):
    attempt = five_of_eight
    assert (attempt.correct_count, attempt.question_count) == (5, 8)
    client.force_login(casey)
    result = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "5 of 8 right (63%)" in result
    chart = client.get(reverse("study:progress")).content.decode()
    assert re.search(r"<td>63%</td>", chart) and "62%" not in chart

    client.force_login(ines)
    page = client.get(reverse("cohorts:dashboard", args=["spring"])).content.decode()
    casey_row = page[page.index(">casey<") : page.index("</tr>", page.index(">casey<"))]
    assert casey_row.count("63%") == 3  # best, latest and the peer-support cell
    assert "62%" not in casey_row
    csv = client.get(reverse("cohorts:scores_csv", args=["spring"])).content.decode()
    header, row = csv.splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["best_percent"] == values["latest_percent"] == values["peer-support_percent"] == "63"


def test_a_member_at_139_of_200_in_a_competency_is_at_risk(cohort, casey, taxonomy, make_quiz):
    quiz = make_quiz(1)
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=casey,
        quiz=quiz,
        status=Attempt.Status.SUBMITTED,
        submitted_at=now,
        pass_mark=70,
        correct_count=139,
        question_count=200,
        score_percent=scoring.percent_decimal(139, 200),
        passed=scoring.passes(139, 200, 70),
    )
    CompetencyScore.objects.create(
        attempt=attempt, competency=taxonomy["peer-support"], correct=139, asked=200
    )
    [row] = cohort_dashboard(cohort=cohort).rows
    cell = row.cells[0]
    assert cell.competency.slug == "peer-support"
    assert cell.percent == 70 and cell.below_pass and cell.band == "low"
    assert row.risks == ["Below 70% in Peer support"]
    assert row.latest == 70 and attempt.passed is False
