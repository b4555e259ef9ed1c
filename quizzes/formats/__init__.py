"""Question file formats. Each parser turns a file into `ParsedQuestion`s or raises `FormatError`."""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(Exception):
    """A file that cannot be imported; the message names where and what was expected."""

    def __init__(self, message: str, *, where: str = ""):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class ParsedChoice:
    text: str
    is_correct: bool
    feedback: str = ""
    concept: str | None = None  # competency slug


@dataclass
class ParsedQuestion:
    key: str
    title: str
    competency: str  # slug
    scenario: str
    stem: str
    explanation: str
    choices: list[ParsedChoice] = field(default_factory=list)
    difficulty: str = "medium"
    contrast: bool = False
    status: str = "published"
    where: str = ""  # e.g. "questions[3]" or "line 12", for messages
