"""CSV exports of cohort scores and item analysis."""

import csv
import io

from django.urls import reverse

from cohorts import exports


def test_the_scores_csv_has_a_row_per_member_with_competency_percentages(
    client, cohort, ines, casey, make_quiz, take
):
    quiz = make_quiz(3)
    take(casey, quiz, "ABB")
    client.force_login(ines)
    response = client.get(reverse("cohorts:scores_csv", args=["spring"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="spring-scores.csv"' in response["Content-Disposition"]
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["candidate"] == "casey" and row["attempts"] == "1"
    assert row["latest_percent"] == "33.33"
    assert (row["peer-support_percent"], row["change-agent_percent"]) == ("100", "0")
    assert "Below 70%" in row["at_risk"]


def test_the_item_analysis_csv_downloads_from_the_page(client, cohort, ines, casey, make_quiz, take):
    quiz = make_quiz(2, slug="short")
    take(casey, quiz, "AB")
    client.force_login(ines)
    response = client.get(reverse("cohorts:item_analysis_csv", args=["spring", "short"]) + "?attempts=first")
    assert 'filename="spring-short-items-first.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["position"], r["choice"], r["count"]) for r in rows if r["count"] == "1"] == [
        ("1", "A", "1"),
        ("2", "B", "1"),
    ]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted():
    text = exports.to_csv([["=SUM(A1)", "+1", "plain", 5]])
    assert text.strip() == "'=SUM(A1),'+1,plain,5"
