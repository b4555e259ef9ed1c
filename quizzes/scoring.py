"""Scoring of one attempt against the competency taxonomy. Pure: plain data in, plain data out.

A multiple-response question is marked all or nothing (see `multiple_response_correct`), so every question
counts one right or one wrong and the totals, pass marks and competency scores mean the same for every kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from quizzes.rules import FULL_MARK, SUM_TOLERANCE


@dataclass(frozen=True)
class Concept:
    slug: str
    name: str
    is_core: bool
    position: int = 0


@dataclass(frozen=True)
class AnsweredSlot:
    """What scoring needs to know of one question in an attempt."""

    competency: Concept
    chosen_correct: bool | None  # None: not answered
    chosen_concept: Concept | None = None  # the concept the chosen choice stands for, if any
    # Multiple response: the concepts of the wrong choices ticked (each distractor counts once per question).
    wrong_concepts: tuple[Concept, ...] = ()


@dataclass(frozen=True)
class CompetencyResult:
    competency: Concept
    correct: int
    asked: int

    @property
    def percent(self) -> int:
        return round_percent(self.correct, self.asked)


@dataclass(frozen=True)
class Confusion:
    """A distractor chosen as a wrong answer, `count` times, in questions testing `instead_of`."""

    distractor: Concept
    count: int
    instead_of: tuple[Concept, ...] = field(default=())


@dataclass(frozen=True)
class Result:
    correct: int
    total: int
    pass_mark: int
    unanswered: int
    by_competency: tuple[CompetencyResult, ...]
    confusions: tuple[Confusion, ...]

    @property
    def percent(self) -> Decimal:
        return percent_decimal(self.correct, self.total)

    @property
    def passed(self) -> bool:
        return passes(self.correct, self.total, self.pass_mark)


def percent_decimal(correct: int, total: int) -> Decimal:
    """The percent stored on an attempt, to two places, rounded half up."""
    if total == 0:
        return Decimal("0.00")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def round_percent(correct: int, total: int) -> int:
    """The whole percent every page, CSV and chart shows: rounded half up from the exact fraction, so 5 of 8
    is 63 everywhere (Python's `round()` would say 62). Decide pass/fail with `passes`, never with this."""
    if total == 0:
        return 0
    return int((Decimal(correct) * 100 / Decimal(total)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent_or_none(correct: int, total: int) -> int | None:
    """`round_percent`, or None when nothing was asked (shown as "no data")."""
    return round_percent(correct, total) if total else None


def passes(correct: int, total: int, pass_mark: int) -> bool:
    """Exactly at the pass mark passes. Compared in whole numbers so 7/10 at 70 % is never a rounding miss."""
    if total == 0:
        return False
    return correct * 100 >= pass_mark * total


def multiple_response_correct(ticked: list[tuple[Decimal, bool]]) -> bool | None:
    """All or nothing: right when the ticked choices' weights add up to the full mark (within
    `SUM_TOLERANCE`, for weights like 33.33333) and none of them is a wrong choice; None when none is ticked.

    `ticked` holds (weight, is_correct) of each ticked choice. Missing a right choice leaves the sum short,
    ticking a negatively weighted one takes it down, and ticking a wrong choice that weighs 0 is still a wrong
    answer even though it leaves the sum at 100.
    """
    if not ticked:
        return None
    total = sum((Decimal(weight) for weight, _ in ticked), Decimal(0))
    return abs(total - FULL_MARK) <= SUM_TOLERANCE and all(correct for _, correct in ticked)


def score(slots: list[AnsweredSlot], pass_mark: int) -> Result:
    asked: Counter[Concept] = Counter()
    right: Counter[Concept] = Counter()
    confused: Counter[Concept] = Counter()
    confused_for: dict[Concept, set[Concept]] = {}
    for slot in slots:
        asked[slot.competency] += 1
        if slot.chosen_correct:
            right[slot.competency] += 1
        elif slot.chosen_correct is False:
            concepts = set(slot.wrong_concepts)
            if slot.chosen_concept is not None:
                concepts.add(slot.chosen_concept)
            for chosen in concepts:
                if not chosen.is_core:
                    confused[chosen] += 1
                    confused_for.setdefault(chosen, set()).add(slot.competency)
    by_competency = tuple(
        CompetencyResult(competency=c, correct=right[c], asked=asked[c])
        for c in sorted(asked, key=lambda c: (not c.is_core, c.position, c.name))
    )
    confusions = tuple(
        Confusion(
            distractor=d,
            count=n,
            instead_of=tuple(sorted(confused_for[d], key=lambda c: (c.position, c.name))),
        )
        for d, n in sorted(confused.items(), key=lambda item: (-item[1], item[0].position, item[0].name))
    )
    return Result(
        correct=sum(right.values()),
        total=len(slots),
        pass_mark=pass_mark,
        unanswered=sum(1 for slot in slots if slot.chosen_correct is None),
        by_competency=by_competency,
        confusions=confusions,
    )
