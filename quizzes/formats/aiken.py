"""The Aiken format: a question, lettered options (`A.` or `A)`), then `ANSWER: X`.

Aiken carries only the question text, the options and the right letter: no title, feedback, explanation or
competency (pass a default competency). A question text of several lines is split like GIFT's: the last line
is the stem, the lines before it the scenario.
"""

from __future__ import annotations

import re

from quizzes.formats import (
    FormatError,
    ParsedChoice,
    ParsedFile,
    ParsedQuestion,
    decode,
    derive_key,
    short_title,
)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$", re.IGNORECASE)


def _finish(first_line: int, text_lines: list[str], options: list[str]) -> tuple[str, str, str]:
    if not text_lines:
        raise FormatError("expected the question text before the options", where=f"line {first_line}")
    if len(text_lines) > 1:
        return "\n".join(text_lines[:-1]), text_lines[-1], "\n".join(text_lines)
    return "", text_lines[0], text_lines[0]


def parse(raw: str | bytes) -> ParsedFile:
    """Read an Aiken file. Raises FormatError naming the line and what was expected."""
    raw = decode(raw)
    questions: list[ParsedQuestion] = []
    text_lines: list[str] = []
    options: list[str] = []
    first_line = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            if options:
                raise FormatError(
                    "expected 'ANSWER: <letter>' after the options of the question on line "
                    f"{first_line}, found a blank line",
                    where=f"line {number}",
                )
            continue
        answer = _ANSWER.match(stripped)
        option = _OPTION.match(stripped)
        if answer:
            if len(options) < 2:
                raise FormatError(
                    "expected at least two options (A. ..., B. ...) before 'ANSWER:'", where=f"line {number}"
                )
            letter = answer.group(1).upper()
            if len(letter) != 1 or letter not in LETTERS[: len(options)]:
                raise FormatError(
                    f"expected 'ANSWER:' to name one of {', '.join(LETTERS[: len(options)])}, "
                    f"found {answer.group(1)!r}",
                    where=f"line {number}",
                )
            scenario, stem, whole = _finish(first_line, text_lines, options)
            correct = LETTERS.index(letter)
            questions.append(
                ParsedQuestion(
                    key=derive_key(title=None, stem=whole, choices=options),
                    title=short_title(stem),
                    competency="",
                    scenario=scenario,
                    stem=stem,
                    explanation="",
                    choices=[ParsedChoice(text=o, is_correct=i == correct) for i, o in enumerate(options)],
                    difficulty=None,
                    contrast=None,
                    status=None,
                    where=f"line {first_line}",
                )
            )
            text_lines, options = [], []
        elif len(options) == len(LETTERS):  # no letter left for another option
            raise FormatError(
                f"a question has at most 26 options, A to Z; expected 'ANSWER: <letter>', found "
                f"{stripped[:40]!r}",
                where=f"line {number}",
            )
        elif option and (options or text_lines):
            expected = LETTERS[len(options)]
            if option.group(1) != expected:
                if not options:  # a question line that merely starts like an option
                    text_lines.append(stripped)
                    continue
                raise FormatError(
                    f"expected option {expected} next, found {option.group(1)}", where=f"line {number}"
                )
            options.append(option.group(2))
        elif options:
            raise FormatError(
                f"expected option {LETTERS[len(options)]}. or 'ANSWER: <letter>', found {stripped[:40]!r}",
                where=f"line {number}",
            )
        else:
            if not text_lines:
                first_line = number
            text_lines.append(stripped)
    if text_lines or options:
        raise FormatError(
            "expected 'ANSWER: <letter>' to end the question, found the end of the file",
            where=f"line {first_line}",
        )
    return ParsedFile(questions=questions)


def can_write(q: ParsedQuestion) -> bool:
    """Aiken has one right letter: only questions with exactly one correct choice and no partial weights."""
    return q.kind != "multiple" and sum(1 for c in q.choices if c.is_correct) == 1 and len(q.choices) <= 26


def _one_line(text: str) -> str:
    return " ".join(text.split())


def write(questions: list[ParsedQuestion]) -> str:
    """Aiken for the questions `can_write` accepts (the caller reports the others)."""
    out: list[str] = []
    for q in questions:
        if not can_write(q):
            continue
        out += [_one_line(line) for line in q.scenario.split("\n") if line.strip()]
        out.append(_one_line(q.stem))
        out += [f"{LETTERS[i]}. {_one_line(c.text)}" for i, c in enumerate(q.choices)]
        correct = next(i for i, c in enumerate(q.choices) if c.is_correct)
        out += [f"ANSWER: {LETTERS[correct]}", ""]
    return "\n".join(out)
