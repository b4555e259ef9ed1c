"""Stored item statistics: item analyses of quizzes and the quality statistics of every question.

The tables keep the names they had when these models lived in cohorts (see migration 0001)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cohorts.models import Cohort
from quizzes.models import Question, QuestionVersion, Quiz


class AttemptsCounted(models.TextChoices):
    FIRST = "first", "First attempt of each candidate"
    LAST = "last", "Last attempt of each candidate"
    BEST = "best", "Best attempt of each candidate"
    ALL = "all", "All attempts"


class ItemAnalysis(models.Model):
    """Stored item analysis of one quiz, for one cohort (or everyone) and one way of counting attempts.

    `attempt_count` and `latest_submitted_at` describe the submitted attempts in scope when it was computed;
    when they no longer match, the analysis is computed again.
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    attempts = models.CharField(max_length=5, choices=AttemptsCounted.choices)
    attempt_count = models.PositiveIntegerField()
    latest_submitted_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        db_table = "cohorts_itemanalysis"  # the table it had in cohorts, kept so the move moved no data
        verbose_name = "item analysis"
        verbose_name_plural = "item analyses"
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "cohort", "attempts"],
                condition=Q(cohort__isnull=False),
                name="itemanalysis_one_per_cohort_scope",
            ),
            models.UniqueConstraint(
                fields=["quiz", "attempts"],
                condition=Q(cohort__isnull=True),
                name="itemanalysis_one_per_quiz_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz.slug} / {self.cohort_id or 'everyone'} / {self.attempts}"


class QuestionStatistics(models.Model):
    """Stored response statistics of one question, over every submitted attempt of every quiz, for the item
    quality flags in admin.

    They describe the question's latest version that has responses (`version`): an edit after answers makes a
    new version, and the flags are about the question as it is asked now, not about wording or a key since
    replaced. Discrimination correlates the mark with the share of the *rest of the attempt* answered right,
    so attempts of quizzes of different lengths can be pooled.
    """

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="response_statistics"
    )
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="+")
    responses = models.PositiveIntegerField(help_text="Responses to `version` in submitted attempts.")
    earlier_responses = models.PositiveIntegerField(default=0, help_text="Responses to older versions.")
    facility = models.FloatField(null=True, help_text="Percent right; empty: not enough data.")
    discrimination = models.FloatField(null=True, help_text="Discrimination index; empty: not enough data.")
    mis_key = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text="Wrong choices that track the rest of the attempt better than the key: a possible mis-key.",
    )

    class Meta:
        db_table = "cohorts_questionstatistics"
        verbose_name_plural = "question statistics"

    def __str__(self) -> str:
        return f"{self.question_id} v{self.version_id}: {self.responses} responses"


class QuestionStatisticsRun(models.Model):
    """When the stored question statistics were computed, and the submitted attempts they cover: a single
    row. The statistics are computed again when the number of submitted attempts or the latest submission
    time no longer match."""

    attempt_count = models.PositiveIntegerField()
    latest_submitted_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        db_table = "cohorts_questionstatisticsrun"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="questionstatisticsrun_single_row")]

    def __str__(self) -> str:
        return f"{self.attempt_count} attempts, computed {self.computed_at:%Y-%m-%d %H:%M}"


class ItemQuality(Question):
    """Questions seen through their response statistics, for trainers in admin."""

    class Meta:
        proxy = True
        verbose_name = "item quality"
        verbose_name_plural = "item quality"
