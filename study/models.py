"""A candidate's own study tools: bookmarks, problem reports, and the spaced-review queue."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from quizzes.models import Attempt, Question, QuestionVersion

PROBLEM_REPORT_MAX = 2000


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="bookmark_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.question.key}"


class ProblemReport(models.Model):
    """A candidate's report that a question is wrong or unclear: the trainers' queue in admin."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "Being looked at"
        FIXED = "fixed", "Fixed"
        DISMISSED = "dismissed", "Dismissed"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="problem_reports")
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="problem_reports"
    )
    message = models.TextField(max_length=PROBLEM_REPORT_MAX)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    trainer_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"Report on {self.question.key} ({self.get_status_display()})"


class ReviewCard(models.Model):
    """One question in a candidate's spaced-review queue, with its FSRS memory state."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    state = models.PositiveSmallIntegerField(default=1)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["user", "due"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="reviewcard_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.question.key} due {self.due:%Y-%m-%d}"


class ScheduledAttempt(models.Model):
    """Marks a submitted attempt whose answers have been fed to the review scheduler (exactly once)."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="+", primary_key=True)
    processed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"attempt {self.attempt_id} scheduled"


class StudySession(models.Model):
    """A personal practice quiz built for one candidate: today's due reviews or a weak-area drill."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Review due"
        DRILL = "drill", "Weak-area drill"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    quiz = models.OneToOneField("quizzes.Quiz", on_delete=models.CASCADE, related_name="study_session")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="studysession_one_quiz_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
