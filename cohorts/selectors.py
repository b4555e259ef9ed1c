"""Reads for cohorts: members' assignments, the cohort dashboard and the raw counts behind item analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from cohorts import statistics
from cohorts.item_analysis import ChoiceInfo, ItemInfo, ResponseCount, VersionInfo
from cohorts.models import Assignment, AttemptsCounted, Cohort, Membership
from competencies.models import Competency
from quizzes.models import LETTERS, Attempt, AttemptSlot, CompetencyScore, Quiz, QuizItem, VersionChoice

# The mark of one question in an attempt, and the attempt's total. Questions score 0 or 1 today; when
# weighted marks arrive, these two expressions (and MAX_MARK) are the only places to change.
SLOT_MARK = Case(When(is_correct=True, then=Value(1)), default=Value(0), output_field=IntegerField())
ATTEMPT_TOTAL = "attempt__correct_count"
MAX_MARK = 1


# --- assignments -----------------------------------------------------------------------------------------


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


# --- dashboard -------------------------------------------------------------------------------------------


@dataclass
class CompetencyCell:
    competency: Competency
    correct: int
    asked: int
    pass_mark: int = 70

    @property
    def percent(self) -> int | None:
        return round(100 * self.correct / self.asked) if self.asked else None

    @property
    def band(self) -> str:
        """Colour band of the heat map (an extra: the number is always shown as text)."""
        if self.percent is None:
            return "none"
        if self.percent < self.pass_mark:
            return "low"
        return "high" if self.percent >= 90 else "ok"


@dataclass
class MemberRow:
    user: object
    attempts: int
    best: float | None
    latest: float | None
    last_active: datetime | None
    cells: list[CompetencyCell]
    risks: list[str] = field(default_factory=list)


@dataclass
class CompetencySummary:
    competency: Competency
    mean: float | None
    sd: float | None
    members_with_data: int


@dataclass
class AssignmentProgress:
    assignment: Assignment
    done: int
    members: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.members) if self.members else 0


@dataclass
class Dashboard:
    cohort: Cohort
    competencies: list[Competency]
    rows: list[MemberRow]
    summaries: list[CompetencySummary]
    bins: list[tuple[int, int, int]]
    progress: list[AssignmentProgress]

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.rows if row.risks)

    @property
    def bins_max(self) -> int:
        return max((n for _, _, n in self.bins), default=0)

    @property
    def bars(self) -> list[dict]:
        """Geometry of the histogram's SVG bars, on a 400 by 160 viewBox."""
        width, height = 400, 160
        top = self.bins_max or 1
        step = width / len(self.bins)
        return [
            {
                "x": round(i * step + 2, 1),
                "width": round(step - 4, 1),
                "height": round(height * n / top, 1),
                "y": round(height - height * n / top, 1),
                "label": f"{low} to {high}%",
                "tick": str(low),
                "start": round(i * step, 1),
                "count_y": round(height - height * n / top - 3, 1),
                "middle": round(i * step + step / 2, 1),
                "count": n,
            }
            for i, (low, high, n) in enumerate(self.bins)
        ]


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


def _assignment_done_counts(cohort: Cohort) -> dict[int, int]:
    """Per assignment, how many members submitted its quiz since it was assigned."""
    rows = (
        cohort_member_attempts(cohort=cohort)
        .filter(quiz__assignments__cohort=cohort, submitted_at__gte=F("quiz__assignments__created_at"))
        .values("quiz__assignments__id")
        .annotate(n=Count("user", distinct=True))
    )
    return {r["quiz__assignments__id"]: r["n"] for r in rows}


