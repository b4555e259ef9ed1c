"""Plain-language hints on an item analysis report: what the numbers suggest a trainer check. Pure."""

from __future__ import annotations

from itemstats.flags import MIN_RESPONSES, TOO_EASY, TOO_HARD


def _responses(n: int) -> str:
    return f"{n} response{'s' if n != 1 else ''}"


def question_hints(question: dict) -> list[str]:
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
        for label in version["mis_keyed"]:
            key = version["key"] or "none"
            chosen = next(c for c in version["choices"] if c["label"] == label)
            keys = [c for c in version["choices"] if c["correct"]]
            key_disc = ", ".join(_signed(c["discrimination"]) for c in keys) or "not enough data"
            hints.append(
                (f"Version {version['number']}: p" if several else "P")
                + f"ossible mis-key: {label} is chosen more by the candidates who do well on the rest of the "
                f"quiz (discrimination {_signed(chosen['discrimination'])}) than the key {key} "
                f"({key_disc}). Check whether {label} is the right answer."
            )
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


def _signed(value: float | None) -> str:
    return "not enough data" if value is None else f"{value:+.1f}"


def quiz_hints(quiz: dict) -> list[str]:
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
