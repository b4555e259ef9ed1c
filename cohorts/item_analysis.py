"""Assembling an item analysis report from counted responses, with plain-language hints. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cohorts import statistics

FORMAT = 2  # of the stored report; a stored report of another format is computed again
MIN_RESPONSES = 30  # below this, flags are not raised and numbers are read as a rough guide
TOO_EASY = 95.0
TOO_HARD = 20.0


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


def quality_flags(*, responses: int, facility: float | None, discrimination: float | None) -> list[str]:
    """Item quality flags, raised only once a question has at least MIN_RESPONSES responses."""
    if responses < MIN_RESPONSES:
        return []
    flags = []
    if facility is not None and facility > TOO_EASY:
        flags.append("too easy")
    if facility is not None and facility < TOO_HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    return flags


def _responses(n: int) -> str:
    return f"{n} response{'s' if n != 1 else ''}"


def _question_hints(question: dict) -> list[str]:
    hints: list[str] = []
    facility = question["facility"]
    discrimination = question["discrimination_index"]
    versions = question["versions"]
    several = len(versions) > 1
    if several:
        seen = ", ".join(f"version {v['number']}: {_responses(v['responses'])}" for v in versions)
        hints.append(
            f"The attempts counted here saw {len(versions)} versions of this question ({seen}): it was "
            "edited after it was answered. Facility and discrimination mix the versions (each answer was "
            "marked against the version shown); the choices are shown for each version with its own key."
        )
        keys = [v["key"] for v in versions]
        if len(set(keys)) > 1:
            changes = "; ".join(f"version {v['number']}: {v['key'] or 'none'}" for v in versions)
            hints.append(f"The key changed between versions ({changes}).")
    if question["responses"] < MIN_RESPONSES:
        hints.append(
            f"Only {question['responses']} responses so far: read these numbers as a rough guide "
            f"(flags appear from {MIN_RESPONSES})."
        )
    if facility is not None and facility > TOO_EASY:
        hints.append("Almost everyone gets this right, so it tells you little about who is ready.")
    elif facility is not None and facility < TOO_HARD:
        hints.append("Very few get this right: check the key and whether the scenario is clear.")
    if discrimination is None and question["responses"] >= 2:
        hints.append("Discrimination: not enough data (everyone scored the same on it or on the rest).")
    elif discrimination is not None and discrimination < 0:
        hints.append(
            "Candidates who do worse on the rest of the quiz do better on this question: "
            "check the key and look for a second defensible answer."
        )
    elif discrimination is not None and discrimination < 20:
        hints.append("It separates stronger from weaker candidates only weakly.")
    for version in versions:
        prefix = f"Version {version['number']}: most" if several else "Most"
        if version["top_size"]:
            for choice in version["choices"]:
                if not choice["correct"] and choice["top"] * 2 > version["top_size"]:
                    hints.append(
                        f"{prefix} of the strongest candidates chose {choice['label']}: check the key."
                    )
        if version["responses"] >= MIN_RESPONSES:
            prefix = f"Version {version['number']}: nobody" if several else "Nobody"
            for choice in version["choices"]:
                if not choice["correct"] and choice["count"] == 0:
                    hints.append(f"{prefix} chose {choice['label']}: it may not be a plausible option.")
    return hints


def _quiz_hints(quiz: dict) -> list[str]:
    hints = []
    if quiz["attempts"] < 2:
        hints.append("Not enough data: statistics need at least two attempts.")
    if quiz["attempts"] >= 2 and quiz["groups"]["top_from"] is None:
        hints.append(
            "Top and bottom 27 %: not enough data (too many attempts share the same total to split them "
            "into a stronger and a weaker group)."
        )
    cic = quiz["cic"]
    if cic is None and quiz["attempts"] >= 2:
        hints.append("Internal consistency: not enough data (every attempt had the same total).")
    elif cic is not None and cic < 64:
        hints.append(
            "Internal consistency is low (under 64 %): the questions may not be measuring the same thing, "
            "or the class is too alike to tell apart."
        )
    elif cic is not None and cic >= 75:
        hints.append("Internal consistency is good (75 % or more).")
    return hints


def _version_rows(
    groups: Sequence[tuple[int | None, int | None, Sequence[ChoiceInfo]]],
    tallies: Mapping[tuple[int | None, int | None], list[int]],
    shown: Mapping[int | None, list[int]],
) -> list[dict]:
    """Who chose what in each version: `groups` are (version id, number, choices); `tallies` map (version id,
    choice position or None for a blank) to [count, top, bottom]; `shown` maps a version id to its
    [responses, top, bottom] (a multiple-response answer ticks several choices, so the counts may add up to
    more)."""
    rows = []
    for version_id, number, version_choices in groups:
        choices = []
        for position, choice in enumerate(version_choices):
            count, top, bottom = tallies.get((version_id, position), [0, 0, 0])
            choices.append(
                {
                    "label": choice.label,
                    "text": choice.text,
                    "correct": choice.correct,
                    "count": count,
                    "top": top,
                    "bottom": bottom,
                    "concept": choice.concept,
                }
            )
        blank = tallies.get((version_id, None), [0, 0, 0])
        responses, top_size, _ = shown.get(version_id, [0, 0, 0])
        rows.append(
            {
                "number": number,
                "responses": responses,
                "top_size": top_size,
                "key": ", ".join(c["label"] for c in choices if c["correct"]),
                "choices": choices,
                "unanswered": {"count": blank[0], "top": blank[1], "bottom": blank[2]},
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
    # question -> (version, choice) -> [count, top, bottom]
    chosen: dict[int, dict[tuple[int | None, int | None], list[int]]] = {q: {} for q in pairs}
    # question -> version -> [responses, top, bottom]
    shown: dict[int, dict[int | None, list[int]]] = {q: {} for q in pairs}

    def add(tally: list[int], row: ResponseCount) -> None:
        tally[0] += row.n
        if high is not None and row.total >= high:
            tally[1] += row.n
        if low is not None and row.total <= low:
            tally[2] += row.n

    for row in counts:
        if row.question_id not in pairs:
            continue
        if not row.tick:
            key = (row.mark, row.total)
            pairs[row.question_id][key] = pairs[row.question_id].get(key, 0) + row.n
            add(shown[row.question_id].setdefault(row.version_id, [0, 0, 0]), row)
        if row.tick or row.choice is not None or row.blank:
            add(chosen[row.question_id].setdefault((row.version_id, row.choice), [0, 0, 0]), row)

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
        )
        question["hints"] = _question_hints(question)
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
    report["hints"] = _quiz_hints(report)
    return report


QUESTION_KEYS = (
    "position",
    "question_id",
    "title",
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
)
QUIZ_KEYS = (
    "quiz",
    "attempts",
    "mean",
    "median",
    "sd",
    "skewness",
    "kurtosis",
    "cic",
    "error_ratio",
    "standard_error",
)


def _public_choices(choices: list[dict]) -> list[dict]:
    return [
        {"label": c["label"], "text": c["text"], "correct": c["correct"], "count": c["count"]}
        for c in choices
    ]


def public_shape(report: dict) -> dict:
    """The report in the documented JSON shape of `item_stats --format json`.

    `choices` are those of the latest version the attempts saw; a question whose attempts saw more than one
    version also has `versions`: [{"version", "responses", "choices"}] in version order.
    """
    out = {key: report[key] for key in QUIZ_KEYS}
    out["questions"] = []
    for q in report["questions"]:
        question = {**{key: q[key] for key in QUESTION_KEYS}, "choices": _public_choices(q["choices"])}
        if len(q["versions"]) > 1:
            question["versions"] = [
                {
                    "version": v["number"],
                    "responses": v["responses"],
                    "choices": _public_choices(v["choices"]),
                }
                for v in q["versions"]
            ]
        out["questions"].append(question)
    return out


CSV_HEADER = [
    "position",
    "question_id",
    "title",
    "responses",
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
    "flags",
    "version",
    "choice",
    "choice_text",
    "correct",
    "count",
    "top_27",
    "bottom_27",
    "concept",
]


def csv_rows(report: dict) -> list[list]:
    """One row per choice of each version of each question the attempts saw (question columns repeated),
    then a row for blanks in that version."""
    rows: list[list] = []
    for q in report["questions"]:
        head = [
            q["position"],
            q["question_id"],
            q["title"],
            q["responses"],
            q["facility"],
            q["sd"],
            q["discrimination_index"],
            q["discriminative_efficiency"],
            "; ".join(q["flags"]),
        ]
        for v in q["versions"]:
            number = "" if v["number"] is None else v["number"]
            for c in v["choices"]:
                rows.append(
                    [
                        *head,
                        number,
                        c["label"],
                        c["text"],
                        "yes" if c["correct"] else "no",
                        c["count"],
                        c["top"],
                        c["bottom"],
                        c["concept"] or "",
                    ]
                )
            blank = v["unanswered"]
            rows.append(
                [*head, number, "", "(no answer)", "", blank["count"], blank["top"], blank["bottom"], ""]
            )
    return rows
