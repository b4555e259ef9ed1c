"""Item quality flags and their thresholds, shared by item analysis, its hints and the admin list. Pure."""

from __future__ import annotations

from collections.abc import Sequence

MIN_RESPONSES = 30  # below this, flags are not raised and numbers are read as a rough guide
# A possible mis-key also needs this many candidates to have chosen the wrong choice: a correlation carried by
# one or two people (a strong candidate's slip) is noise. With 30 responses the standard error of a
# correlation is still about 0.18, so the flag asks for a second look at the key, never changes it.
MIN_CHOOSERS = 5
TOO_EASY = 95.0
TOO_HARD = 20.0


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


def mis_keyed(*, responses: int, choices: Sequence[dict]) -> list[str]:
    """Labels of the wrong choices that look like the real key: chosen by at least MIN_CHOOSERS of at least
    MIN_RESPONSES responses, with a positive discrimination higher than every key's (a key nobody chose, or
    whose discrimination is not enough data, counts as lower).

    `choices` are dicts with `label`, `correct`, `count` and `discrimination`."""
    if responses < MIN_RESPONSES:
        return []
    keys = [c["discrimination"] for c in choices if c["correct"] and c["discrimination"] is not None]
    best_key = max(keys, default=None)
    return [
        c["label"]
        for c in choices
        if not c["correct"]
        and c["count"] >= MIN_CHOOSERS
        and c["discrimination"] is not None
        and c["discrimination"] > 0
        and (best_key is None or c["discrimination"] > best_key)
    ]
