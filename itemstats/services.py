"""Writes of item statistics: computing and storing item analyses and question quality statistics.

Run by the background task after attempts are scored (itemstats.tasks) and by `recompute_item_stats`; pages
only read what these stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Cohort
from itemstats import flags, item_analysis, quality, selectors, statistics
from itemstats.models import AttemptsCounted, ItemAnalysis, QuestionStatistics, QuestionStatisticsRun
from quizzes.models import Attempt, Quiz


def _is_fresh(stored: ItemAnalysis | None, fingerprint: tuple[int, datetime | None]) -> bool:
    return (
        stored is not None
        and (stored.attempt_count, stored.latest_submitted_at) == fingerprint
        and stored.data.get("format") == item_analysis.FORMAT
    )


@transaction.atomic
def item_analysis_compute(
    *,
    quiz: Quiz,
    cohort: Cohort | None = None,
    attempts: str = AttemptsCounted.ALL,
    fingerprint: tuple[int, datetime | None] | None = None,
) -> ItemAnalysis:
    """Compute the item analysis of one scope from database counts and store it."""
    count, latest = fingerprint or selectors.scope_fingerprint(quiz=quiz, cohort=cohort)
    items = selectors.fixed_items(quiz=quiz)
    counted = selectors.counted_attempts(quiz=quiz, cohort=cohort, attempts=attempts)
    counts = selectors.response_counts(attempts=counted, question_ids=[i.question_id for i in items])
    report = item_analysis.build_report(
        quiz_slug=quiz.slug,
        items=items,
        counts=counts,
        totals=selectors.total_counts(attempts=counted),
        versions=selectors.versions_shown(version_ids={c.version_id for c in counts}),
        max_mark=selectors.MAX_MARK,
    )
    values = {
        "attempt_count": count,
        "latest_submitted_at": latest,
        "computed_at": timezone.now(),
        "data": report,
    }
    try:
        with transaction.atomic():
            stored, _ = ItemAnalysis.objects.update_or_create(
                quiz=quiz, cohort=cohort, attempts=attempts, defaults=values
            )
    except IntegrityError:  # another worker stored the same scope a moment ago; ours is as good
        stored = ItemAnalysis.objects.get(quiz=quiz, cohort=cohort, attempts=attempts)
    return stored


def item_analysis_refresh(*, quiz: Quiz, cohort: Cohort | None, force: bool = False) -> int:
    """Compute again every way of counting attempts of one scope whose stored analysis is stale (or all of
    them with `force`). Returns how many were computed."""
    if selectors.quiz_has_rules(quiz):
        return 0
    fingerprint = selectors.scope_fingerprint(quiz=quiz, cohort=cohort)
    stored = {a.attempts: a for a in ItemAnalysis.objects.filter(quiz=quiz, cohort=cohort)}
    computed = 0
    for mode in AttemptsCounted.values:
        if force or not _is_fresh(stored.get(mode), fingerprint):
            item_analysis_compute(quiz=quiz, cohort=cohort, attempts=mode, fingerprint=fingerprint)
            computed += 1
    return computed


def item_statistics_refresh(*, quiz_ids: Iterable[int] | None = None, force: bool = False) -> int:
    """Bring stored item statistics up to date after attempts were scored: the item analyses of these
    quizzes (every quiz with submitted attempts when None) for everyone and for each cohort whose members
    took them, then every question's quality statistics. Returns how many analyses were computed."""
    quizzes = Quiz.objects.filter(
        pk__in=Attempt.objects.filter(status=Attempt.Status.SUBMITTED).values("quiz_id"), rules__isnull=True
    )
    if quiz_ids is not None:
        quizzes = quizzes.filter(pk__in=list(quiz_ids))
    computed = 0
    for quiz in quizzes.order_by("pk"):
        for cohort in [None, *selectors.cohorts_to_analyse(quiz=quiz)]:
            computed += item_analysis_refresh(quiz=quiz, cohort=cohort, force=force)
    question_statistics_compute(force=force)
    return computed


