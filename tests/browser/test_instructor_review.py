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


@pytest.fixture
def long_quiz(cohort_with_results, make_quiz):
    """A 32-question quiz, so a wrong header in a paper import names a long unbroken 'candidate,1,…,32'."""
    return make_quiz(32, slug="long-mock", title="Long mock")


def _overflow_and_axe(page) -> tuple[int, list[str]]:
    from axe_playwright_python.sync_playwright import Axe

    width = page.evaluate("document.documentElement.scrollWidth")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return width, serious


def test_instructor_pages_fit_a_phone_and_pass_axe(chromium, live_server, cohort_with_results, long_quiz):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto("/accounts/login/?next=/cohorts/")
    page.get_by_label("Username").fill("ines")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your cohorts")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, url in [
        ("dashboard", "/cohorts/spring/"),
        ("members", "/cohorts/spring/members/"),
        ("assignments", "/cohorts/spring/assignments/"),
        ("item-analysis", "/cohorts/spring/quizzes/mock-exam/items/"),
    ]:
        page.goto(url)
        width, serious = _overflow_and_axe(page)
        page.screenshot(path=str(SCREENSHOTS / f"instructor-phone-{name}.png"), full_page=True)
        if width > 360 or serious:
            problems[name] = (width, serious)
    # the dashboard's wide table scrolls inside a named region a keyboard can reach
    page.goto("/cohorts/spring/")
    region = page.get_by_role("region", name="Per candidate")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    expect(region).to_be_focused()
    assert page.evaluate("document.querySelector('svg.histogram').getBoundingClientRect().width") <= 360
    # a wrong header on a 32-question quiz: the long expected header wraps
    page.goto("/cohorts/spring/import/")
    page.get_by_label("Quiz").select_option(label="Long mock")
    page.get_by_label("Results file (CSV)").set_input_files(
        files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": b"name,1,2\ncasey,A,B\n"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert").first).to_contain_text("the header must be 'candidate,1,2,3")
    width, serious = _overflow_and_axe(page)
    page.screenshot(path=str(SCREENSHOTS / "instructor-phone-import-error.png"), full_page=True)
    if width > 360 or serious:
        problems["import"] = (width, serious)
    context.close()
    assert problems == {}
