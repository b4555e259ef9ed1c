"""Rules a servable question must meet, shared by imports and the admin. Pure: plain data in, messages out."""

from __future__ import annotations

MIN_CHOICES = 2
MAX_CHOICES = 8


def choice_problems(correct_flags: list[bool], texts: list[str]) -> list[str]:
    """What is wrong with a single-answer question's choices, in words a trainer can act on."""
    problems = []
    if len(correct_flags) < MIN_CHOICES:
        problems.append(
            f"A question needs at least {MIN_CHOICES} choices; this one has {len(correct_flags)}."
        )
    if len(correct_flags) > MAX_CHOICES:
        problems.append(
            f"A question can have at most {MAX_CHOICES} choices; this one has {len(correct_flags)}."
        )
    correct = sum(1 for flag in correct_flags if flag)
    if correct != 1:
        problems.append(f"A single-answer question needs exactly one correct choice; this one has {correct}.")
    seen = set()
    for text in texts:
        normal = " ".join(text.lower().split())
        if normal in seen:
            problems.append(f"Two choices have the same text: {text[:60]!r}.")
        seen.add(normal)
    return problems
