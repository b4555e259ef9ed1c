"""Benchmark: the bank linter on the shipped bank and on a bank ten times its size.

Times, on the shipped question files (pure: no database), each part of `quizzes.lint.lint`: the per-item
checks, near-duplicates through the word-pair index, and the choice-only baseline (both models, both splits).
Then does the same on the bank copied ten times, each copy's scenario words shuffled (so near-duplicates are
not all of it), to show how each part grows.

    CPSPREP_DEV=1 .venv/bin/python bench/lint_bank.py [--copies 10]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpsprep.settings")


def _timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def _copy(q, n: int, rng: random.Random):
    words = q.scenario.split()
    rng.shuffle(words)
    return replace(q, key=f"{q.key}-c{n}", source=f"{q.source}-c{n}", scenario=" ".join(words))


def main() -> None:
    import django

    django.setup()
    from quizzes import lint, lint_sources

    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    files = sorted((ROOT / "fixtures" / "questions").glob("*.json"))
    bank = lint_sources.read_files(files).questions
    names = lint_sources.taxonomy().names
    rng = random.Random(1)
    for label, questions in (
        ("shipped bank", bank),
        (f"{args.copies} copies", [_copy(q, n, rng) for n in range(args.copies) for q in bank]),
    ):
        print(f"{label}: {len(questions)} questions")
        _timed("per-item checks", lambda qs=questions: [lint.item_findings(q, names) for q in qs])
        _timed("near-duplicates (word-pair index)", lambda qs=questions: lint.near_duplicates(qs))
        _timed(
            "choice-only baseline (2 models x 2 splits)", lambda qs=questions: lint.choice_only_baseline(qs)
        )
        _timed("whole lint", lambda qs=questions: lint.lint(qs, names=names))


if __name__ == "__main__":
    main()
