"""Named people around cohorts: Ines teaches the cohort, Ivan teaches another, Sam is staff.

Casey is a member of Ines's cohort; Olu is a candidate in no cohort.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from cohorts.models import Cohort, Membership
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptSlot, VersionChoice
from tests.quizzes.factories import UserFactory


@pytest.fixture
def ines(db):
    """Instructor of the cohort."""
    return UserFactory(username="ines")


@pytest.fixture
def ivan(db):
    """Instructor of another cohort: must never see Ines's."""
    return UserFactory(username="ivan")


@pytest.fixture
def sam(db):
    """Staff who may read cohorts in admin: sees every cohort."""
    user = UserFactory(username="sam", is_staff=True)
    view = Permission.objects.get(codename="view_cohort", content_type__app_label="cohorts")
    user.user_permissions.add(view)
    return user


@pytest.fixture
def cohort(ines, casey):
    c = Cohort.objects.create(
        name="Spring class", slug="spring", starts_on=datetime.date(2026, 3, 1), join_code="SPRING26"
    )
    c.instructors.add(ines)
    # joined long before the attempts tests date in the past, so the whole history is the class's to see
    Membership.objects.create(cohort=c, user=casey, joined_at=timezone.now() - datetime.timedelta(days=3650))
    return c


@pytest.fixture
def other_cohort(ivan):
    c = Cohort.objects.create(
        name="Autumn class", slug="autumn", starts_on=datetime.date(2026, 9, 1), join_code="AUTUMN26"
    )
    c.instructors.add(ivan)
    return c


@pytest.fixture
def take(django_capture_on_commit_callbacks):
    """Take a quiz as `user`, answering each question by letter (None = blank), and submit it. The submit's
    on-commit work runs as it does in production (the test's transaction never commits): with the immediate
    task backend, that brings the stored item statistics up to date."""

    def run(user, quiz, letters, *, submitted_at=None):
        attempt = quiz_services.attempt_start(user=user, quiz=quiz)
        slots = list(AttemptSlot.objects.filter(attempt=attempt).order_by("position"))
        for slot, letter in zip(slots, letters, strict=False):
            if letter is None:
                continue
            choice = VersionChoice.objects.get(version=slot.version, position="ABCD".index(letter))
            slot.selected = choice
            slot.save(update_fields=["selected"])
        # Backdating inside the block, as the one transaction it would be, so the statistics see the date.
        with django_capture_on_commit_callbacks(execute=True):
            attempt = quiz_services.attempt_submit(attempt=attempt)
            if submitted_at is not None:
                Attempt.objects.filter(pk=attempt.pk).update(submitted_at=submitted_at)
                attempt.refresh_from_db()
        return attempt

    return run


def days_ago(n: int):
    return timezone.now() - datetime.timedelta(days=n)
