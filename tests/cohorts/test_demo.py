"""The demo class `make run` creates, so a developer logged in as the instructor sees a real dashboard."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cohorts.models import Cohort
from quizzes.models import Attempt


@pytest.fixture
def demo(db, settings):
    settings.DEV_MODE = True
    call_command("load_content", verbosity=0)
    call_command("create_demo_users", verbosity=0)
    call_command("create_demo_cohort", verbosity=0)
    return Cohort.objects.get(slug="demo-class")


def test_the_demo_instructor_sees_the_class_with_scores_and_assignments(client, demo):
    client.force_login(demo.instructors.get(username="instructor"))
    page = client.get(reverse("cohorts:dashboard", args=[demo.slug])).content.decode()
    assert "Demo class" in page
    assert demo.members.count() == 9
    for name in ["candidate", "avery", "quinn"]:
        assert f'<th scope="row">{name}</th>' in page
    # A classmate's row: one attempt, then a best score.
    assert re.search(r'<th scope="row">avery</th>\s*<td>1</td>\s*<td>\d+%</td>', page)
    assert "Core competencies: a first look" in page
    assert Attempt.objects.filter(user__memberships__cohort=demo, submitted_at__isnull=False).count() == 8


def test_running_it_again_changes_nothing(demo):
    attempts = Attempt.objects.count()
    call_command("create_demo_cohort", verbosity=0)
    assert Cohort.objects.count() == 1
    assert Attempt.objects.count() == attempts


def test_the_demo_classmates_cannot_log_in(demo):
    classmate = demo.members.get(username="avery")
    assert not classmate.is_active and not classmate.has_usable_password()


def test_it_refuses_outside_development_mode(db, settings):
    settings.DEV_MODE = False
    with pytest.raises(CommandError, match="development mode"):
        call_command("create_demo_cohort", verbosity=0)
    assert not Cohort.objects.exists()
