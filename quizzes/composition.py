"""Which questions an attempt gets, and in what order. Pure: plain data in, plain data out."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping


def draw(candidates: Iterable[int], count: int, seen: Mapping[int, int], rng: random.Random) -> list[int]:
    """Pick `count` question ids, preferring those seen least (never seen first), at random among equals."""
    pool = list(candidates)
    rng.shuffle(pool)
    pool.sort(key=lambda qid: seen.get(qid, 0))  # stable sort keeps the shuffle within equal counts
    return pool[:count]


def arrange(ids: list[int], *, shuffle: bool, rng: random.Random) -> list[int]:
    ordered = list(ids)
    if shuffle:
        rng.shuffle(ordered)
    return ordered
