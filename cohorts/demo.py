"""A demo class for local development, so the instructor's pages have something to show. Never used outside
development mode."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohorts.models import Assignment, Cohort, Membership
from quizzes import services as quiz_services
from quizzes.models import AttemptSlot, Quiz

DEMO_COHORT_SLUG = "demo-class"
CLASSMATES = ["avery", "blake", "jordan", "morgan", "riley", "sky", "taylor", "quinn"]
ASSIGNED = [("core-competencies-starter", 7), ("mock-exam-a", 21)]


@transaction.atomic
def demo_cohort_create(*, seed: int = 2026) -> Cohort | None:
    """Create the demo class once: taught by `instructor`, with `candidate` and eight classmates who have each
    taken the starter quiz. Return None when it exists already (running it again changes nothing)."""
    if Cohort.objects.filter(slug=DEMO_COHORT_SLUG).exists():
        return None
    User = get_user_model()
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        name="Demo class", slug=DEMO_COHORT_SLUG, starts_on=today - datetime.timedelta(days=14)
    )
    cohort.instructors.add(User.objects.get(username="instructor"))
    Membership.objects.create(cohort=cohort, user=User.objects.get(username="candidate"))
    for slug, due_in_days in ASSIGNED:
        quiz = Quiz.objects.filter(slug=slug).first()
        if quiz is not None:
            Assignment.objects.create(
                cohort=cohort, quiz=quiz, due_at=timezone.now() + datetime.timedelta(days=due_in_days)
            )
    starter = Quiz.objects.filter(slug=ASSIGNED[0][0]).first()
    rng = random.Random(seed)
    for index, username in enumerate(CLASSMATES):
        # Inactive accounts without a password: they fill the dashboard, nobody logs in as them.
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org", "is_active": False}
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(cohort=cohort, user=user)
        if starter is not None:
            _take(user=user, quiz=starter, ability=0.35 + 0.07 * index, rng=rng)
    return cohort


def _take(*, user, quiz: Quiz, ability: float, rng: random.Random) -> None:
    """Answer every question: the keyed choice(s) with probability `ability`, a wrong one otherwise. A
    multiple-response answer is the set ticked, so it goes in `selections`, not `selected`."""
    attempt = quiz_services.attempt_start(user=user, quiz=quiz, rng=rng)
    for slot in (
        AttemptSlot.objects.filter(attempt=attempt)
        .select_related("version")
        .prefetch_related("version__choices")
    ):
        choices = list(slot.version.choices.all())
        right = [c for c in choices if c.is_correct]
        wrong = [c for c in choices if not c.is_correct]
        knows = right and (rng.random() < ability or not wrong)
        if slot.is_multiple:
            slot.selections.set(right if knows else [*right[1:], rng.choice(wrong)])
        else:
            slot.selected = right[0] if knows else rng.choice(wrong)
        slot.answered_at = timezone.now()
        slot.save(update_fields=["selected", "answered_at"])
    quiz_services.attempt_submit(attempt=attempt)