@transaction.atomic
def question_statistics_compute(*, force: bool = False) -> QuestionStatisticsRun:
    """Compute every question's statistics from database sums and store them, replacing the old ones.

    Without `force`, returns the stored run untouched when it is fresh once the lock is held (another worker
    computed it meanwhile).
    """
    # The single run row is the lock: a second worker arriving meanwhile waits, then finds the result fresh.
    run, created = QuestionStatisticsRun.objects.select_for_update().get_or_create(
        pk=1, defaults={"attempt_count": 0, "latest_submitted_at": None, "computed_at": timezone.now()}
    )
    count, latest = quality.submitted_fingerprint()
    if not (force or created) and (run.attempt_count, run.latest_submitted_at) == (count, latest):
        return run
    versions: dict[int, quality.VersionSums] = {}
    # choice id -> [paired responses choosing it, sum of their rest shares]
    chosen: dict[int, list[float]] = {}
    for row in quality.version_response_sums():
        versions[row.version_id] = _merged(versions.get(row.version_id), row)
        if row.choice_id is not None:
            _add(chosen, row.choice_id, row.n_d, row.sy)
    for tick in quality.ticked_rest_sums():
        _add(chosen, tick.choice_id, tick.n_d, tick.sy)
    newest: dict[int, quality.VersionSums] = {}
    responses: dict[int, int] = {}
    for v in versions.values():
        responses[v.question_id] = responses.get(v.question_id, 0) + v.n
        if v.question_id not in newest or v.number > newest[v.question_id].number:
            newest[v.question_id] = v
    keys = quality.version_keys(version_ids={v.version_id for v in newest.values()})
    rows = [
        QuestionStatistics(
            question_id=question_id,
            version_id=v.version_id,
            responses=v.n,
            earlier_responses=responses[question_id] - v.n,
            facility=100 * v.sx / (v.n * selectors.MAX_MARK) if v.n else None,
            discrimination=statistics.discrimination_from_sums(
                n=v.n_d, sx=v.sx_d, sxx=v.sxx_d, sy=v.sy, syy=v.syy, sxy=v.sxy
            ),
            mis_key=", ".join(_mis_keyed(v, keys.get(v.version_id, []), chosen)),
        )
        for question_id, v in newest.items()
    ]
    QuestionStatistics.objects.all().delete()
    QuestionStatistics.objects.bulk_create(rows, batch_size=500)
    run.attempt_count, run.latest_submitted_at, run.computed_at = count, latest, timezone.now()
    run.save(update_fields=["attempt_count", "latest_submitted_at", "computed_at"])
    return run


_SUMS = ("n", "sx", "n_d", "sx_d", "sxx_d", "sy", "syy", "sxy")


def _merged(total: quality.VersionSums | None, row: quality.VersionSums) -> quality.VersionSums:
    """The version's sums over every choice: the database groups them by the choice chosen."""
    if total is None:
        return replace(row, choice_id=None)
    return replace(total, **{f: getattr(total, f) + getattr(row, f) for f in _SUMS})


def _add(chosen: dict[int, list[float]], key: int, n: int, sy: float) -> None:
    tally = chosen.setdefault(key, [0, 0.0])
    tally[0] += n
    tally[1] += sy


def _mis_keyed(
    v: quality.VersionSums, keys: list[tuple[int, str, bool]], chosen: dict[int, list[float]]
) -> list[str]:
    """The version's wrong choices that look like the real key, by the rule item analysis uses, over the
    responses in attempts of two questions or more (whose rest share is known)."""
    choices = []
    for choice_id, label, correct in keys:
        n, sy = chosen.get(choice_id, [0, 0.0])
        discrimination = statistics.point_biserial(
            n=v.n_d, chosen=int(n), sum_rest=v.sy, sum_rest_sq=v.syy, chosen_rest=sy
        )
        choices.append({"label": label, "correct": correct, "count": n, "discrimination": discrimination})
    return flags.mis_keyed(responses=v.n_d, choices=choices)
