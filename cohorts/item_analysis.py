"""Assembling an item analysis report from counted responses, with plain-language hints. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cohorts import statistics

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
    choices: Sequence[ChoiceInfo]


@dataclass(frozen=True)
class ResponseCount:
    """Attempts that gave question `question_id` mark `mark` by choosing `choice` (None: unanswered)."""

    question_id: int
    mark: float
    total: float
    choice: int | None  # authored position of the chosen choice
    n: int


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


def _question_hints(question: dict, top_size: int) -> list[str]:
    hints: list[str] = []
    facility = question["facility"]
    discrimination = question["discrimination_index"]
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
    if top_size:
        for choice in question["choices"]:
            if not choice["correct"] and choice["top"] * 2 > top_size:
                hints.append(f"Most of the strongest candidates chose {choice['label']}: check the key.")
    if question["responses"] >= MIN_RESPONSES:
        for choice in question["choices"]:
            if not choice["correct"] and choice["count"] == 0:
                hints.append(f"Nobody chose {choice['label']}: it may not be a plausible option.")
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


def build_report(
    *,
    quiz_slug: str,
    items: Sequence[ItemInfo],
    counts: Iterable[ResponseCount],
    totals: Mapping[float, int],
    max_mark: float = 1.0,
) -> dict:
    """The item analysis of a quiz: quiz statistics, per-question statistics and distractor analysis."""
    counts = list(counts)
    low, high = statistics.group_bounds(totals)
    bottom_size = sum(n for t, n in totals.items() if low is not None and t <= low)
    top_size = sum(n for t, n in totals.items() if high is not None and t >= high)
    pairs: dict[int, dict[tuple[float, float], int]] = {item.question_id: {} for item in items}
    chosen: dict[tuple[int, int | None], list[int]] = {}  # (question, choice) -> [count, top, bottom]
    for row in counts:
        if row.question_id not in pairs:
            continue
        key = (row.mark, row.total)
        pairs[row.question_id][key] = pairs[row.question_id].get(key, 0) + row.n
        tally = chosen.setdefault((row.question_id, row.choice), [0, 0, 0])
        tally[0] += row.n
        if high is not None and row.total >= high:
            tally[1] += row.n
        if low is not None and row.total <= low:
            tally[2] += row.n

    questions = []
    variances: list[float | None] = []
    for item in items:
        stats = statistics.item_stats(pairs[item.question_id], max_mark=max_mark)
        variances.append(stats.variance)
        choices = []
        concepts: dict[str, int] = {}
        for index, choice in enumerate(item.choices):
            count, top, bottom = chosen.get((item.question_id, index), [0, 0, 0])
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
            if not choice.correct and choice.concept:
                concepts[choice.concept] = concepts.get(choice.concept, 0) + count
        blank = chosen.get((item.question_id, None), [0, 0, 0])
        question = {
            "position": item.position,
            "question_id": item.question_id,
            "title": item.title,
            "responses": stats.responses,
            "facility": _round(stats.facility),
            "sd": _round(stats.sd),
            "discrimination_index": _round(stats.discrimination_index),
            "discriminative_efficiency": _round(stats.discriminative_efficiency),
            "choices": choices,
            "unanswered": {"count": blank[0], "top": blank[1], "bottom": blank[2]},
            "concepts": [
                {"name": name, "count": n} for name, n in sorted(concepts.items(), key=lambda c: -c[1])
            ],
        }
        question["flags"] = quality_flags(
            responses=stats.responses, facility=stats.facility, discrimination=stats.discrimination_index
        )
        question["hints"] = _question_hints(question, top_size)
        questions.append(question)

    quiz = statistics.quiz_stats(totals, max_total=max_mark * len(items), item_variances=variances)
    report = {
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


def public_shape(report: dict) -> dict:
    """The report in the documented JSON shape of `item_stats --format json`."""
    out = {key: report[key] for key in QUIZ_KEYS}
    out["questions"] = [
        {
            **{key: q[key] for key in QUESTION_KEYS},
            "choices": [
                {"label": c["label"], "text": c["text"], "correct": c["correct"], "count": c["count"]}
                for c in q["choices"]
            ],
        }
        for q in report["questions"]
    ]
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
    "choice",
    "choice_text",
    "correct",
    "count",
    "top_27",
    "bottom_27",
    "concept",
]


def csv_rows(report: dict) -> list[list]:
    """One row per choice of each question (question columns repeated), then a row for blanks."""
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
        for c in q["choices"]:
            rows.append(
                [
                    *head,
                    c["label"],
                    c["text"],
                    "yes" if c["correct"] else "no",
                    c["count"],
                    c["top"],
                    c["bottom"],
                    c["concept"] or "",
                ]
            )
        blank = q["unanswered"]
        rows.append([*head, "", "(no answer)", "", blank["count"], blank["top"], blank["bottom"], ""])
    return rows
