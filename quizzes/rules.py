"""Rules a servable question must meet, shared by imports and the admin. Pure: plain data in, messages out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from quizzes import lint

MIN_CHOICES = 2
MAX_CHOICES = 8
FULL_MARK = Decimal(100)
# Weights such as 33.33333 x 3 add up to 99.99999; anything this close to 100 counts as 100.
SUM_TOLERANCE = Decimal("0.01")
# The longest text of the shipped bank is under 600 characters; a scenario of 4,000 is a page of reading, and
# anything longer is almost always a file read wrongly (a whole document pasted into one cell or question).
MAX_TEXT = 4000

SINGLE, TRUEFALSE, MULTIPLE = "single", "truefalse", "multiple"
KINDS = (SINGLE, TRUEFALSE, MULTIPLE)


def percent(value: Decimal) -> str:
    """100 → '100', 33.33333 → '33.33333', -50.00000 → '-50'."""
    text = f"{Decimal(value).normalize():f}"
    return text


def weights_from_flags(kind: str, flags: list[bool]) -> list[Decimal]:
    """Weights for choices marked only right or wrong: 100 for the one correct choice of a single-answer
    question, the full mark shared equally among the correct choices of a multiple-response one."""
    correct = sum(flags)
    if kind == MULTIPLE and correct:
        share = (FULL_MARK / correct).quantize(Decimal("0.00001"))
        return [share if flag else Decimal(0) for flag in flags]
    return [FULL_MARK if flag else Decimal(0) for flag in flags]


def choice_problems(
    *, kind: str, weights: list[Decimal], texts: list[str], require_correct: bool = True
) -> list[str]:
    """What is wrong with a question's choices, in words a trainer can act on.

    `require_correct` is false for a draft, which may be saved before its correct answer is chosen.
    """
    problems = []
    n = len(weights)
    if kind not in KINDS:
        return [f"Unknown question kind {kind!r}; expected one of {', '.join(KINDS)}."]
    if kind == TRUEFALSE and n != 2:
        problems.append(
            f"A true/false question needs exactly two choices (True and False); this one has {n}."
        )
    elif n < MIN_CHOICES:
        problems.append(f"A question needs at least {MIN_CHOICES} choices; this one has {n}.")
    if n > MAX_CHOICES:
        problems.append(f"A question can have at most {MAX_CHOICES} choices; this one has {n}.")
    for index, weight in enumerate(weights):
        if not -FULL_MARK <= weight <= FULL_MARK:
            problems.append(
                f"Choice {index + 1} weighs {percent(weight)} %; a weight must be between -100 and 100."
            )
    positive = [w for w in weights if w > 0]
    if kind in (SINGLE, TRUEFALSE):
        label = "A single-answer" if kind == SINGLE else "A true/false"
        if len(positive) > 1 or (len(positive) == 0 and require_correct):
            problems.append(
                f"{label} question needs exactly one correct choice; this one has {len(positive)}."
            )
        if len(positive) == 1 and positive[0] != FULL_MARK:
            problems.append(
                f"The correct choice of {label.lower()} question weighs 100 %; this one weighs "
                f"{percent(positive[0])} %. Make it a multiple-response question for partial marks."
            )
    else:
        total = sum(positive, Decimal(0))
        if not positive and require_correct:
            problems.append("A multiple-response question needs at least one choice with a positive weight.")
        elif positive and abs(total - FULL_MARK) > SUM_TOLERANCE:
            problems.append(
                "The positive weights of a multiple-response question must add up to 100 %; "
                f"these add up to {percent(total)} %."
            )
    seen = set()
    for text in texts:
        normal = normalise(text)
        if not normal:
            problems.append("A choice has no text.")
        elif normal in seen:
            problems.append(f"Two choices have the same text: {text[:60]!r}.")
        seen.add(normal)
    return problems


def length_problems(texts: dict[str, str]) -> list[str]:
    """One message per text (by its name, e.g. "stem" or "choice 2") longer than `MAX_TEXT` characters."""
    return [
        f"The {name} is {len(text):,} characters long; the limit is {MAX_TEXT:,}."
        for name, text in texts.items()
        if len(text) > MAX_TEXT
    ]


def publish_problems(*, status: str, weights: list[Decimal]) -> list[str]:
    """A published question must have a correct answer (a draft may wait for one)."""
    if status == "published" and not any(w > 0 for w in weights):
        return ["A published question needs a correct answer: mark one, or save the question as a draft."]
    return []


def normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def near_duplicates(text: str, others: Iterable[tuple[str, str]]) -> list[str]:
    """The labels of `others` ((label, text) pairs) whose text is nearly the same as `text`, by the bank
    linter's measure (`quizzes.lint.similarity`), so an import, the admin form and `lint_bank` agree.

    Compare scenario and stem together: the bank's stems repeat on purpose ("What should the peer specialist
    do?"); a near-copy is a question whose whole reading matches.
    """
    mine = lint.shingles(text)
    if not mine:
        return []
    limit = lint.THRESHOLDS.near_duplicate_jaccard
    return [label for label, other in others if lint.jaccard(mine, lint.shingles(other)) >= limit]
