"""An instructor signs in, reads the cohort dashboard and an item analysis, and downloads the CSV."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cohorts.models import Assignment, Cohort, Membership
from quizzes import services
from quizzes.models import AttemptSlot, VersionChoice
from tests.browser.conftest import SCREENSHOTS
from tests.quizzes.factories import UserFactory


@pytest.fixture
def cohort_with_results(transactional_db, make_quiz):
    ines = UserFactory(username="ines")
    cohort = Cohort.objects.create(
        name="Spring class", slug="spring", starts_on=datetime.date(2026, 3, 1), join_code="SPRING26"
    )
    cohort.instructors.add(ines)
    quiz = make_quiz(3, slug="mock-exam", title="Mock exam")
    Assignment.objects.create(
        cohort=cohort, quiz=quiz, due_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    )
    for name, letters in [("casey", "AAA"), ("dana", "AAB"), ("eli", "ABA"), ("fay", "BAC"), ("gus", "BBC")]:
        person = UserFactory(username=name)
        Membership.objects.create(cohort=cohort, user=person)
        attempt = services.attempt_start(user=person, quiz=quiz)
        for slot, letter in zip(
            AttemptSlot.objects.filter(attempt=attempt).order_by("position"), letters, strict=True
        ):
            slot.selected = VersionChoice.objects.get(version=slot.version, position="ABCD".index(letter))
            slot.save(update_fields=["selected"])
        services.attempt_submit(attempt=attempt)
    return cohort


def test_an_instructor_reads_the_dashboard_and_item_analysis_and_downloads_the_csv(page, cohort_with_results):
    page.goto("/accounts/login/?next=/cohorts/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Your cohorts")).to_be_visible()
    page.get_by_role("link", name="Spring class").click()
    expect(page.get_by_role("heading", name="Spring class", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Per candidate")
    expect(table.get_by_role("row", name="casey")).to_contain_text("100%")
    expect(page.get_by_text("4 of 5 at risk", exact=False)).to_be_visible()
    expect(page.get_by_role("img", name="Histogram of latest scores")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "instructor-dashboard.png"), full_page=True)

    page.get_by_role("link", name="Item analysis of Mock exam").click()
    expect(page.get_by_role("heading", name="Item analysis: Mock exam")).to_be_visible()
    stats = page.get_by_role("table", name="Quiz statistics")
    expect(stats.get_by_role("row", name="Coefficient of internal consistency")).to_contain_text("46.2%")
    page.get_by_label("Attempts counted").select_option("first")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("First attempt of each candidate").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download item analysis (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "spring-mock-exam-items-first.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("position,question_id,title,responses,facility")
    assert ",64.55,100.0," in text