def cohort_dashboard(*, cohort: Cohort, now: datetime | None = None, member=None) -> Dashboard:
    """Everything the cohort dashboard shows, in five queries whatever the number of members.

    With `member`, only that member's row: what the candidate's own class page shows of them, computed by
    the very same code as the instructor's view so the two cannot differ."""
    now = now or timezone.now()
    mine = cohort_member_attempts(cohort=cohort).filter(user=OuterRef("pk"))
    latest = mine.order_by("-submitted_at", "-pk").values("score_percent")[:1]
    people = get_user_model().objects.filter(
        memberships__cohort=cohort, memberships__status=Membership.Status.ACTIVE
    )
    if member is not None:
        people = people.filter(pk=member.pk)
    members = list(
        people.annotate(
            n_attempts=Subquery(
                mine.order_by().values("user").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            best=Subquery(mine.order_by("-score_percent").values("score_percent")[:1]),
            latest=Subquery(latest),
            last_active=Subquery(mine.order_by("-submitted_at").values("submitted_at")[:1]),
        ).order_by("username")
    )
    competencies = list(Competency.objects.core())
    sums = (
        CompetencyScore.objects.filter(
            attempt__in=cohort_member_attempts(cohort=cohort), competency__in=competencies
        )
        .values("attempt__user_id", "competency_id")
        .annotate(correct=Sum("correct"), asked=Sum("asked"))
    )
    by_member: dict[tuple[int, int], tuple[int, int]] = {
        (r["attempt__user_id"], r["competency_id"]): (r["correct"], r["asked"]) for r in sums
    }
    rows: list[MemberRow] = []
    inactive_since = now - timedelta(days=cohort.inactive_days)
    for user in members:
        cells = [
            CompetencyCell(c, *by_member.get((user.pk, c.pk), (0, 0)), pass_mark=cohort.pass_mark)
            for c in competencies
        ]
        row = MemberRow(
            user=user,
            attempts=user.n_attempts or 0,
            best=float(user.best) if user.best is not None else None,
            latest=float(user.latest) if user.latest is not None else None,
            last_active=user.last_active,
            cells=cells,
        )
        weak = [cell.competency.name for cell in cells if cell.asked and cell.percent < cohort.pass_mark]
        if weak:
            row.risks.append(f"Below {cohort.pass_mark}% in {', '.join(weak)}")
        if user.last_active is None:
            row.risks.append("No submitted attempt yet")
        elif user.last_active < inactive_since:
            row.risks.append(f"Inactive for more than {cohort.inactive_days} days")
        rows.append(row)

    summaries = []
    for index, competency in enumerate(competencies):
        values = [row.cells[index].percent for row in rows if row.cells[index].asked]
        mean, sd = statistics.mean_and_sd(values)
        summaries.append(CompetencySummary(competency, mean, sd, len(values)))

    assignments = list(cohort.assignments.select_related("quiz"))
    done_counts = _assignment_done_counts(cohort)
    progress = [AssignmentProgress(a, done_counts.get(a.pk, 0), len(rows)) for a in assignments]
    bins = statistics.histogram_bins([row.latest for row in rows if row.latest is not None])
    return Dashboard(cohort, competencies, rows, summaries, bins, progress)


# --- item analysis ---------------------------------------------------------------------------------------


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


def attempts_in_scope(*, quiz: Quiz, cohort: Cohort | None = None) -> QuerySet:
    """Submitted attempts of the quiz, limited to what the cohort's instructors may see when a cohort is
    given (cohort_member_attempts)."""
    if cohort is not None:
        return cohort_member_attempts(cohort=cohort).filter(quiz=quiz)
    return Attempt.objects.filter(quiz=quiz, status=Attempt.Status.SUBMITTED)


_ORDER = {
    AttemptsCounted.FIRST: ("submitted_at", "pk"),
    AttemptsCounted.LAST: ("-submitted_at", "-pk"),
    AttemptsCounted.BEST: ("-correct_count", "-submitted_at", "-pk"),
}


def counted_attempts(*, quiz: Quiz, cohort: Cohort | None = None, attempts: str = "all") -> QuerySet:
    """The attempts an analysis counts: all of them, or each candidate's first, last or best."""
    scope = attempts_in_scope(quiz=quiz, cohort=cohort)
    if attempts == AttemptsCounted.ALL:
        return scope
    # picked among the attempts in scope, so a member's hidden earlier attempt never stands in for them
    pick = (
        attempts_in_scope(quiz=quiz, cohort=cohort)
        .filter(user=OuterRef("user"))
        .order_by(*_ORDER[AttemptsCounted(attempts)])
        .values("pk")[:1]
    )
    return scope.filter(pk=Subquery(pick))


def scope_fingerprint(*, quiz: Quiz, cohort: Cohort | None = None) -> tuple[int, datetime | None]:
    """How many submitted attempts are in scope and when the latest was submitted (one query)."""
    found = attempts_in_scope(quiz=quiz, cohort=cohort).aggregate(n=Count("pk"), latest=Max("submitted_at"))
    return found["n"], found["latest"]


def fixed_items(*, quiz: Quiz) -> list[ItemInfo]:
    """The quiz's fixed questions in order with their current choices (two queries)."""
    items = (
        QuizItem.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related("question__choices__concept")
        .order_by("position", "pk")
    )
    return [
        ItemInfo(
            position=index,
            question_id=item.question_id,
            title=item.question.title,
            choices=[
                ChoiceInfo(
                    label=LETTERS[n],
                    text=choice.text,
                    correct=choice.is_correct,
                    concept=choice.concept.name if choice.concept else None,
                )
                for n, choice in enumerate(
                    sorted(item.question.choices.all(), key=lambda c: (c.position, c.pk))
                )
            ],
        )
        for index, item in enumerate(items, start=1)
    ]


def response_counts(*, attempts: QuerySet, question_ids: list[int]) -> list[ResponseCount]:
    """Responses grouped by question, version shown, mark, attempt total and chosen choice, counted in the
    database."""
    slots = AttemptSlot.objects.filter(attempt__in=attempts, question_id__in=question_ids)
    rows = (
        slots.annotate(
            mark=SLOT_MARK,
            total=F(ATTEMPT_TOTAL),
            # Only a slot with no single answer can hold ticks; asking only those keeps the subquery rare.
            ticked=Case(
                When(
                    selected__isnull=True,
                    then=Exists(AttemptSlot.selections.through.objects.filter(attemptslot_id=OuterRef("pk"))),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("question_id", "version_id", "mark", "total", "selected__position", "ticked")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # The choices ticked in multiple-response answers, one row per (version, total, choice).
    ticks = (
        AttemptSlot.selections.through.objects.filter(
            attemptslot__attempt__in=attempts, attemptslot__question_id__in=question_ids
        )
        .values(
            "attemptslot__question_id",
            "attemptslot__version_id",
            "versionchoice__position",
            total=F(f"attemptslot__{ATTEMPT_TOTAL}"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        ResponseCount(
            r["question_id"],
            r["version_id"],
            r["mark"],
            r["total"],
            r["selected__position"],
            r["n"],
            blank=not r["ticked"],
        )
        for r in rows
    ] + [
        ResponseCount(
            r["attemptslot__question_id"],
            r["attemptslot__version_id"],
            0,
            r["total"],
            r["versionchoice__position"],
            r["n"],
            tick=True,
        )
        for r in ticks
    ]


def versions_shown(*, version_ids: set[int]) -> dict[int, VersionInfo]:
    """The frozen choices of these question versions, by version id (one query)."""
    choices = (
        VersionChoice.objects.filter(version_id__in=version_ids)
        .select_related("version", "concept")
        .order_by("version_id", "position")
    )
    out: dict[int, VersionInfo] = {}
    for choice in choices:
        version = out.setdefault(
            choice.version_id,
            VersionInfo(question_id=choice.version.question_id, number=choice.version.number, choices=[]),
        )
        version.choices.append(
            ChoiceInfo(
                label=choice.label,
                text=choice.text,
                correct=choice.is_correct,
                concept=choice.concept.name if choice.concept else None,
            )
        )
    return out


def total_counts(*, attempts: QuerySet) -> dict[float, int]:
    rows = attempts.values("correct_count").annotate(n=Count("pk")).order_by()
    return {r["correct_count"]: r["n"] for r in rows}


def quiz_has_rules(quiz: Quiz) -> bool:
    return quiz.rules.exists()


# --- item quality (every submitted attempt, per question version) ----------------------------------------


def submitted_fingerprint() -> tuple[int, datetime | None]:
    """How many attempts are submitted, of any quiz, and when the latest was (one aggregate query)."""
    found = Attempt.objects.filter(status=Attempt.Status.SUBMITTED).aggregate(
        n=Count("pk"), latest=Max("submitted_at")
    )
    return found["n"], found["latest"]


@dataclass(frozen=True)
class VersionSums:
    """Sums over one question version's responses in submitted attempts, counted in the database.

    x is the mark; y the share of the attempt's other questions answered right, (total - x) / (questions - 1),
    known only in attempts of two questions or more (the `_d` sums cover those responses).
    """

    question_id: int
    version_id: int
    number: int
    n: int
    sx: float
    n_d: int
    sx_d: float
    sxx_d: float
    sy: float
    syy: float
    sxy: float


def version_response_sums() -> list[VersionSums]:
    """Per question version, the sums behind its facility and discrimination. One grouped query."""
    others = F("attempt__question_count") - 1
    # mark_d and rest are both NULL outside these responses, so the `_d` sums all cover the same ones
    paired = Q(attempt__question_count__gt=1, attempt__correct_count__isnull=False)
    rows = (
        AttemptSlot.objects.filter(attempt__status=Attempt.Status.SUBMITTED)
        .annotate(
            mark=SLOT_MARK,
            mark_d=Case(When(paired, then=Cast(SLOT_MARK, FloatField())), output_field=FloatField()),
            rest=Case(
                When(
                    paired, then=Cast(F(ATTEMPT_TOTAL) - SLOT_MARK, FloatField()) / Cast(others, FloatField())
                ),
                output_field=FloatField(),
            ),
        )
        .values("question_id", "version_id", "version__number")
        .annotate(
            n=Count("pk"),
            sx=Sum("mark"),
            n_d=Count("rest"),
            sx_d=Sum("mark_d"),
            sxx_d=Sum(F("mark_d") * F("mark_d")),
            sy=Sum("rest"),
            syy=Sum(F("rest") * F("rest")),
            sxy=Sum(F("mark_d") * F("rest")),
        )
        .order_by()
    )
    return [
        VersionSums(
            question_id=r["question_id"],
            version_id=r["version_id"],
            number=r["version__number"],
            n=r["n"],
            sx=float(r["sx"] or 0),
            n_d=r["n_d"],
            sx_d=float(r["sx_d"] or 0),
            sxx_d=float(r["sxx_d"] or 0),
            sy=float(r["sy"] or 0),
            syy=float(r["syy"] or 0),
            sxy=float(r["sxy"] or 0),
        )
        for r in rows
    ]
