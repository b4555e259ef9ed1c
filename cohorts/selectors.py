"""Reads for cohorts: the attempts of a class's members its instructors may see, and members' assignments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cohorts.models import Assignment, Cohort, Membership
from quizzes.models import Attempt, Quiz


def cohort_member_attempts(*, cohort: Cohort) -> QuerySet:
    """The submitted attempts of the cohort's members that its instructors may see. The one rule for every
    page, export and analysis that shows members' results (the candidate's own class page shows the same).

    An attempt counts when its author is an *active* member (an invitation not yet accepted shows nothing)
    and it was submitted after they joined, or it is an attempt at one of the class's assignments made since
    the assignment was set, or the member chose to share earlier history. A personal drill or review session
    (a study session's quiz) never counts: its title names the candidate's weak areas.
    """
    membership = Membership.objects.active().filter(cohort=cohort, user=OuterRef("user"))
    assigned = Assignment.objects.filter(
        cohort=cohort, quiz=OuterRef("quiz"), created_at__lte=OuterRef("submitted_at")
    )
    return (
        Attempt.objects.filter(status=Attempt.Status.SUBMITTED, quiz__study_session__isnull=True)
        .filter(Exists(membership))
        .filter(
            Exists(membership.filter(Q(shares_history=True) | Q(joined_at__lte=OuterRef("submitted_at"))))
            | Exists(assigned)
        )
    )


def analysable_quizzes(*, cohort: Cohort) -> QuerySet:
    """Quizzes an instructor of the cohort may analyse: published ones and those assigned to the cohort. An
    unpublished quiz that is not assigned may be a candidate's personal drill, which is theirs alone."""
    assigned = Assignment.objects.filter(cohort=cohort).values("quiz_id")
    return Quiz.objects.filter(Q(is_published=True) | Q(pk__in=assigned))


def quizzes_taken(*, cohort: Cohort) -> list[Quiz]:
    """Quizzes with a fixed list of questions that members submitted (assigned or not, paper imports too).

    Only published quizzes and those assigned to the cohort: an unpublished one may be a member's personal
    drill or review session, whose title tells their weak areas."""
    return list(
        analysable_quizzes(cohort=cohort)
        .filter(pk__in=cohort_member_attempts(cohort=cohort).values("quiz_id"), rules__isnull=True)
        .order_by("title")
    )


@dataclass(frozen=True)
class MemberAssignment:
    assignment_id: int
    quiz: Quiz
    cohort: Cohort
    due_at: datetime
    done: bool  # a submitted attempt of the quiz since the assignment was made

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_at < timezone.now()


def assignments_for_member(*, user) -> list[MemberAssignment]:
    """The assignments of every cohort the user belongs to, soonest due first. One query."""
    if not user.is_authenticated:
        return []
    done = Attempt.objects.filter(
        user=user,
        quiz=OuterRef("quiz"),
        status=Attempt.Status.SUBMITTED,
        submitted_at__gte=OuterRef("created_at"),
    )
    rows = (
        Assignment.objects.filter(
            cohort__memberships__user=user, cohort__memberships__status=Membership.Status.ACTIVE
        )
        .select_related("quiz", "cohort")
        .annotate(done=Exists(done))
        .order_by("due_at", "pk")
    )
    return [
        MemberAssignment(assignment_id=a.pk, quiz=a.quiz, cohort=a.cohort, due_at=a.due_at, done=a.done)
        for a in rows
    ]
