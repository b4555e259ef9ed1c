"""Shared fixtures: the taxonomy, a small quiz, and named people with roles."""

import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command

from competencies.models import Competency
from tests.quizzes.factories import QuestionFactory, QuizFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _clock_from_the_environment():
    """CPSPREP_TEST_CLOCK=2026-12-06T23:58:30-05:00 runs the suite as if it started then, the clock ticking on
    (server threads included; the browser's own clock is not moved, and the pages send the server's time).

    CI runs it with the clock just before midnight in New York and in UTC, the hours when a date computed in
    the wrong time zone shows the wrong day.
    """
    start = os.environ.get("CPSPREP_TEST_CLOCK")
    if not start:
        yield
        return
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Every factory-made person gets a hashed password; PBKDF2's deliberate cost would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    """Tasks run the moment they are enqueued, so a test sees their effect without a worker. Tests of the
    queue itself switch back to the database backend (tests/jobs/conftest.py) and run a real worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def taxonomy(db) -> dict[str, Competency]:
    """The shipped Massachusetts framework, by slug."""
    call_command("loaddata", str(ROOT / "fixtures" / "competencies.json"), verbosity=0)
    return {c.slug: c for c in Competency.objects.all()}


def _person(username: str, group: str, *, is_staff: bool = False):
    user = UserFactory(username=username, is_staff=is_staff)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def casey(db):
    """A candidate: owns attempts."""
    return _person("casey", "Candidates")


@pytest.fixture
def olu(db):
    """Another candidate: must never see Casey's attempts."""
    return _person("olu", "Candidates")


@pytest.fixture
def tess(db):
    """A trainer with admin access to the question bank."""
    return _person("tess", "Trainers", is_staff=True)


@pytest.fixture
def make_quiz(taxonomy):
    """Build a published quiz of `n` questions spread over the three core competencies.

    The first choice is correct; the second stands for community engagement, the classic distractor.
    """

    def build(n: int = 6, **quiz_kwargs):
        core = [taxonomy["peer-support"], taxonomy["in-but-not-of-the-system"], taxonomy["change-agent"]]
        questions = [
            QuestionFactory(
                competency=core[i % 3],
                choices=[
                    (True, core[i % 3]),
                    (False, taxonomy["community-engagement"]),
                    (False, taxonomy["clinical-treatment"]),
                    (False, None),
                ],
            )
            for i in range(n)
        ]
        return QuizFactory(questions=questions, **quiz_kwargs)

    return build
