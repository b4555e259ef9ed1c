"""Item analysis statistics as Moodle's quiz statistics report defines them. Pure: plain data in and out.

Inputs are histograms rather than raw rows so that the database can do the counting: for a question, how
many attempts had mark x and quiz total T (`{(x, T): n}`); for the quiz, how many attempts had total T.
`None` in a result means "not enough data" (too few attempts, or no variance to divide by).

With s attempts, x a question's mark, y = T - x the rest of the quiz and V/C sample (s - 1) variances
and covariances:
facility = 100 mean(x) / max; sd = 100 sqrt(V(x)) / max; discrimination index = 100 C(x, y) / sqrt(V(x) V(y));
discriminative efficiency = 100 C(x, y) / C_max(x, y), C_max pairing the sorted x with the sorted y.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Histogram = Mapping[float, int]
PairHistogram = Mapping[tuple[float, float], int]


@dataclass(frozen=True)
class ItemStats:
    responses: int
    facility: float | None
    sd: float | None
    variance: float | None  # V(x) in marks, for the quiz's coefficient of internal consistency
    discrimination_index: float | None
    discriminative_efficiency: float | None


@dataclass(frozen=True)
class QuizStats:
    attempts: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def _count(hist: Mapping) -> int:
    return sum(hist.values())


def _mean(hist: Histogram) -> float:
    return sum(value * n for value, n in hist.items()) / _count(hist)


def _sample_variance(hist: Histogram) -> float | None:
    s = _count(hist)
    if s < 2:
        return None
    mean = _mean(hist)
    return sum(n * (value - mean) ** 2 for value, n in hist.items()) / (s - 1)


def _marginal(pairs: PairHistogram, index: int) -> dict[float, int]:
    out: dict[float, int] = {}
    for key, n in pairs.items():
        out[key[index]] = out.get(key[index], 0) + n
    return out


def _sorted_pairing_sum(a: Histogram, b: Histogram) -> float:
    """Sum of a_(i) * b_(i) when both lists are sorted ascending; walks the runs without expanding them."""
    runs_a = sorted((v, n) for v, n in a.items() if n)
    runs_b = sorted((v, n) for v, n in b.items() if n)
    total = 0.0
    i = j = 0
    left_a = runs_a[0][1] if runs_a else 0
    left_b = runs_b[0][1] if runs_b else 0
    while i < len(runs_a) and j < len(runs_b):
        take = min(left_a, left_b)
        total += take * runs_a[i][0] * runs_b[j][0]
        left_a -= take
        left_b -= take
        if left_a == 0:
            i += 1
            left_a = runs_a[i][1] if i < len(runs_a) else 0
        if left_b == 0:
            j += 1
            left_b = runs_b[j][1] if j < len(runs_b) else 0
    return total


def item_stats(pairs: PairHistogram, *, max_mark: float = 1.0) -> ItemStats:
    """Statistics of one question from `{(mark, quiz total): attempts}`."""
    s = _count(pairs)
    if s == 0 or max_mark <= 0:
        return ItemStats(s, None, None, None, None, None)
    xy = {(x, t - x): n for (x, t), n in pairs.items()}
    x_hist = _marginal(xy, 0)
    y_hist = _marginal(xy, 1)
    x_mean = _mean(x_hist)
    facility = 100 * x_mean / max_mark
    vx = _sample_variance(x_hist)
    if vx is None:
        return ItemStats(s, facility, None, None, None, None)
    vy = _sample_variance(y_hist)
    y_mean = _mean(y_hist)
    cov = sum(n * (x - x_mean) * (y - y_mean) for (x, y), n in xy.items()) / (s - 1)
    discrimination = None
    if vx > 0 and vy and vy > 0:
        discrimination = 100 * cov / math.sqrt(vx * vy)
    efficiency = None
    c_max = (_sorted_pairing_sum(x_hist, y_hist) - s * x_mean * y_mean) / (s - 1)
    if c_max > 1e-12:
        efficiency = 100 * cov / c_max
    return ItemStats(
        responses=s,
        facility=facility,
        sd=100 * math.sqrt(vx) / max_mark,
        variance=vx,
        discrimination_index=discrimination,
        discriminative_efficiency=efficiency,
    )


def median(hist: Histogram) -> float | None:
    s = _count(hist)
    if s == 0:
        return None
    wanted = [(s - 1) // 2, s // 2]  # zero-based ranks of the middle value(s)
    found: list[float] = []
    seen = 0
    for value, n in sorted(hist.items()):
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return sum(found) / 2


def quiz_stats(totals: Histogram, *, max_total: float, item_variances: Sequence[float | None]) -> QuizStats:
    """Statistics of the quiz from `{total: attempts}`; `item_variances` are V(x) of its p questions."""
    s = _count(totals)
    if s == 0 or max_total <= 0:
        return QuizStats(s, None, None, None, None, None, None, None, None)
    mean = _mean(totals)
    middle = median(totals)
    variance = _sample_variance(totals)
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if variance is not None:
        sd = 100 * math.sqrt(variance) / max_total
    if variance:  # k-statistics as Moodle computes them
        m2 = sum(n * (t - mean) ** 2 for t, n in totals.items()) / s
        m3 = sum(n * (t - mean) ** 3 for t, n in totals.items()) / s
        m4 = sum(n * (t - mean) ** 4 for t, n in totals.items()) / s
        k2 = s * m2 / (s - 1)
        if s >= 3:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = k3 / k2**1.5
        if s >= 4:
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            kurtosis = k4 / (k2 * k2)
        p = len(item_variances)
        if p >= 2 and all(v is not None for v in item_variances):
            cic = 100 * p / (p - 1) * (1 - sum(item_variances) / variance)
            if cic <= 100:
                error_ratio = 100 * math.sqrt(1 - cic / 100)
                standard_error = error_ratio * sd / 100
    return QuizStats(
        attempts=s,
        mean=100 * mean / max_total,
        median=100 * middle / max_total if middle is not None else None,
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )


def group_bounds(totals: Histogram, *, share: float = 0.27) -> tuple[float | None, float | None]:
    """Totals at or below the first bound form the bottom group, at or above the second the top group.

    Each group is the smallest run of whole score levels holding at least `share` of the attempts, so
    attempts tied on the boundary score fall in the same group. (None, None) with fewer than 2 attempts, and
    when ties make the two groups meet (say, most attempts share one total): there is then no top and bottom
    to compare.
    """
    s = _count(totals)
    if s < 2:
        return None, None
    need = max(1, math.ceil(share * s))
    levels = sorted(totals.items())
    low = high = None
    seen = 0
    for value, n in levels:
        seen += n
        if seen >= need:
            low = value
            break
    seen = 0
    for value, n in reversed(levels):
        seen += n
        if seen >= need:
            high = value
            break
    if low is None or high is None or low >= high:
        return None, None
    return low, high


def pairs_from_rows(rows: Iterable[Sequence[float]]) -> tuple[list[dict[tuple[float, float], int]], dict]:
    """From a marks matrix (one row of question marks per attempt) to the histograms used above."""
    per_question: list[dict[tuple[float, float], int]] = []
    totals: dict[float, int] = {}
    for row in rows:
        total = sum(row)
        totals[total] = totals.get(total, 0) + 1
        while len(per_question) < len(row):
            per_question.append({})
        for index, x in enumerate(row):
            per_question[index][(x, total)] = per_question[index].get((x, total), 0) + 1
    return per_question, totals


def discrimination_from_sums(
    *, n: int, sx: float, sxx: float, sy: float, syy: float, sxy: float
) -> float | None:
    """Discrimination index 100 C(x, y) / sqrt(V(x) V(y)) from the sums of x, x², y, y² and x·y that SQL
    aggregates per question, y being the candidate's result on the rest of the attempt.

    None with fewer than two responses or when x or y does not vary.
    """
    if n < 2:
        return None
    vx = (sxx - sx * sx / n) / (n - 1)
    vy = (syy - sy * sy / n) / (n - 1)
    cxy = (sxy - sx * sy / n) / (n - 1)
    # Sums of floats carry rounding noise: a variance this close to zero is no variance.
    if vx <= 1e-9 or vy <= 1e-9:
        return None
    return 100 * cxy / math.sqrt(vx * vy)


def point_biserial(
    *, n: int, chosen: int, sum_rest: float, sum_rest_sq: float, chosen_rest: float
) -> float | None:
    """100 times the correlation between choosing a choice (1 or 0) and the rest score, over the n
    responses to the question: `chosen` of them chose it, their rest scores add up to `chosen_rest`, and
    every response's rest scores add up to `sum_rest` (squares: `sum_rest_sq`).

    Moodle's rest score is the total minus the question's own mark, so a choice is not correlated with
    itself. None when nobody or everybody chose it, or when the rest score does not vary.
    """
    if n < 2 or chosen == 0 or chosen == n:
        return None
    p = chosen / n
    mean = sum_rest / n
    variance = sum_rest_sq / n - mean * mean
    if variance <= 1e-12:
        return None
    covariance = chosen_rest / n - p * mean
    return 100 * covariance / math.sqrt(p * (1 - p) * variance)
