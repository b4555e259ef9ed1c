"""Training classes: cohorts with instructors and members, quizzes assigned to them, paper imports."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from quizzes.models import Quiz

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class CohortQuerySet(models.QuerySet):
    def taught_by(self, user) -> CohortQuerySet:
        """The cohorts a user may open as an instructor: the ones they teach, or every one for staff who may
        read cohorts in admin.

        `is_staff` alone is not enough: instructors and trainers are staff too (they use admin for the bank),
        and an instructor must never see another instructor's class.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff and (user.has_perm("cohorts.view_cohort") or user.has_perm("cohorts.change_cohort")):
            return self
        return self.filter(instructors=user)


class Cohort(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    join_code = models.CharField(
        max_length=16, unique=True, default=new_join_code, help_text="Candidates type this to join."
    )
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts_taught", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cohorts_joined", blank=True
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MaxValueValidator(100)],
        help_text="A member below this percentage in a core competency is flagged as at risk.",
    )
    inactive_days = models.PositiveSmallIntegerField(
        default=14, help_text="A member with no submitted attempt for this many days is flagged as at risk."
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cohort_ends_after_it_starts",
                violation_error_message="The cohort must end on or after the day it starts.",
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="cohort_pass_mark_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.ACTIVE)

    def invited(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.INVITED)


class Membership(models.Model):
    """A candidate in a class. An instructor who adds an existing account makes an *invitation*: the class's
    instructors see nothing of that person until they accept it on their own classes page. Joining by code
    is the candidate's own act, so it makes an active membership at once.

    What an instructor sees of an active member is decided in one place,
    `cohorts.selectors.cohort_member_attempts`: attempts from `joined_at` on and attempts at the class's
    assignments, never personal drills, and earlier history only while `shares_history` is on.
    """

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Member"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(
        default=timezone.now, help_text="When the candidate joined or accepted the invitation."
    )
    shares_history = models.BooleanField(
        default=False,
        help_text="The candidate lets the class's instructors see attempts from before they joined.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "user__username"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="membership_once_per_cohort")]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Assignment(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "quiz"], name="assignment_quiz_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} for {self.cohort}, due {self.due_at:%Y-%m-%d}"


class ResultsImport(models.Model):
    """A paper results file imported for a quiz, kept by digest so the same file is not counted twice."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the file's rows, line endings normalised.")
    attempts = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "digest"], name="resultsimport_once_per_quiz"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz.slug}: {self.attempts} attempts on {self.imported_at:%Y-%m-%d}"
