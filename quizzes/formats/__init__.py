"""Question file formats. Each parser turns a file into a `ParsedFile` or raises `FormatError`.

Parsers are pure (no database): competencies are named by slug (or, from GIFT categories, by name) and are
resolved by `quizzes.bank` when the file is imported.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NoReturn

import nh3
from django.utils.text import slugify


class FormatError(Exception):
    """A file that cannot be imported; the message names where and what was expected."""

    def __init__(self, message: str, *, where: str = ""):
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class ParsedChoice:
    text: str
    is_correct: bool
    feedback: str = ""
    concept: str | None = None  # competency slug
    weight: Decimal | None = None  # None: 100 if correct, else 0 (or shared, for multiple response)


@dataclass
class ParsedQuestion:
    key: str
    title: str
    competency: str  # slug; from GIFT categories also a name; "" = the import's default competency
    scenario: str
    stem: str
    explanation: str
    choices: list[ParsedChoice] = field(default_factory=list)
    difficulty: str | None = "medium"  # None: keep an existing question's, "medium" for a new one
    contrast: bool | None = False  # None: keep an existing question's, False for a new one
    status: str | None = "published"  # None: keep an existing question's, "draft" for a new one
    kind: str = "single"
    where: str = ""  # e.g. "questions[3]" or "line 12", for messages


@dataclass
class Unsupported:
    """A question of a type CPS Prep does not serve (short answer, numerical, matching, essay...)."""

    line: int
    kind: str
    title: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} question {self.title!r}"


@dataclass
class ParsedFile:
    questions: list[ParsedQuestion]
    framework: str = ""
    unsupported: list[Unsupported] = field(default_factory=list)


def decode(raw: str | bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte-order mark.

    Anything else is refused with the line, the column and the byte, and what the byte would be in
    Windows-1252 (what Excel and older Moodle installations save), so a trainer knows to save it as UTF-8.
    Guessing the encoding instead could turn every accented letter of a bank into a wrong one unnoticed.
    """
    if isinstance(raw, str):
        text = raw.removeprefix("\ufeff")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            _not_utf8(raw, error)
    if "\x00" in text:
        # no database column may hold one (PostgreSQL refuses it), and no text file has one
        start = text.index("\x00")
        raise FormatError(
            "the file contains a NUL character, so it is not a text file. Save it as UTF-8 text and try "
            "again",
            where=f"line {text.count(chr(10), 0, start) + 1}",
        )
    return text


def _not_utf8(raw: bytes, error: UnicodeDecodeError) -> NoReturn:
    start = error.start
    line = raw.count(b"\n", 0, start) + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    byte = raw[start : start + 1]
    try:
        guess = f" ({byte.decode('cp1252')!r} in Windows-1252)"
    except UnicodeDecodeError:
        guess = ""
    raise FormatError(
        f"the file is not UTF-8 text: byte 0x{byte.hex()}{guess} at column {column}. "
        "Save it as UTF-8 and try again",
        where=f"line {line}",
    ) from None


TEXT_FORMATS = ("html", "markdown", "plain", "moodle")
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|tr)>")


def html_to_text(raw: str) -> str:
    """Sanitise HTML with nh3 down to plain text: no tags survive, paragraphs and breaks become new lines.

    Questions are stored and shown as plain text (templates escape them), so nothing a file carries can run
    in a candidate's browser.
    """
    marked = _BLOCK_END.sub(lambda m: "\n" if m.group(0).lower().startswith("<br") else "\n\n", raw)
    cleaned = nh3.clean(marked, tags=set())
    text = html.unescape(cleaned).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_scenario(text: str) -> tuple[str, str]:
    """GIFT and Aiken have one question text: its last paragraph is the stem, the rest the scenario."""
    text = text.strip()
    if "\n\n" in text:
        scenario, stem = text.rsplit("\n\n", 1)
        return scenario.strip(), stem.strip()
    return "", text


def join_scenario(scenario: str, stem: str) -> str:
    return f"{scenario}\n\n{stem}" if scenario else stem


def short_title(text: str, limit: int = 80) -> str:
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    return one_line[: limit - 1].rsplit(" ", 1)[0] + "…"


def derive_key(*, title: str | None, stem: str, choices: list[str]) -> str:
    """A stable key for a question whose file gives none.

    With a title (GIFT ::title::) the key comes from the title, so re-importing an edited question updates
    it; without one it comes from a hash of the stem and choices, so an identical question is never imported
    twice.
    """
    if title:
        basis = "title:" + " ".join(title.split())
    else:
        basis = "text:" + "\x1f".join([" ".join(stem.split()), *(" ".join(c.split()) for c in choices)])
    digest = hashlib.sha256(basis.encode()).hexdigest()[:8]
    slug = slugify(title or stem)[:60].strip("-") or "question"
    return f"{slug}-{digest}"


def from_question(question) -> ParsedQuestion:
    """A `Question` (with `competency` and `choices__concept` loaded) as the plain data the writers take."""
    from quizzes.versions import choice_weight  # the weight candidates are scored on

    return ParsedQuestion(
        key=question.key,
        title=question.title,
        competency=question.competency.slug,
        scenario=question.scenario,
        stem=question.stem,
        explanation=question.explanation,
        choices=[
            ParsedChoice(
                text=c.text,
                is_correct=choice_weight(question, c) > 0,
                feedback=c.feedback,
                concept=c.concept.slug if c.concept_id else None,
                weight=choice_weight(question, c),
            )
            for c in question.choices.all()
        ],
        difficulty=question.difficulty,
        contrast=question.contrast,
        status=question.status,
        kind=question.kind,
    )


def weight_text(weight: Decimal) -> str:
    """50.00000 → '50', 33.33333 → '33.33333'."""
    text = f"{Decimal(weight).normalize():f}"
    return "0" if text in ("-0", "") else text
