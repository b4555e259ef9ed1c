"""A trainer authors a question in admin, is stopped by a validation message, fixes it, previews it, and
imports a GIFT file through the upload page, in a real browser."""

from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from quizzes.models import Question
from tests.quizzes.factories import UserFactory

GIFT = Path(__file__).resolve().parents[1] / "quizzes" / "files" / "moodle_peer_support.gift"
PASSWORD = "a-long-test-password"


def _trainers_group() -> Group:
    """The Trainers group as the migrations make it (an earlier transactional test may have flushed it)."""
    grants = import_module("quizzes.migrations.0002_groups").GROUP_PERMISSIONS["Trainers"]
    group, _ = Group.objects.get_or_create(name="Trainers")
    for app_label, by_model in grants.items():
        for model, actions in by_model.items():
            codenames = [f"{action}_{model}" for action in actions.split()]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
    return group


@pytest.fixture
def trainer(transactional_db):
    call_command("loaddata", "fixtures/competencies.json", verbosity=0)
    user = UserFactory(username="tess", is_staff=True)
    user.groups.add(_trainers_group())
    return user


def test_a_trainer_authors_previews_and_imports_questions(page, trainer):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto("/admin/quizzes/question/add/")
    page.get_by_label("Key").fill("ps-browser-1")
    page.get_by_label("Status").select_option("published")
    page.get_by_label("Title").fill("Whose plan is it?")
    page.locator(".field-competency .select2-selection").click()
    page.locator(".select2-search__field").fill("Peer")
    page.get_by_role("option", name="Peer support").click()
    page.get_by_label("Scenario").fill("Marcus has a new recovery plan written by his treatment team.")
    page.get_by_label("Stem").fill("What does the peer specialist ask Marcus first?")
    page.get_by_label("Explanation").fill("Peer support starts with what the person wants.")
    page.locator("#id_choices-0-text").fill("What he wants the plan to say, in his own words")
    page.locator("#id_choices-0-feedback").fill("Right: the plan is Marcus's.")
    page.locator("#id_choices-0-is_correct").check()
    page.locator("#id_choices-1-text").fill("Whether he has read the team's plan yet")
    page.locator("#id_choices-1-feedback").fill("That puts the team's plan first.")
    page.locator("#id_choices-1-is_correct").check()  # a second correct answer: not allowed
    page.get_by_role("button", name="Save and continue editing").click()

    expect(
        page.get_by_text("A single-answer question needs exactly one correct choice; this one has 2.")
    ).to_be_visible()
    assert not Question.objects.exists()
    page.locator("#id_choices-1-is_correct").uncheck()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    question = Question.objects.get(key="ps-browser-1")
    assert [c.weight for c in question.choices.order_by("position")] == [100, 0]
    frozen = list(question.versions.values_list("pk", flat=True))
    assert len(frozen) == 1  # published, so saving froze its first version

    page.get_by_role("link", name="Preview as a candidate sees it").click()
    expect(page.get_by_role("heading", name="Question 1 of 1")).to_be_visible()
    asked = page.get_by_role("region", name="As it is asked")
    expect(asked.locator("legend")).to_have_text("What does the peer specialist ask Marcus first?")
    expect(asked.get_by_role("radio")).to_have_count(2)
    expect(asked.locator(".feedback, .correct-choice")).to_have_count(0)  # nothing gives the answer away
    asked.get_by_label("What he wants the plan to say, in his own words").check()  # it works like a question
    expect(page.locator(".correct-choice")).to_contain_text("A. What he wants the plan to say")
    expect(page.locator(".correct-choice .feedback")).to_contain_text(
        "Right answer. Right: the plan is Marcus's."
    )
    expect(page.get_by_role("heading", name="Explanation", exact=True)).to_be_visible()
    assert list(question.versions.values_list("pk", flat=True)) == frozen  # previewing freezes nothing
    # the note's link back to admin reads at 4.5:1 or more on the note's pale blue (axe color-contrast)
    from axe_playwright_python.sync_playwright import Axe

    contrast = Axe().run(page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations"]})
    assert contrast.response["violations"] == []

    page.goto("/admin/quizzes/question/")
    page.get_by_role("link", name="Import questions").click()
    page.get_by_label("File").set_input_files(str(GIFT))
    page.get_by_label("Format").select_option("gift")
    page.get_by_label("Skip question types we do not serve").check()
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".import-summary")).to_contain_text("7 created, 0 updated, 0 unchanged, 4 skipped")
    expect(page.get_by_role("table", name="Questions in the file, in order")).to_contain_text(
        "Hope is a skill"
    )
    assert Question.objects.count() == 1
    page.get_by_role("button", name="Import these questions").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported: 7 created")
    assert Question.objects.count() == 8
