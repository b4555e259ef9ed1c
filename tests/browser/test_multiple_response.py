"""A candidate on a phone answers a multiple-response question: ticks by mouse and keyboard autosave,
survive a reload, and the submitted attempt is marked by the whole set."""

import re

import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, AttemptSlot
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import _serious
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_multiple_response import MR_CHOICES, make_mr_question


@pytest.fixture
def mixed_exam(transactional_db, taxonomy):
    single = QuestionFactory(competency=taxonomy["change-agent"])
    return QuizFactory(title="Mixed mock exam", mode="exam", questions=[make_mr_question(taxonomy), single])


def _log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def test_ticks_by_mouse_and_keyboard_autosave_survive_a_reload_and_score(
    chromium, live_server, casey, mixed_exam
):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _log_in(page)
    page.goto(mixed_exam.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()

    group = page.get_by_role(
        "group", name=re.compile(r"Which of these are peer support\? Choose all that apply")
    )
    expect(group).to_be_visible()
    boxes = group.get_by_role("checkbox")
    expect(boxes).to_have_count(4)
    expect(page.get_by_text("0 of 2 answered")).to_be_visible()

    # The trap C is struck out first: striking never ticks it.
    page.get_by_role("button", name="Strike out option C").click()
    expect(page.locator(".choice").nth(2)).to_have_class(re.compile(r"\bstruck\b"))

    # A by mouse (on its label text, as a thumb would), then B with the keyboard: key 2 ticks the second box.
    page.get_by_text(MR_CHOICES[0][0]).click()
    expect(page.locator("#save-status")).to_have_text("Saved: 1 ticked")
    page.keyboard.press("2")
    expect(page.locator("#save-status")).to_have_text("Saved: 2 ticked")
    # Ticking D and clearing it again by keyboard leaves the set at A and B.
    page.keyboard.press("4")
    expect(page.locator("#save-status")).to_have_text("Saved: 3 ticked")
    page.keyboard.press("4")
    expect(page.locator("#save-status")).to_have_text("Saved: 2 ticked")
    slot = AttemptSlot.objects.get(attempt__user=casey, position=1)
    right = set(slot.version.choices.filter(weight__gt=0).values_list("pk", flat=True))
    assert set(slot.selections.values_list("pk", flat=True)) == right
    assert slot.selected_id is None

    page.reload()
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    expect(boxes.nth(2)).not_to_be_checked()
    expect(boxes.nth(3)).not_to_be_checked()
    expect(page.locator(".choice").nth(2)).to_have_class(re.compile(r"\bstruck\b"))
    expect(page.get_by_text("1 of 2 answered")).to_be_visible()
    expect(page.locator("#save-status")).to_have_text("Saved")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "multiple_response_question_360.png"), full_page=True)
    assert _serious(page) == []  # axe-core: checkbox labels, the group's name, contrast

    # Nothing on the page is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", name="Question 2 of 2")).to_be_visible()
    page.locator("input[name=choice]").nth(0).check()
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.get_by_role("button", name="Save and review answers").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("2 of 2 questions answered")).to_be_visible()
    page.get_by_role("button", name="Submit and see my result").click()
    expect(page.get_by_role("heading", name="Your result: Mixed mock exam")).to_be_visible()
    expect(page.locator(".result-score")).to_have_text("2 of 2 right (100%)")

    page.get_by_role("link", name="Review every question").click()
    first = page.locator(".review-item").first
    expect(first.locator(".badge.text-bg-success", has_text="Right").first).to_be_visible()
    expect(first.get_by_text("You ticked this")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "multiple_response_review_360.png"), full_page=True)
    assert _serious(page) == []

    attempt = Attempt.objects.get(user=casey)
    assert (attempt.status, attempt.correct_count) == ("submitted", 2)
    assert AttemptSlot.objects.get(attempt=attempt, position=1).is_correct is True
    context.close()
    assert errors == [], f"the browser reported errors (a CSP violation shows here): {errors}"


def test_practice_feedback_marks_each_ticked_and_each_right_choice(chromium, live_server, casey, taxonomy):
    quiz = QuizFactory(title="Mixed practice", mode="practice", questions=[make_mr_question(taxonomy)])
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    _log_in(page)
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_load_state()
    page.keyboard.press("a")
    page.keyboard.press("c")
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(2)
    page.get_by_role("button", name="Check my answer").click()
    # The verdict is a heading that takes focus on load (a status region arriving with the page is not read).
    expect(page.get_by_role("heading", name=re.compile("^Not quite"))).to_be_focused()
    expect(page.get_by_text("Right answer, and you ticked it.")).to_be_visible()
    expect(page.get_by_text("Right answer, which you did not tick.")).to_be_visible()
    expect(page.get_by_text("You ticked this, but it is not a right answer.")).to_be_visible()
    expect(page.get_by_role("checkbox").first).to_be_disabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "multiple_response_practice_360.png"), full_page=True)
    assert _serious(page) == []
    context.close()
