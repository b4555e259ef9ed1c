"""A returning candidate walks through every study tool in a real browser, on a desktop and on a phone.

Dashboard (resume, assigned quiz with its due date, readiness with its basis, due reviews, history), the
question page (timer warning that can be hidden, shortcuts, strike-out, progress bar), result (confusions in
words with why_not_core), review (filters, bookmark, problem report that reaches the trainers' queue in admin
with a status), progress charts with their tables, the review-due session that reschedules, the weak-area
drill, and the "not enough data" case for a new candidate. Screenshots go to var/screenshots/.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Assignment, Cohort, Membership
from competencies.models import Competency
from quizzes import services as quiz_services
from quizzes.models import Accommodation, Attempt, AttemptSlot
from study.models import ProblemReport, ReviewCard
from tests.browser.conftest import SCREENSHOTS
from tests.quizzes.factories import UserFactory
from tests.study.test_spaced_review import _take

WIDTHS = [("desktop", 1280, 900), ("phone", 360, 780)]
PASSWORD = "a-long-test-password"


@pytest.fixture
def world(transactional_db, casey, olu, make_quiz):
    """Casey: 24 practice answers two days ago (8 per competency, 5 missed), a timed exam in progress
    with its 5-minute warning about to show, 50 % extra time, and a class assignment due in five days."""
    now = timezone.now()
    Accommodation.objects.create(user=casey, extra_time_percent=50)
    history = make_quiz(24, title="Big practice")
    # make_quiz cycles peer support, in but not of the system, change agent; choice 1 is community engagement.
    answers = dict.fromkeys(range(1, 25), 0) | {2: 1, 3: 1, 6: 1, 9: 1, 12: 1}
    _take(casey, history, answers)
    two_days_ago = now - timedelta(days=2)
    Attempt.objects.filter(user=casey).update(
        started_at=two_days_ago - timedelta(minutes=30), submitted_at=two_days_ago
    )
    AttemptSlot.objects.filter(attempt__user=casey).update(answered_at=two_days_ago - timedelta(minutes=5))

    exam = make_quiz(4, title="Timed mock exam", mode="exam", time_limit_minutes=20)
    running = quiz_services.attempt_start(user=casey, quiz=exam)
    Attempt.objects.filter(pk=running.pk).update(deadline=now + timedelta(minutes=4, seconds=40))

    assigned = make_quiz(3, title="Week 3 check-in", mode="exam", time_limit_minutes=10)
    cohort = Cohort.objects.create(name="Spring class", slug="spring", starts_on=now.date())
    Membership.objects.create(cohort=cohort, user=casey)
    due_at = now + timedelta(days=5)
    Assignment.objects.create(cohort=cohort, quiz=assigned, due_at=due_at)

    trainer = UserFactory(username="tess", is_staff=True)
    codenames = import_module("study.migrations.0002_trainers_handle_problem_reports").GRANTS["Trainers"]
    trainer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="study", codename__in=codenames)
    )
    return {"running": running, "due_at": due_at}


def _log_in(page, username: str, url: str = "/accounts/login/") -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _snap(page, width_name: str, step: str) -> None:
    """Keep a screenshot for reviewers, and check that nothing scrolls sideways."""
    page.screenshot(path=str(SCREENSHOTS / f"walk-{width_name}-{step}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{step} scrolls sideways by {overflow}px"


@pytest.mark.parametrize(("width_name", "width", "height"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_a_returning_candidate_uses_every_study_tool(
    chromium, live_server, casey, world, width_name, width, height
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # --- Dashboard: next step, resume, readiness with its basis, due reviews, assignment, history.
    _log_in(page, "casey")
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()
    expect(page.locator(".next-step")).to_have_text("Finish “Timed mock exam”, which you started earlier.")
    in_progress = page.get_by_role("region", name="In progress")
    expect(in_progress).to_contain_text("Timed mock exam")
    expect(in_progress).to_contain_text("time runs out")
    expect(page.get_by_text("From 24 answers in the last 30 days")).to_be_visible()
    mastery = page.locator(".mastery-table tbody tr")
    expect(mastery.nth(0)).to_contain_text(re.compile(r"Peer support\s+100%"))
    expect(mastery.nth(1)).to_contain_text(re.compile(r"In but not of the system\s+88%"))
    expect(mastery.nth(2)).to_contain_text(re.compile(r"Change agent\s+50%\s+\d+\u2013\d+%"))
    expect(page.locator(".pass-chance")).to_contain_text(re.compile(r"chance of reaching 70%.*: \d+%"))
    expect(page.get_by_text("5 questions due for review today.")).to_be_visible()
    assigned = page.get_by_role("region", name="Assigned by your class")
    expect(assigned).to_contain_text("Week 3 check-in")
    due = timezone.localtime(world["due_at"])  # shown in the site's time zone, not UTC's date
    expect(assigned).to_contain_text(f"Due {due:%b} {due.day}")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Big practice")
    expect(history).to_contain_text("19/24 (79%)")
    _snap(page, width_name, "1-dashboard")

    # The assigned timed quiz states the candidate's extra time (WCAG 2.2.1).
    assigned.get_by_role("link", name="Week 3 check-in").click()
    expect(page.get_by_text("Time limit: 10 minutes, plus your extra time of 50%")).to_be_visible()
    page.go_back()

    # --- Resume the timed exam.
    in_progress.get_by_role("link", name="Resume Timed mock exam").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("link", name="Question 1", exact=True).click()
    expect(page.get_by_role("heading", name="Question 1 of 4")).to_be_visible()
    page.wait_for_load_state()
    expect(
        page.get_by_text("Keyboard: 1\u20134 or A\u2013D choose an answer, N next, F flag.")
    ).to_be_visible()
    expect(page.get_by_text("0 of 4 answered")).to_be_visible()
    expect(page.locator("#answered-progress")).to_have_attribute("value", "0")

    # Under five minutes left: the warning shows and is announced; hiding the timer keeps the warning.
    expect(page.locator("#timer-text")).to_have_text(re.compile(r"^4:\d\d left$"))
    # The page opened already under five minutes: the warning shows but is not announced again (D16).
    expect(page.locator("#timer-warning")).to_have_text("5 minutes left.")
    expect(page.locator("#timer-announce")).to_have_attribute("role", "status")
    expect(page.locator("#timer-announce")).to_have_text("")
    page.get_by_role("button", name="Hide timer").click()
    expect(page.locator("#timer-text")).to_be_hidden()
    expect(page.get_by_role("button", name="Show timer")).to_have_attribute("aria-expanded", "false")

    # Strike out option C; choose B with the keyboard; flag with F.
    page.get_by_role("button", name="Strike out option C").click()
    expect(page.locator(".choice").nth(2)).to_have_class(re.compile(r"\bstruck\b"))
    page.keyboard.press("b")
    expect(page.locator("#save-status")).to_have_text("Saved")
    expect(page.locator("input[name=choice]").nth(1)).to_be_checked()
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Remove flag")).to_be_visible()
    expect(page.locator(".choice").nth(2)).to_have_class(re.compile(r"\bstruck\b"))
    page.wait_for_load_state()

    # N goes on; the timer stays hidden on the next page and the progress bar has moved.
    page.keyboard.press("n")
    expect(page.get_by_role("heading", name="Question 2 of 4")).to_be_visible()
    page.wait_for_load_state()
    expect(page.locator("#answered-progress")).to_have_attribute("value", "1")
    expect(page.get_by_text("1 of 4 answered")).to_be_visible()
    expect(page.locator("#timer-text")).to_be_hidden()
    expect(page.locator("#timer-warning")).to_have_text("5 minutes left.")
    page.keyboard.press("1")
    expect(page.locator("#save-status")).to_have_text("Saved")
    _snap(page, width_name, "2-question")
    page.get_by_role("button", name="Show timer").click()
    expect(page.locator("#timer-text")).to_be_visible()
    page.keyboard.press("p")
    expect(page.get_by_role("heading", name="Question 1 of 4")).to_be_visible()
    expect(page.get_by_text("2 of 4 answered")).to_be_visible()

    page.get_by_role("button", name="Review answers and submit").click()
    expect(page.get_by_text("2 of 4 questions answered, 1 flagged")).to_be_visible()
    _snap(page, width_name, "3-summary")
    page.get_by_role("button", name="Submit and see my result").click()

    # --- Result: score, verdict, time used, bars per competency, the confusion in words, why it isn't core.
    expect(page.get_by_role("heading", name="Your result: Timed mock exam")).to_be_visible()
    expect(page.locator(".result-score")).to_have_text("1 of 4 right (25%)")
    expect(page.locator(".result-verdict")).to_contain_text("Not passed yet")
    expect(page.locator(".result-verdict")).to_contain_text(re.compile(r"Time used: \d+ min \d+ s\."))
    expect(page.locator(".competency-table progress")).to_have_count(3)
    confusion = page.locator(".confusion")
    expect(confusion).to_contain_text(
        "In 1 question you chose community engagement as if it were peer support."
    )
    why_not = Competency.objects.get(slug="community-engagement").why_not_core
    expect(confusion).to_contain_text(why_not)
    _snap(page, width_name, "4-result")

    # --- Review: every question, filters, a bookmark and a problem report.
    page.get_by_role("link", name="Review every question").click()
    expect(page.locator(".review-item")).to_have_count(4)
    expect(page.locator("#q1-heading")).to_contain_text("Wrong")
    expect(page.locator(".review-item").first).to_contain_text("Your answer")
    expect(page.locator(".review-item").first).to_contain_text("Right answer")
    expect(page.locator(".review-item").first.locator(".explanation")).to_be_visible()
    filters = page.get_by_role("navigation", name="Show questions")
    filters.get_by_role("link", name="Wrong or unanswered").click()
    expect(page.locator(".review-item")).to_have_count(3)
    filters.get_by_role("link", name="Flagged").click()
    expect(page.locator(".review-item")).to_have_count(1)
    expect(page.locator(".review-item h2")).to_contain_text("Question 1")
    filters.get_by_role("link", name="All questions").click()
    page.get_by_role("button", name="Bookmark this question (question 2)").click()
    expect(page.get_by_text("Question 2 bookmarked.")).to_be_visible()
    filters.get_by_role("link", name="Bookmarked").click()
    expect(page.locator(".review-item")).to_have_count(1)
    expect(page.get_by_role("button", name="Remove bookmark (question 2)")).to_have_attribute(
        "aria-pressed", "true"
    )
    filters.get_by_role("link", name="All questions").click()
    first = page.locator(".review-item").first
    first.get_by_text("Report a problem").click()
    first.get_by_label("What is wrong with this question?").fill("B and A both seem right to me.")
    _snap(page, width_name, "5-review")
    first.get_by_role("button", name="Send to the trainers").click()
    expect(page.get_by_text("Your report on question 1 has gone to the trainers.")).to_be_visible()
    report = ProblemReport.objects.get(reporter=casey)
    assert (report.message, report.status) == ("B and A both seem right to me.", "new")

    # --- Progress: two charts, each with a table of the same numbers.
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_text("28 answers in all")).to_be_visible()
    expect(page.get_by_role("img", name="Share right each week, by competency")).to_be_visible()
    expect(page.get_by_role("img", name="Answers each week, by competency")).to_be_visible()
    expect(page.locator("#trend-table caption")).to_contain_text("Share right each week")
    totals = page.locator("#volume-table tbody tr td:last-child").all_inner_texts()
    assert len(totals) == 8 and sum(int(t) for t in totals) == 28
    _snap(page, width_name, "6-progress")

    # --- Review due: the five missed questions come back as a practice quiz and are rescheduled.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("button", name="Review due questions").click()
    expect(page.get_by_role("heading", name="Question 1 of 5")).to_be_visible()
    expect(page.get_by_text("Review due", exact=True)).to_be_visible()
    for number in range(1, 6):
        expect(page.get_by_role("heading", name=f"Question {number} of 5")).to_be_visible()
        page.locator("label", has_text="Option A for").click()
        page.get_by_role("button", name="Check my answer").click()
        expect(page.locator(".correct-choice .feedback")).to_contain_text("Right answer.")
        if number < 5:
            page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Review answers", exact=True).click()
    page.get_by_role("button", name="Submit and see my result").click()
    expect(page.locator(".result-score")).to_have_text("5 of 5 right (100%)")
    page.get_by_role("link", name="Back to your dashboard").click()
    expect(page.get_by_text("Nothing is due for review today.")).to_be_visible()
    now = timezone.now()
    assert not ReviewCard.objects.filter(user=casey, due__lte=now).exists()
    assert ReviewCard.objects.filter(user=casey, reviews=2, due__gt=now + timedelta(days=1)).count() == 5

    # --- Weak-area drill: change agent is the weakest, community engagement the usual mix-up.
    page.get_by_role("button", name="Build my drill").click()
    expect(
        page.get_by_text("Weak-area drill: Change agent, and community engagement mix-ups")
    ).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Question 1 of \d+$"))).to_be_visible()
    _snap(page, width_name, "7-drill")
    page.get_by_role("button", name="Log out").click()

    # --- The report waits in the trainers' queue in admin with its status; a trainer moves it on.
    _log_in(page, "tess", "/admin/login/?next=/admin/study/problemreport/")
    queue = page.locator("#result_list")
    expect(queue).to_contain_text("B and A both seem right to me.")
    expect(queue).to_contain_text("New")
    queue.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("mark_in_review")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("#result_list")).to_contain_text("Being looked at")
    report.refresh_from_db()
    assert report.status == "in_review"
    page.get_by_role("button", name="Log out").click()

    # --- A new candidate is told there is not enough data instead of a guess.
    _log_in(page, "olu")
    expect(
        page.get_by_text(re.compile(r"Not enough answers yet \(0 so far; we need 8 to say\)"))
    ).to_have_count(3)
    expect(page.locator(".pass-chance")).to_contain_text("can't estimate your chance")
    expect(page.get_by_role("region", name="Assigned by your class")).to_have_count(0)
    _snap(page, width_name, "8-new-candidate")
    context.close()
    assert errors == []
