"""The cohort dashboard: each member's scores, competency heat map and risks, the class's spread and the
progress of assignments, read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum
from django.utils import timezone

from cohorts import charts
from cohorts.models import Assignment, Cohort, Membership
from cohorts.selectors import cohort_member_attempts
from competencies.models import Competency
from quizzes import scoring
from quizzes.models import Attempt, CompetencyScore


@dataclass
class CompetencyCell:
    competency: Competency
    correct: int
    asked: int
    pass_mark: int = 70

    @property
    def percent(self) -> int | None:
        return scoring.percent_or_none(self.correct, self.asked)

    @property
    def below_pass(self) -> bool:
        """Decided on the exact fraction: 139/200 shows as 70 % yet is below a 70 % pass mark."""
        return bool(self.asked) and not scoring.passes(self.correct, self.asked, self.pass_mark)

    @property
    def band(self) -> str:
        """Colour band of the heat map (an extra: the number is always shown as text)."""
        if not self.asked:
            return "none"
        if self.below_pass:
            return "low"
        return "high" if scoring.passes(self.correct, self.asked, 90) else "ok"


@dataclass
class MemberRow:
    user: object
    attempts: int
    best: int | None  # whole percents by scoring.round_percent
    latest: int | None
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
        return scoring.round_percent(self.done, self.members)


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
        return charts.histogram_bars(self.bins)


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
    """Everything the cohort dashboard shows, in six queries whatever the number of members.

    With `member`, only that member's row: what the candidate's own class page shows of them, computed by
    the very same code as the instructor's view so the two cannot differ."""
    now = now or timezone.now()
    mine = cohort_member_attempts(cohort=cohort).filter(user=OuterRef("pk"))
    latest = mine.order_by("-submitted_at", "-pk")
    best = mine.order_by("-score_percent", "-submitted_at", "-pk")
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
            best_id=Subquery(best.values("pk")[:1]),
            latest_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by("username")
    )
    # Each member's best and latest attempt in one more query, so percents come from the exact counts.
    latests = [u.latest_id for u in members if u.latest_id is not None]
    picked = {u.best_id for u in members if u.best_id is not None} | set(latests)
    scores = {
        pk: (right, of, at)
        for pk, right, of, at in Attempt.objects.filter(pk__in=picked).values_list(
            "pk", "correct_count", "question_count", "submitted_at"
        )
    }
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
        best, latest = scores.get(user.best_id), scores.get(user.latest_id)
        last_active = latest[2] if latest else None
        cells = [
            CompetencyCell(c, *by_member.get((user.pk, c.pk), (0, 0)), pass_mark=cohort.pass_mark)
            for c in competencies
        ]
        row = MemberRow(
            user=user,
            attempts=user.n_attempts or 0,
            best=scoring.round_percent(best[0], best[1]) if best else None,
            latest=scoring.round_percent(latest[0], latest[1]) if latest else None,
            last_active=last_active,
            cells=cells,
        )
        weak = [cell.competency.name for cell in cells if cell.below_pass]
        if weak:
            row.risks.append(f"Below {cohort.pass_mark}% in {', '.join(weak)}")
        if last_active is None:
            row.risks.append("No submitted attempt yet")
        elif last_active < inactive_since:
            row.risks.append(f"Inactive for more than {cohort.inactive_days} days")
        rows.append(row)

    summaries = []
    for index, competency in enumerate(competencies):
        values = [row.cells[index].percent for row in rows if row.cells[index].asked]
        mean, sd = charts.mean_and_sd(values)
        summaries.append(CompetencySummary(competency, mean, sd, len(values)))

    assignments = list(cohort.assignments.select_related("quiz"))
    done_counts = _assignment_done_counts(cohort)
    progress = [AssignmentProgress(a, done_counts.get(a.pk, 0), len(rows)) for a in assignments]
    # binned by the exact fraction, so 69.5 % sits in the 60s band like every other score below 70
    latest_exact = [100 * right / of if of else 0 for right, of, _ in (scores[pk] for pk in latests)]
    bins = charts.histogram_bins(latest_exact)
    return Dashboard(cohort, competencies, rows, summaries, bins, progress)
