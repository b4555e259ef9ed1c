"""The question bank and the quiz engine.

A `Question` is what trainers edit: its current text lives on the question and its `Choice` rows. The first
time a question is shown in an attempt, that content is frozen into a `QuestionVersion` with its own
`VersionChoice` rows; an edit made after that produces a new version the next time the question is shown.
Attempts point at versions, so the review, the score and the statistics of the past never change.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from quizzes import scoring

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class Kind(models.TextChoices):
    SINGLE = "single", "Single answer"
    TRUEFALSE = "truefalse", "True / false"
    MULTIPLE = "multiple", "Multiple response (weighted)"


WEIGHT_FIELD = {
    "max_digits": 8,
    "decimal_places": 5,
    "default": Decimal(0),
    "validators": [MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(100))],
}


class QuestionQuerySet(models.QuerySet):
    def published(self) -> QuestionQuerySet:
        return self.filter(status=Question.Status.PUBLISHED)


class Question(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    key = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Stable identifier used by imports and exports (e.g. ps-001). Never reuse one.",
    )
    title = models.CharField(max_length=200, help_text="A short label for lists and reports.")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    contrast = models.BooleanField(
        default=False,
        verbose_name="distractor contrast",
        help_text="The question's main task is telling a core competency from a distractor concept.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    scenario = models.TextField(blank=True, help_text="Who, where, what happened (may be empty).")
    stem = models.TextField(help_text="The question the candidate answers.")
    explanation = models.TextField(blank=True, help_text="Why the best answer is best; name the competency.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The frozen copy of the content as it is now, so starting an attempt reads it instead of hashing every
    # question. Any save of the question or of one of its choices clears it; quizzes/versions.py sets it
    # when a question is published or changed (or, failing that, at the next attempt that shows it).
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # The bank linter's findings (quizzes/lint.py), stored when the question is saved in admin, imported or
    # loaded, so the changelist can show and filter them without linting every row on every page.
    lint_checks = models.CharField(
        max_length=500,
        blank=True,
        default="",
        editable=False,
        help_text="The codes of the linter's findings, space-separated with a space at each end.",
    )
    lint_findings = models.JSONField(default=list, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.current_version = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "current_version"}
        super().save(*args, **kwargs)


class Choice(models.Model):
    """An answer option of a question as it is now (the editable copy)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    is_correct = models.BooleanField(
        default=False,
        verbose_name="correct",
        help_text="Single answer and true/false: tick the correct choice. Multiple response: set weights.",
    )
    weight = models.DecimalField(
        **WEIGHT_FIELD,
        help_text="Percent of the question's mark (-100 to 100). Single answer: 100 for the correct choice.",
    )
    feedback = models.TextField(blank=True, help_text="Why this choice is right or wrong.")
    concept = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The competency or distractor concept this choice stands for.",
    )

    class Meta:
        ordering = ["question", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=-100, weight__lte=100), name="choice_weight_within_100"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._question_changed()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self._question_changed()
        return deleted

    def _question_changed(self) -> None:
        """The question's frozen version no longer matches its content (see Question.current_version)."""
        Question.objects.filter(pk=self.question_id).exclude(current_version=None).update(
            current_version=None
        )


class QuestionVersion(models.Model):
    """A frozen copy of a question's content as candidates saw it."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices)
    contrast = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    scenario = models.TextField(blank=True)
    stem = models.TextField()
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} v{self.number}"


class VersionChoice(models.Model):
    """A choice of a frozen question version. `position` is the authored order (A, B, C, ...)."""

    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    is_correct = models.BooleanField(default=False)
    weight = models.DecimalField(**WEIGHT_FIELD)
    feedback = models.TextField(blank=True)
    concept = models.ForeignKey(Competency, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="versionchoice_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def label(self) -> str:
        return LETTERS[self.position]


class QuizQuerySet(models.QuerySet):
    def published(self) -> QuizQuerySet:
        return self.filter(is_published=True)


class Quiz(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice (feedback after each answer)"
        EXAM = "exam", "Exam (feedback after submission)"

    class ReviewAnswers(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately after submission"
        AFTER_CLOSE = "after_close", "After the quiz closes"
        NEVER = "never", "Never"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    pass_mark = models.PositiveSmallIntegerField(
        default=70,
        validators=[MaxValueValidator(100)],
        help_text="Percentage of questions right needed to pass this practice quiz.",
    )
    is_published = models.BooleanField(default=False, verbose_name="published")
    questions = models.ManyToManyField(Question, through="QuizItem", related_name="quizzes")
    time_limit_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for an untimed quiz. Extra time is added per candidate."
    )
    grace_seconds = models.PositiveIntegerField(
        default=60,
        help_text="Answers arriving this long after the deadline are still accepted (slow networks).",
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for unlimited attempts."
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=False)
    review_answers = models.CharField(
        max_length=12,
        choices=ReviewAnswers.choices,
        default=ReviewAnswers.IMMEDIATELY,
        help_text="When right answers and explanations are shown after an attempt is submitted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="quiz_closes_after_it_opens",
                violation_error_message="The quiz must close after it opens.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz_detail", args=[self.slug])

    @property
    def is_practice(self) -> bool:
        return self.mode == self.Mode.PRACTICE

    def is_open_at(self, moment) -> bool:
        return (self.opens_at is None or self.opens_at <= moment) and (
            self.closes_at is None or moment < self.closes_at
        )

    def answers_visible_at(self, moment) -> bool:
        """Whether a submitted attempt's right answers and explanations may be shown now."""
        if self.review_answers == self.ReviewAnswers.IMMEDIATELY:
            return True
        if self.review_answers == self.ReviewAnswers.AFTER_CLOSE:
            return self.closes_at is not None and moment >= self.closes_at
        return False

    @classmethod
    def answers_visible_q(cls, moment, *, via: str = "") -> Q:
        """`answers_visible_at` as a filter on quizzes reached through `via` (e.g. "attempt__quiz__"), so
        what a quiz hides cannot leak through a query that spans many quizzes. Keep the two in step."""
        return Q(**{f"{via}review_answers": cls.ReviewAnswers.IMMEDIATELY}) | Q(
            **{f"{via}review_answers": cls.ReviewAnswers.AFTER_CLOSE, f"{via}closes_at__lte": moment}
        )


