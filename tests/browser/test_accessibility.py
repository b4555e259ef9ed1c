"""axe-core on every candidate page, at desktop and phone widths, with screenshots for reviewers."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot
from tests.browser.conftest import SCREENSHOTS

WIDTHS = [("desktop", 1280, 900), ("phone", 360, 780)]
SERIOUS = {"serious", "critical"}


def _serious(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def history(transactional_db, casey, make_quiz):
    """Casey has one submitted timed exam (a miss and a flag) and one exam in progress."""
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
    return done, running


@pytest.mark.parametrize(("width_name", "width", "height"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_candidate_pages_have_no_serious_accessibility_violations(
    chromium, live_server, casey, history, width_name, width, height
):
    done, running = history
    context = chromium.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()

    pages = {
        "dashboard": "/dashboard/",
        "question": f"/attempts/{running.pk}/q/1/",
        "summary": f"/attempts/{running.pk}/summary/",
        "result": f"/attempts/{done.pk}/result/",
        "review": f"/attempts/{done.pk}/review/",
        "progress": "/progress/",
    }
    found = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state()
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
