"""Reads behind the item quality flags: sums over every submitted attempt, per question version and choice,
counted by the database, and how fresh the stored statistics are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, F, FloatField, Max, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.template.defaultfilters import pluralize
from django.utils.timesince import timesince

from itemstats.models import QuestionStatisticsRun
from itemstats.selectors import ATTEMPT_TOTAL, SLOT_MARK
from quizzes.models import Attempt, AttemptSlot, VersionChoice


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
    choice_id: int | None  # the VersionChoice chosen as the single answer (None: blank or multiple response)
    n: int
    sx: float
    n_d: int
    sx_d: float
    sxx_d: float
    sy: float
    syy: float
    sxy: float


def version_response_sums() -> list[VersionSums]:
    """Per question version and single answer chosen, the sums behind its facility, its discrimination and
    each choice's. One grouped query."""
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
        # by the chosen choice's id, not its position: no join to the choices over every response
        .values("question_id", "version_id", "version__number", "selected_id")
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
            choice_id=r["selected_id"],
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


@dataclass(frozen=True)
class TickSums:
    """The multiple-response answers of a version that ticked the choice `choice_id`, in attempts of two
    questions or more: how many, and the sum of their rest shares (y in VersionSums)."""

    version_id: int
    choice_id: int
    n_d: int
    sy: float


def ticked_rest_sums() -> list[TickSums]:
    """Per question version and ticked choice, the sums behind the choice's discrimination. One grouped query
    over the ticks (none at all when the bank has no multiple-response questions answered)."""
    slot = "attemptslot__attempt__"
    mark = Case(When(attemptslot__is_correct=True, then=Value(1.0)), default=Value(0.0))
    rest = (Cast(F(f"{slot}correct_count"), FloatField()) - mark) / Cast(
        F(f"{slot}question_count") - 1, FloatField()
    )
    rows = (
        AttemptSlot.selections.through.objects.filter(
            **{f"{slot}status": Attempt.Status.SUBMITTED, f"{slot}question_count__gt": 1}
        )
        .values("attemptslot__version_id", "versionchoice_id")
        .annotate(n_d=Count("pk"), sy=Sum(rest))
        .order_by()
    )
    return [
        TickSums(r["attemptslot__version_id"], r["versionchoice_id"], r["n_d"], float(r["sy"] or 0))
        for r in rows
    ]


def version_keys(*, version_ids: set[int]) -> dict[int, list[tuple[int, str, bool]]]:
    """(id, label, is the key) of each choice of these versions, in authored order (one query)."""
    out: dict[int, list[tuple[int, str, bool]]] = {}
    rows = VersionChoice.objects.filter(version_id__in=version_ids).order_by("version_id", "position")
    for choice in rows.only("pk", "version_id", "position", "is_correct"):
        out.setdefault(choice.version_id, []).append((choice.pk, choice.label, choice.is_correct))
    return out


def question_statistics_freshness() -> str:
    """How fresh the stored question statistics are, in words (two queries)."""
    run = QuestionStatisticsRun.objects.filter(pk=1).first()
    count, _ = submitted_fingerprint()
    if run is None:
        return "Not computed yet: they are computed shortly after attempts are submitted."
    newer = max(0, count - run.attempt_count)
    text = (
        f"Computed {timesince(run.computed_at)} ago from {run.attempt_count} submitted "
        f"attempt{pluralize(run.attempt_count)}"
    )
    if newer:
        text += f"; {newer} newer attempt{pluralize(newer)} will be included shortly"
    return text + "."
