"""Scoring of one attempt against the competency taxonomy. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


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
    if total == 0:
        return Decimal("0.00")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def round_percent(correct: int, total: int) -> int:
    return int(percent_decimal(correct, total).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def passes(correct: int, total: int, pass_mark: int) -> bool:
    """Exactly at the pass mark passes. Compared in whole numbers so 7/10 at 70 % is never a rounding miss."""
    if total == 0:
        return False
    return correct * 100 >= pass_mark * total


def score(slots: list[AnsweredSlot], pass_mark: int) -> Result:
    asked: Counter[Concept] = Counter()
    right: Counter[Concept] = Counter()
    confused: Counter[Concept] = Counter()
    confused_for: dict[Concept, set[Concept]] = {}
    for slot in slots:
        asked[slot.competency] += 1
        if slot.chosen_correct:
            right[slot.competency] += 1
        elif (
            slot.chosen_correct is False
            and slot.chosen_concept is not None
            and not slot.chosen_concept.is_core
        ):
            confused[slot.chosen_concept] += 1
            confused_for.setdefault(slot.chosen_concept, set()).add(slot.competency)
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
