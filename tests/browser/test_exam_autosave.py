"""An exam saves each answer as it is chosen; closing the page and coming back loses nothing."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, AttemptSlot


@pytest.fixture
def exam(transactional_db, make_quiz):
    return make_quiz(4, title="Timed mock exam", mode="exam", time_limit_minutes=30)


def test_answers_autosave_survive_closing_the_page_and_submit(chromium, live_server, casey, exam):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(exam.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#timer-text")).to_contain_text("left")

    # Strike out an option ruled out: it stays struck when the page is reloaded, and saves no answer.
    page.get_by_role("button", name="Strike out option A").click()
    expect(page.locator(".choice").first).to_have_class(re.compile(r"\bstruck\b"))
    page.reload()
    expect(page.get_by_role("button", name="Undo strike-out option A")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert not AttemptSlot.objects.exclude(selected=None).exists()

    # Choose with the mouse on question 1 and with the keyboard (key 3) on question 2: no form submission.
    page.locator("input[name=choice]").nth(1).check()
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.locator(".question-nav a").nth(1).click()
    expect(page.get_by_role("heading", name="Question 2 of 4")).to_be_visible()
    page.wait_for_load_state()
    page.keyboard.press("3")
    expect(page.locator("#save-status")).to_have_text("Saved")
    attempt = Attempt.objects.get(user=casey)
    saved = dict(AttemptSlot.objects.filter(attempt=attempt).values_list("position", "selected_id"))
    assert saved[1] is not None and saved[2] is not None and saved[3] is None

    # Close the browser tab, open a new one, and come back through the home page.
    context.close()
    context = chromium.new_context(base_url=live_server.url, storage_state=None)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Resume Timed mock exam").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("2 questions not answered yet")).to_be_visible()
    page.get_by_role("link", name="Question 2").click()
    expect(page.locator(f"#choice-{saved[2]}")).to_be_checked()

    page.wait_for_load_state()
    page.keyboard.press("f")
    expect(page.get_by_role("button", name="Remove flag")).to_be_visible()
    page.get_by_role("button", name="Review answers and submit").click()
    expect(page.get_by_text("1 flagged", exact=False)).to_be_visible()
    page.get_by_role("button", name="Submit and see my result").click()
    expect(page.get_by_role("heading", name="Your result: Timed mock exam")).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.slots.exclude(selected=None).count() == 2
    context.close()
