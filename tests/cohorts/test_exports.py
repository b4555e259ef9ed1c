"""CSV exports of cohort scores and item analysis."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
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
    assert row["latest_percent"] == "33"  # whole percents, by the rule every page uses
    assert (row["peer-support_percent"], row["change-agent_percent"]) == ("100", "0")
    assert "Below 70%" in row["at_risk"]


def test_the_item_analysis_csv_downloads_from_the_page(client, cohort, ines, casey, make_quiz, take):
    quiz = make_quiz(2, slug="short")
    take(casey, quiz, "AB")
    client.force_login(ines)
    url = reverse("itemstats:item_analysis_csv", args=["spring", "short"])
    response = client.get(url + "?attempts=first")
    assert 'filename="spring-short-items-first.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["position"], r["choice"], r["count"]) for r in rows if r["count"] == "1"] == [
        ("1", "A", "1"),
        ("2", "B", "1"),
    ]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted():
    text = exports.to_csv([["=SUM(A1)", "+1+HYPERLINK(A2)", "@x", "-x", "\tx", "plain", 5, "-25", "+1"]])
    # a plain number, written as text or not, is a number to a spreadsheet too, and stays as it is
    assert text.strip() == "'=SUM(A1),'+1+HYPERLINK(A2),'@x,'-x,'\tx,plain,5,-25,+1"


def test_the_scores_csv_from_the_command_line_matches_the_download(
    client, cohort, ines, casey, make_quiz, take
):
    quiz = make_quiz(3)
    take(casey, quiz, "AAB")
    out = io.StringIO()
    call_command("cohort_scores", "spring", stdout=out)
    client.force_login(ines)
    assert out.getvalue() == client.get(reverse("cohorts:scores_csv", args=["spring"])).content.decode()
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["candidate"], row["attempts"], row["best_percent"]) == ("casey", "1", "67")
    assert (row["peer-support_percent"], row["in-but-not-of-the-system_percent"]) == ("100", "100")
    assert row["change-agent_percent"] == "0"


def test_the_scores_command_refuses_an_unknown_cohort(db):
    with pytest.raises(CommandError, match="No cohort has the slug 'nope'"):
        call_command("cohort_scores", "nope")


def test_last_active_is_a_local_minute_in_the_page_csv_and_the_command(
    client, cohort, ines, casey, make_quiz, take, settings
):
    import datetime

    settings.TIME_ZONE = "America/New_York"
    quiz = make_quiz(3)
    # 2026-03-10 14:05:33.123456 UTC is 10:05 in America/New_York (daylight time from March 8)
    take(
        casey,
        quiz,
        "AAB",
        submitted_at=datetime.datetime(2026, 3, 10, 14, 5, 33, 123456, tzinfo=datetime.UTC),
    )
    client.force_login(ines)
    page = client.get(reverse("cohorts:scores_csv", args=["spring"])).content.decode()
    [row] = list(csv.DictReader(io.StringIO(page)))
    assert row["last_active"] == "2026-03-10 10:05"
    out = io.StringIO()
    call_command("cohort_scores", "spring", stdout=out)
    assert out.getvalue() == page


def test_the_assignment_form_names_the_time_zone(client, cohort, ines, settings):
    client.force_login(ines)
    page = client.get(reverse("cohorts:assignments", args=["spring"])).content.decode()
    assert f"in the {settings.TIME_ZONE} time zone" in page


def test_admin_names_item_analyses_in_the_plural(client, tess):
    from itemstats.models import ItemAnalysis

    assert ItemAnalysis._meta.verbose_name_plural == "item analyses"
    tess.is_superuser = True
    tess.save()
    client.force_login(tess)
    page = client.get("/admin/").content.decode()
    assert "Item analyses" in page and "Item analysiss" not in page
