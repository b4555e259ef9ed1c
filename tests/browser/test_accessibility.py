"""axe-core on every candidate page, at desktop and phone widths, with screenshots for reviewers."""

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Assignment, Cohort, Membership
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot
from tests.browser.conftest import SCREENSHOTS

WIDTHS = [("desktop", 1280, 900), ("phone", 360, 780)]
SERIOUS = {"serious", "critical"}


def _serious(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    # Each violation with its first nodes and axe's summary of what fails (colours, ratios, missing names).
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + repr([(n["target"], n.get("failureSummary")) for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def history(transactional_db, casey, make_quiz):
    """Casey has one submitted timed exam (a miss and a flag), one exam in progress, a practice quiz showing
    feedback on its first question, and a class assignment, so every section of the pages is checked."""
    done = quiz_services.attempt_start(user=casey, quiz=make_quiz(6, title="Mock exam A", mode="exam"))
    for slot in AttemptSlot.objects.filter(attempt=done):
        choice = slot.version.choices.get(position=0 if slot.position % 2 else 1).pk
        quiz_services.answer_save(
            attempt_id=done.pk, user=casey, position=slot.position, choice_id=choice, sequence=0
        )
    quiz_services.attempt_flag(attempt_id=done.pk, user=casey, position=2, flagged=True)
    quiz_services.attempt_submit(attempt=done)
    running = quiz_services.attempt_start(
        user=casey, quiz=make_quiz(4, title="Timed practice exam", mode="exam", time_limit_minutes=20)
    )
    practice = quiz_services.attempt_start(user=casey, quiz=make_quiz(3, title="Practice set"))
    slot = AttemptSlot.objects.get(attempt=practice, position=1)
    quiz_services.answer_save(
        attempt_id=practice.pk,
        user=casey,
        position=1,
        choice_id=slot.version.choices.get(position=1).pk,
        sequence=0,
    )
    cohort = Cohort.objects.create(name="Spring class", slug="spring", starts_on=timezone.localdate())
    Membership.objects.create(cohort=cohort, user=casey)
    Assignment.objects.create(cohort=cohort, quiz=running.quiz, due_at=timezone.now() + timedelta(days=2))
    return done, running, practice


@pytest.mark.parametrize(("width_name", "width", "height"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_candidate_pages_have_no_serious_accessibility_violations(
    chromium, live_server, casey, history, width_name, width, height
):
    done, running, practice = history
    context = chromium.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()
    expect(page.get_by_role("region", name="Assigned by your class")).to_contain_text("Timed practice exam")

    pages = {
        "dashboard": "/dashboard/",
        "question": f"/attempts/{running.pk}/q/1/",
        "feedback": f"/attempts/{practice.pk}/q/1/",
        "summary": f"/attempts/{running.pk}/summary/",
        "result": f"/attempts/{done.pk}/result/",
        "review": f"/attempts/{done.pk}/review/",
        "progress": "/progress/",
        "account": "/accounts/",
        "classes": "/cohorts/join/",
        "my-class": "/cohorts/spring/my-results/",
        "email-change": "/accounts/email/",
        "password-change": "/accounts/password_change/",
        "delete-account": "/accounts/delete/",
    }
    found = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state()
        if name == "review":  # check the problem-report form too
            page.locator(".review-item").first.get_by_text("Report a problem").click()
        found[name] = _serious(page)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width_name}.png"), full_page=True)
        # Nothing may scroll sideways on a phone.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert errors == []
    assert Attempt.objects.filter(pk=running.pk, status="in_progress").exists()
