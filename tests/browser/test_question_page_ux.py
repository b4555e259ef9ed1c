"""Fixes from the candidate-pages usability review, driven in a real browser.

Flagging keeps the chosen answer and the focus (D1); single-key shortcuts can be turned off and ignore
modifiers and text entry (D2); checked answers stay readable (D3); after a post, focus lands on what happened
(D7); timer warnings are announced once, when crossed (D16).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot
from tests.study.test_spaced_review import _take

PASSWORD = "a-long-test-password"


def _log_in(page, username="casey"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def _active_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css))


def _contrast(fg: str, bg: str) -> float:
    light, dark = sorted((_luminance(_rgb(fg)), _luminance(_rgb(bg))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def practice(transactional_db, make_quiz):
    return make_quiz(3, title="Flag practice")


def test_practice_flag_shortcuts_and_checked_answer(page, casey, practice):
    _log_in(page)
    page.goto(practice.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Question 1 of 3")).to_be_visible()
    page.wait_for_load_state()
    attempt = Attempt.objects.get(user=casey)
    url = page.url
    choice_b = page.locator("input[name=choice]").nth(1)

    # D1: choose B (not checked yet), then flag with F and with the button: no reload, B stays chosen and
    # focused, and the live region says what happened.
    choice_b.check()
    b_id = choice_b.get_attribute("id")
    page.keyboard.press("f")
    expect(page.locator("#flag-status")).to_have_text("Flagged")
    expect(page.locator("#flag-button")).to_have_text("Remove flag")
    expect(page.locator("#flag-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".question-nav [aria-current=step]")).to_contain_text("flagged")
    expect(choice_b).to_be_checked()
    assert _active_id(page) == b_id and page.url == url
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    assert slot.flagged and slot.selected_id is None  # flagged, and the practice answer is not yet checked

    page.locator("#flag-button").click()
    expect(page.locator("#flag-status")).to_have_text("Flag removed")
    expect(page.locator("#flag-button")).to_have_text("Flag this question to come back to")
    expect(page.locator(".question-nav [aria-current=step]")).not_to_contain_text("flagged")
    expect(choice_b).to_be_checked()
    assert _active_id(page) == "flag-button"
    assert not AttemptSlot.objects.get(attempt=attempt, position=1).flagged

    # D2: the shortcuts are on by default; with Ctrl, Alt or Meta held, or while typing, keys do nothing.
    switch = page.get_by_role("switch", name="Keyboard shortcuts")
    expect(switch).to_be_checked()
    hint = page.locator("#shortcut-hint")
    expect(hint).to_have_text("Keyboard: 1\u20134 or A\u2013D choose an answer, N next, F flag.")
    page.keyboard.press("Alt+a")
    page.keyboard.press("Control+1")
    expect(choice_b).to_be_checked()
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.contentEditable = "true";
            box.id = "scratch";
            document.querySelector("main").append(box);
            const list = document.createElement("select");
            list.id = "scratch-list";
            list.append(new Option("one"));
            document.querySelector("main").append(list);
        }"""
    )
    page.locator("#scratch").focus()
    page.keyboard.press("a")
    page.locator("#scratch-list").focus()
    page.keyboard.press("3")
    expect(choice_b).to_be_checked()
    assert page.url == url

    # Turned off: the hint goes, keys do nothing, and it stays off on the next page load.
    switch.uncheck()
    expect(hint).to_be_hidden()
    page.locator("body").focus()
    page.keyboard.press("1")
    page.keyboard.press("n")
    expect(choice_b).to_be_checked()
    assert page.url == url
    page.reload()
    expect(page.get_by_role("switch", name="Keyboard shortcuts")).not_to_be_checked()
    expect(page.locator("#shortcut-hint")).to_be_hidden()
    page.get_by_role("switch", name="Keyboard shortcuts").check()
    expect(page.locator("#shortcut-hint")).to_be_visible()

    # D7: after "Check my answer" focus is on the verdict, so it is read first and scrolled to.
    page.keyboard.press("b")
    page.get_by_role("button", name="Check my answer").click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Not quite: your answer is not the best one.")
    expect(verdict).to_be_focused()
    expect(page.locator(".explanation")).not_to_have_attribute("role", "status")
    # On the feedback view the choices are disabled, so the hint lists only the keys that still work.
    expect(page.locator("#shortcut-hint")).to_have_text("Keyboard: N next, F flag.")

    # D3: the disabled choices' text keeps full opacity and at least 4.5:1 contrast on its background.
    for i in range(4):
        choice = page.locator(".choice").nth(i)
        label = choice.locator(".form-check-label")
        style = label.evaluate(
            """el => {
                let opacity = 1;
                for (let node = el; node; node = node.parentElement) {
                    opacity *= Number(getComputedStyle(node).opacity);
                }
                return {opacity, color: getComputedStyle(el).color,
                        background: getComputedStyle(el.closest('.choice')).backgroundColor};
            }"""
        )
        background = style["background"] if _rgb(style["background"])[3:] != (0.0,) else "rgb(255, 255, 255)"
        assert style["opacity"] == 1, style
        assert _contrast(style["color"], background) >= 4.5, style


def test_review_confirmations_are_next_to_their_question(page, casey, practice):
    done = _take(casey, practice, {1: 0, 2: 1, 3: 0})
    _log_in(page)
    page.goto(f"/attempts/{done.pk}/review/")
    expect(page.get_by_role("heading", name=re.compile("^Review: Flag practice"))).to_be_visible()

    page.get_by_role("button", name="Bookmark this question (question 2)").click()
    note = page.locator("#q2-note")
    expect(note).to_have_text("Question 2 bookmarked.")
    expect(note).to_be_focused()
    expect(page.locator("article", has=page.locator("#q2-heading")).locator(".review-note")).to_have_count(1)
    expect(page.locator("#messages")).to_have_text("")

    page.get_by_text("Report a problem with question 3").click()
    page.get_by_label("What is wrong").nth(2).fill("Choice C reads oddly.")
    page.locator("article", has=page.locator("#q3-heading")).get_by_role(
        "button", name="Send to the trainers"
    ).click()
    note = page.locator("#q3-note")
    expect(note).to_have_text("Thank you. Your report on question 3 has gone to the trainers.")
    expect(note).to_be_focused()
    expect(page.locator("#q2-note")).to_have_count(0)


def test_timer_warning_is_announced_once_when_crossed(page, casey, make_quiz, transactional_db):
    exam = make_quiz(2, title="Short exam", mode="exam", time_limit_minutes=10)
    attempt = quiz_services.attempt_start(user=casey, quiz=exam)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=5, seconds=3))
    _log_in(page)
    page.goto(f"/attempts/{attempt.pk}/q/1/")
    announce = page.locator("#timer-announce")
    expect(announce).to_have_attribute("role", "status")
    assert announce.get_attribute("aria-live") in (None, "polite")
    expect(announce).to_have_text("")
    expect(page.locator("#timer-warning")).to_have_text("")
    # Crossing five minutes while the page is open: shown and announced.
    expect(announce).to_have_text("5 minutes left.", timeout=10_000)
    expect(page.locator("#timer-warning")).to_have_text("5 minutes left.")
    # The next page opens already under five minutes: the warning shows, but is not announced again.
    page.goto(f"/attempts/{attempt.pk}/q/2/")
    expect(page.locator("#timer-warning")).to_have_text("5 minutes left.")
    expect(page.locator("#timer-announce")).to_have_text("")
