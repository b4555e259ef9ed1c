"""The dashboard's class statistics and the geometry of its histogram. Pure: plain data in, plain data out."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def mean_and_sd(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Class mean and sample SD of a list of numbers (None where there are too few)."""
    if not values:
        return None, None
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, None
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def histogram_bins(values: Iterable[float], *, width: int = 10) -> list[tuple[int, int, int]]:
    """(from %, to %, count) bins over 0 to 100; 100 % falls in the last bin."""
    edges = list(range(0, 100, width))
    counts = [0] * len(edges)
    for value in values:
        counts[min(int(value // width), len(edges) - 1)] += 1
    return [(low, min(low + width, 100), counts[i]) for i, low in enumerate(edges)]


def histogram_bars(bins: Sequence[tuple[int, int, int]]) -> list[dict]:
    """Geometry of the histogram's SVG bars, on a 400 by 160 viewBox."""
    width, height = 400, 160
    top = max((n for _, _, n in bins), default=0) or 1
    step = width / len(bins)
    return [
        {
            "x": round(i * step + 2, 1),
            "width": round(step - 4, 1),
            "height": round(height * n / top, 1),
            "y": round(height - height * n / top, 1),
            "label": f"{low} to {high}%",
            "tick": str(low),
            "start": round(i * step, 1),
            "count_y": round(height - height * n / top - 3, 1),
            "middle": round(i * step + step / 2, 1),
            "count": n,
        }
        for i, (low, high, n) in enumerate(bins)
    ]
