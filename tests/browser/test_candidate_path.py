"""A new candidate signs up, takes the starter quiz and reads a per-competency result, in a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from quizzes.models import Attempt, VersionChoice


@pytest.fixture
def content(transactional_db):
    call_command("load_content", verbosity=0)


def test_a_new_candidate_signs_up_takes_the_quiz_and_reads_the_result(page, content):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("riley")
    page.locator("#id_password1").fill("hope-and-recovery-2026")
    page.get_by_label("Password confirmation").fill("hope-and-recovery-2026")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Signed in as riley")).to_be_visible()

    page.get_by_role("link", name="Core competencies: a first look").click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Question 1 of 15")).to_be_visible()

    # Practice mode: check each answer, read its feedback and explanation, go on. The last is left blank.
    # The starter mixes kinds: radio buttons ("choice") and, to choose all that apply, checkboxes ("choices").
    for number in range(1, 15):
        expect(page.get_by_role("heading", name=f"Question {number} of 15")).to_be_visible()
        page.locator("input[name=choice], input[name=choices]").first.check()
        page.get_by_role("button", name="Check my answer").click()
        expect(page.get_by_role("heading", name="Explanation")).to_be_visible()
        expect(page.locator(".correct-choice .feedback").first).to_contain_text("Right answer")
        expect(page.locator("input[name=choice]:checked, input[name=choices]:checked")).to_be_disabled()
        page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Question 15 of 15")).to_be_visible()
    expect(page.get_by_text("14 of 15 answered")).to_be_visible()
    page.get_by_role("button", name="Review answers", exact=True).click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("1 question not answered yet")).to_be_visible()
    page.get_by_role("button", name="Submit and see my result").click()

    attempt = Attempt.objects.get(user__username="riley")
    assert attempt.status == "submitted"
    expect(page.get_by_role("heading", name="Your result: Core competencies: a first look")).to_be_visible()
    expect(page.locator(".result-score")).to_have_text(
        re.compile(rf"{attempt.correct_count} of 15 right \({round(attempt.score_percent)}%\)")
    )
    table = page.get_by_role("table")
    for name in ("Peer support", "In but not of the system", "Change agent"):
        expect(table.get_by_role("rowheader", name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="Mix-ups to watch")).to_be_visible()

    page.get_by_role("link", name="Review every question").click()
    expect(page.locator(".review-item")).to_have_count(15)
    # One "Right answer" badge per right choice (a choose-all-that-apply question has several).
    right = VersionChoice.objects.filter(version__slots__attempt=attempt, is_correct=True).count()
    assert right >= 15
    expect(page.locator(".review-item .badge", has_text="Right answer")).to_have_count(right)
