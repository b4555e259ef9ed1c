"""How ready a candidate is, with honest uncertainty. Pure: plain data in, plain data out.

Each answer counts with a weight that halves every `half_life_days`, so recent answers count more.
Per competency the weighted share right gets a Wilson score interval (computed on the weighted count).
The chance to pass a mock exam treats each competency's rate as a Beta posterior (uniform prior plus the
weighted answers) and adds up Beta-binomial counts over the exam's questions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

Z90 = 1.6448536269514722  # two-sided 90 % interval


@dataclass(frozen=True)
class Answer:
    competency: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class Mastery:
    competency: str
    answers: int  # how many answers in the window
    weight: float  # their total weight (the effective number of answers)
    successes: float  # the weighted number right
    enough: bool

    @property
    def estimate(self) -> float | None:
        return self.successes / self.weight if self.weight else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.successes, self.weight) if self.weight else None


@dataclass(frozen=True)
class Readiness:
    mastery: dict[str, Mastery]
    answers: int
    window_days: int
    pass_chance: float | None  # None: not enough data to say


def weight(age_days: float, half_life_days: float) -> float:
    return 0.5 ** (max(age_days, 0.0) / half_life_days)


def wilson(successes: float, n: float, z: float = Z90) -> tuple[float, float]:
    """Wilson score interval for a share successes/n (n may be a weighted, non-whole count)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def beta_binomial_pmf(n: int, alpha: float, beta: float) -> list[float]:
    """P(k right out of n) when the rate is Beta(alpha, beta)-distributed, for k = 0..n."""

    def log_beta(a: float, b: float) -> float:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    return [
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + log_beta(k + alpha, n - k + beta)
            - log_beta(alpha, beta)
        )
        for k in range(n + 1)
    ]


def convolve(a: list[float], b: list[float]) -> list[float]:
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def chance_to_pass(mastery: Mapping[str, Mastery], blueprint: Mapping[str, int], pass_mark: int) -> float:
    """P(at least pass_mark % right) on an exam with `blueprint[c]` questions from each competency c."""
    total = sum(blueprint.values())
    distribution = [1.0]
    for competency, count in blueprint.items():
        m = mastery.get(competency)
        successes = m.successes if m else 0.0
        failures = (m.weight - m.successes) if m else 0.0
        distribution = convolve(distribution, beta_binomial_pmf(count, 1 + successes, 1 + failures))
    needed = math.ceil(pass_mark * total / 100)
    return min(1.0, sum(distribution[needed:]))


def readiness(
    answers: Iterable[Answer],
    *,
    now: datetime,
    competencies: Iterable[str],
    blueprint: Mapping[str, int],
    pass_mark: int,
    window_days: int = 30,
    half_life_days: float = 14.0,
    minimum_answers: int = 8,
) -> Readiness:
    """Mastery per competency over the last `window_days`, and the chance to pass a mock exam.

    A competency with fewer than `minimum_answers` answers in the window is marked as not enough data; the
    pass chance is given only when every competency in the blueprint has enough.
    """
    totals: dict[str, list[float]] = {c: [0, 0.0, 0.0] for c in competencies}
    counted = 0
    for answer in answers:
        age = (now - answer.at).total_seconds() / 86400
        if age > window_days or answer.competency not in totals:
            continue
        w = weight(age, half_life_days)
        row = totals[answer.competency]
        row[0] += 1
        row[1] += w
        row[2] += w if answer.correct else 0.0
        counted += 1
    mastery = {c: Mastery(c, int(n), w, s, enough=n >= minimum_answers) for c, (n, w, s) in totals.items()}
    enough = all(mastery[c].enough for c in blueprint if c in mastery)
    chance = chance_to_pass(mastery, blueprint, pass_mark) if enough and blueprint else None
    return Readiness(mastery=mastery, answers=counted, window_days=window_days, pass_chance=chance)
