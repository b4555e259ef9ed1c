"""Assembling an item analysis report from counted responses, with plain-language hints. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from itemstats import hints, statistics
from itemstats.flags import mis_keyed, quality_flags

FORMAT = 3  # of the stored report; a stored report of another format is computed again

@dataclass(frozen=True)
class ChoiceInfo:
    label: str
    text: str
    correct: bool
    concept: str | None  # name of the competency or distractor concept the choice stands for


@dataclass(frozen=True)
class ItemInfo:
    position: int
    question_id: int
    title: str
    choices: Sequence[ChoiceInfo]  # the current choices: shown only while nobody in scope has answered it


@dataclass(frozen=True)
class VersionInfo:
    """A version of a question as attempts showed it: its number and its frozen choices, in authored order."""

    question_id: int
    number: int
    choices: Sequence[ChoiceInfo]


@dataclass(frozen=True)
class ResponseCount:
    """Attempts that were shown version `version_id` of question `question_id` and got mark `mark` by choosing
    `choice` (None: unanswered).

    A multiple-response answer ticks several choices, so it comes as one row for the response (`tick=False`,
    `choice` None, `blank=False`: it counts in the statistics but names no choice) and one row per ticked
    choice (`tick=True`: it counts only towards who chose what).
    """

    question_id: int
    version_id: int | None
    mark: float
    total: float
    choice: int | None  # authored position of the chosen choice in that version
    n: int
    tick: bool = False
    blank: bool = True  # with choice None: nothing chosen (False: the choices come as tick rows)


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _mis_key_flags(versions: list[dict]) -> list[str]:
    several = len(versions) > 1
    return [
        f"possible mis-key: {label}" + (f" (version {v['number']})" if several else "")
        for v in versions
        for label in v["mis_keyed"]
    ]


def _percent_of(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _version_rows(
    groups: Sequence[tuple[int | None, int | None, Sequence[ChoiceInfo]]],
    tallies: Mapping[tuple[int | None, int | None], list[float]],
    shown: Mapping[int | None, list[float]],
) -> list[dict]:
    """Who chose what in each version: `groups` are (version id, number, choices); `tallies` map (version id,
    choice position or None for a blank) to [count, top, bottom, sum of rest scores]; `shown` maps a version
    id to its [responses, top, bottom, sum of rest scores, sum of their squares] (a multiple-response answer
    ticks several choices, so the counts may add up to more)."""
    rows = []
    for version_id, number, version_choices in groups:
        responses, top_size, bottom_size, sum_rest, sum_rest_sq = shown.get(version_id, [0, 0, 0, 0.0, 0.0])
        choices = []
        for position, choice in enumerate(version_choices):
            count, top, bottom, chosen_rest = tallies.get((version_id, position), [0, 0, 0, 0.0])
            discrimination = statistics.point_biserial(
                n=responses, chosen=count, sum_rest=sum_rest, sum_rest_sq=sum_rest_sq, chosen_rest=chosen_rest
            )
            choices.append(
                {
                    "label": choice.label,
                    "text": choice.text,
                    "correct": choice.correct,
                    "count": count,
                    "top": top,
                    "bottom": bottom,
                    "share": _percent_of(count, responses),
                    "top_share": _percent_of(top, top_size),
                    "bottom_share": _percent_of(bottom, bottom_size),
                    "discrimination": _round(discrimination),
                    "concept": choice.concept,
                }
            )
        blank = tallies.get((version_id, None), [0, 0, 0, 0.0])
        rows.append(
            {
                "number": number,
                "responses": responses,
                "top_size": top_size,
                "bottom_size": bottom_size,
                "key": ", ".join(c["label"] for c in choices if c["correct"]),
                "choices": choices,
                "unanswered": {"count": blank[0], "top": blank[1], "bottom": blank[2]},
                "mis_keyed": mis_keyed(responses=responses, choices=choices),
            }
        )
    return rows


def build_report(
    *,
    quiz_slug: str,
    items: Sequence[ItemInfo],
    counts: Iterable[ResponseCount],
    totals: Mapping[float, int],
    versions: Mapping[int, VersionInfo] | None = None,
    max_mark: float = 1.0,
) -> dict:
    """The item analysis of a quiz: quiz statistics, per-question statistics and distractor analysis.

    Choices are labelled and keyed by the version each attempt was shown (`versions`, by id), so an edit
    after answers never relabels old answers. A question whose attempts in scope saw several versions has
    its choices per version; one nobody answered shows its current choices.
    """
    versions = versions or {}
    counts = list(counts)
    low, high = statistics.group_bounds(totals)
    bottom_size = sum(n for t, n in totals.items() if low is not None and t <= low)
    top_size = sum(n for t, n in totals.items() if high is not None and t >= high)
    pairs: dict[int, dict[tuple[float, float], int]] = {item.question_id: {} for item in items}
    # question -> (version, choice) -> [count, top, bottom, sum of rest scores]
    chosen: dict[int, dict[tuple[int | None, int | None], list[float]]] = {q: {} for q in pairs}
    # question -> version -> [responses, top, bottom, sum of rest scores, sum of their squares]
    shown: dict[int, dict[int | None, list[float]]] = {q: {} for q in pairs}

    def add(tally: list[float], row: ResponseCount) -> None:
        tally[0] += row.n
        if high is not None and row.total >= high:
            tally[1] += row.n
        if low is not None and row.total <= low:
            tally[2] += row.n
        tally[3] += row.n * (row.total - row.mark)  # the rest score: Moodle's total minus this question

    for row in counts:
        if row.question_id not in pairs:
            continue
        if not row.tick:
            key = (row.mark, row.total)
            pairs[row.question_id][key] = pairs[row.question_id].get(key, 0) + row.n
            tally = shown[row.question_id].setdefault(row.version_id, [0, 0, 0, 0.0, 0.0])
            add(tally, row)
            tally[4] += row.n * (row.total - row.mark) ** 2
        if row.tick or row.choice is not None or row.blank:
            add(chosen[row.question_id].setdefault((row.version_id, row.choice), [0, 0, 0, 0.0]), row)

    questions = []
    variances: list[float | None] = []
    for item in items:
        stats = statistics.item_stats(pairs[item.question_id], max_mark=max_mark)
        variances.append(stats.variance)
        seen = set(shown[item.question_id])
        groups = sorted(
            (
                (v, versions[v].number, versions[v].choices) if v in versions else (v, None, item.choices)
                for v in seen
            ),
            key=lambda g: (g[1] is None, g[1] or 0),
        ) or [(None, None, item.choices)]
        version_rows = _version_rows(groups, chosen[item.question_id], shown[item.question_id])
        concepts: dict[str, int] = {}
        blank = {"count": 0, "top": 0, "bottom": 0}
        for version in version_rows:
            for choice in version["choices"]:
                if not choice["correct"] and choice["concept"]:
                    concepts[choice["concept"]] = concepts.get(choice["concept"], 0) + choice["count"]
            for part in blank:
                blank[part] += version["unanswered"][part]
        question = {
            "position": item.position,
            "question_id": item.question_id,
            "title": item.title,
            "responses": stats.responses,
            "facility": _round(stats.facility),
            "sd": _round(stats.sd),
            "discrimination_index": _round(stats.discrimination_index),
            "discriminative_efficiency": _round(stats.discriminative_efficiency),
            # the choices of the latest version seen; `versions` has every version's
            "choices": version_rows[-1]["choices"],
            "versions": version_rows,
            "unanswered": blank,
            "concepts": [
                {"name": name, "count": n} for name, n in sorted(concepts.items(), key=lambda c: -c[1])
            ],
        }
        question["flags"] = quality_flags(
            responses=stats.responses, facility=stats.facility, discrimination=stats.discrimination_index
        ) + _mis_key_flags(version_rows)
        question["hints"] = hints.question_hints(question)
        questions.append(question)

    quiz = statistics.quiz_stats(totals, max_total=max_mark * len(items), item_variances=variances)
    report = {
        "format": FORMAT,
        "quiz": quiz_slug,
        "attempts": quiz.attempts,
        "mean": _round(quiz.mean),
        "median": _round(quiz.median),
        "sd": _round(quiz.sd),
        "skewness": _round(quiz.skewness, 4),
        "kurtosis": _round(quiz.kurtosis, 4),
        "cic": _round(quiz.cic),
        "error_ratio": _round(quiz.error_ratio),
        "standard_error": _round(quiz.standard_error),
        "groups": {"top_from": high, "top_size": top_size, "bottom_to": low, "bottom_size": bottom_size},
        "questions": questions,
    }
    report["hints"] = hints.quiz_hints(report)
    return report