class QuizItem(models.Model):
    """A fixed question of a quiz, in order."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizitem_question_once_per_quiz"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz.slug} #{self.position}: {self.question.key}"


class QuizRule(models.Model):
    """A blueprint rule: draw `count` published questions matching the filters at each attempt's start."""

    class Pool(models.TextChoices):
        ANY = "any", "Any question"
        CONTRAST = "contrast", "Distractor-contrast questions only"
        PLAIN = "plain", "Questions that are not distractor-contrast"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(default=0)
    count = models.PositiveSmallIntegerField()
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty to draw from every competency.",
    )
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices, blank=True)
    pool = models.CharField(max_length=10, choices=Pool.choices, default=Pool.ANY)

    class Meta:
        ordering = ["quiz", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="rule_draws_at_least_one")]

    def __str__(self) -> str:
        parts = [str(self.competency or "any competency")]
        if self.difficulty:
            parts.append(self.difficulty)
        if self.pool != self.Pool.ANY:
            parts.append(self.get_pool_display().lower())
        return f"{self.count} from {', '.join(parts)}"


class Accommodation(models.Model):
    """Extra time for one candidate on every timed quiz (WCAG 2.2.1: time limits can be adjusted)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodation"
    )
    extra_time_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MaxValueValidator(1000)],
        help_text="50 means one and a half times the time limit.",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(extra_time_percent__lte=1000), name="accommodation_at_most_1000"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: +{self.extra_time_percent}% time"


class AttemptQuerySet(models.QuerySet):
    def for_user(self, user) -> AttemptQuerySet:
        return self.filter(user=user)

    def in_progress(self) -> AttemptQuerySet:
        return self.filter(status=Attempt.Status.IN_PROGRESS)

    def submitted(self) -> AttemptQuerySet:
        return self.filter(status=Attempt.Status.SUBMITTED)

    def past_deadline(self, now) -> AttemptQuerySet:
        """Open attempts whose deadline has passed (each quiz's grace period is checked by the caller)."""
        return self.in_progress().filter(deadline__isnull=False, deadline__lt=now)


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        ABANDONED = "abandoned", "Abandoned"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Set by the server at the start; none if untimed."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(help_text="The quiz's pass mark when the attempt started.")
    # Filled once, by attempt_submit; pages read these instead of rescoring.
    correct_count = models.PositiveIntegerField(null=True, blank=True)
    question_count = models.PositiveIntegerField(default=0)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "status"]), models.Index(fields=["quiz", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False, correct_count__isnull=False),
                name="attempt_submitted_has_score",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(status="in_progress"),
                name="attempt_one_in_progress_per_quiz",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.quiz} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def percent(self) -> int | None:
        """The whole percent pages show, by the one rule in `scoring.round_percent`."""
        if self.correct_count is None:
            return None
        return scoring.round_percent(self.correct_count, self.question_count)

    def accepts_answers_at(self, moment) -> bool:
        """Open, and not past the deadline plus the quiz's grace period."""
        if not self.is_open:
            return False
        return self.deadline is None or moment <= self.deadline + timedelta(seconds=self.quiz.grace_seconds)


class AttemptSlot(models.Model):
    """One question of an attempt: the version shown, the order of its choices, and the saved answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(help_text="1-based place of the question in the attempt.")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="slots")
    choice_order = models.JSONField(help_text="VersionChoice ids in the order they were shown.")
    selected = models.ForeignKey(
        VersionChoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The answer of a single-answer or true/false question.",
    )
    # A multiple-response question's answer is the set of choices ticked. It lives beside `selected` rather
    # than replacing it so that every reader of one answer per question (reviews, item analysis, paper
    # imports) keeps working unchanged; `selected` stays empty on these slots.
    selections = models.ManyToManyField(
        VersionChoice,
        blank=True,
        related_name="+",
        help_text="The choices ticked for a multiple-response question.",
    )
    is_correct = models.BooleanField(null=True, help_text="Set when the attempt is submitted.")
    flagged = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on every saved change.")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="slot_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"

    @property
    def is_multiple(self) -> bool:
        """Needs `version` loaded."""
        return self.version.kind == Kind.MULTIPLE

    @property
    def chosen_ids(self) -> frozenset[int]:
        """The ids of the choices the candidate chose: the one selected, or every one ticked.

        Prefetch `selections` where this is read for many slots.
        """
        if self.selected_id is not None:
            return frozenset([self.selected_id])
        return frozenset(c.pk for c in self.selections.all())


class CompetencyScore(models.Model):
    """Right / asked for one competency in one submitted attempt (stored so dashboards aggregate in SQL)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="competency_scores")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    correct = models.PositiveIntegerField()
    asked = models.PositiveIntegerField()

    class Meta:
        ordering = ["attempt", "competency__position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "competency"], name="score_unique_competency"),
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("asked")), name="score_correct_le_asked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.correct}/{self.asked}"
