"""Questions as a spreadsheet: one row per question, a header naming the columns (docs/import-export.md)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from quizzes.formats import (
    FormatError,
    ParsedChoice,
    ParsedFile,
    ParsedQuestion,
    decode,
    derive_key,
    short_title,
    spreadsheet,
    weight_text,
)

LETTERS = "abcdefgh"
QUESTION_COLUMNS = [
    "key",
    "title",
    "competency",
    "kind",
    "difficulty",
    "contrast",
    "status",
    "scenario",
    "stem",
    "explanation",
    "correct",
]
CHOICE_COLUMNS = ["choice", "weight", "feedback", "concept"]
COLUMNS = QUESTION_COLUMNS + [f"{name}_{letter}" for letter in LETTERS for name in CHOICE_COLUMNS]
REQUIRED = {"stem", "choice_a", "choice_b"}
TRUE_WORDS = {"true", "yes", "y", "1", "x"}
FALSE_WORDS = {"false", "no", "n", "0", ""}
CHOICES = {
    "kind": {"single", "truefalse", "multiple"},
    "difficulty": {"easy", "medium", "hard"},
    "status": {"draft", "published", "retired"},
}


def _weight(value: str, where: str, column: str) -> Decimal | None:
    value = value.strip().rstrip("%").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():  # Decimal reads "NaN" and "Infinity" too
        raise FormatError(f"{column}: expected a number from -100 to 100, found {value!r}", where=where)
    return number


def _delimiter(text: str) -> str:
    """Comma, unless the header has none and is split by semicolons (Excel in much of Europe) or tabs."""
    header = text.split("\n", 1)[0]
    if "," not in header:
        for candidate in (";", "\t"):
            if candidate in header:
                return candidate
    return ","


def parse(raw: str | bytes) -> ParsedFile:
    """Read a CSV file. Raises FormatError naming the line and the column."""
    raw = decode(raw)
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=_delimiter(raw))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise FormatError("the file is empty; expected a header row", where="line 1") from None
    except csv.Error as error:
        raise FormatError(f"not valid CSV ({error})", where="line 1") from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise FormatError(
            f"unknown column(s) {', '.join(unknown)}; see docs/import-export.md for the header",
            where="line 1",
        )
    missing = REQUIRED - set(header)
    if missing:
        raise FormatError(f"missing column(s) {', '.join(sorted(missing))}", where="line 1")
    questions = []
    line = 1
    try:
        for cells in reader:
            first = line + 1
            line = reader.line_num
            where = f"line {first}"
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                raise FormatError(f"{len(cells)} cells for {len(header)} columns", where=where)
            row = dict(zip(header, (spreadsheet.from_cell(c.strip()) for c in cells), strict=False))
            for column, allowed in CHOICES.items():
                if row.get(column) and row[column] not in allowed:
                    raise FormatError(
                        f"{column}: expected one of {', '.join(sorted(allowed))}, found {row[column]!r}",
                        where=where,
                    )
            kind = row.get("kind") or "single"
            correct = {
                c.strip().lower() for c in row.get("correct", "").replace(";", ",").split(",") if c.strip()
            }
            bad = correct - set(LETTERS)
            if bad:
                raise FormatError(
                    f"correct: expected letters a to h, found {', '.join(sorted(bad))}", where=where
                )
            texts, choices = [], []
            for letter in LETTERS:
                text = row.get(f"choice_{letter}", "")
                if not text:
                    continue
                weight = _weight(row.get(f"weight_{letter}", ""), where, f"weight_{letter}")
                share = len(correct) if kind == "multiple" and correct else 1
                if weight is None and correct:
                    weight = (
                        (Decimal(100) / share).quantize(Decimal("0.00001"))
                        if letter in correct
                        else Decimal(0)
                    )
                texts.append(text)
                choices.append(
                    ParsedChoice(
                        text=text,
                        is_correct=bool(weight and weight > 0),
                        feedback=row.get(f"feedback_{letter}", ""),
                        concept=row.get(f"concept_{letter}") or None,
                        weight=weight if weight is not None else Decimal(0),
                    )
                )
            contrast_word = row.get("contrast", "").lower()
            if contrast_word not in TRUE_WORDS | FALSE_WORDS:
                raise FormatError(f"contrast: expected yes or no, found {row['contrast']!r}", where=where)
            stem = row.get("stem", "")
            title = row.get("title", "")
            questions.append(
                ParsedQuestion(
                    key=row.get("key") or derive_key(title=title or None, stem=stem, choices=texts),
                    title=title or short_title(stem),
                    competency=row.get("competency", ""),
                    scenario=row.get("scenario", ""),
                    stem=stem,
                    explanation=row.get("explanation", ""),
                    choices=choices,
                    difficulty=row.get("difficulty") or None,
                    contrast=(contrast_word in TRUE_WORDS) if "contrast" in row and contrast_word else None,
                    status=row.get("status") or None,
                    kind=kind,
                    where=where,
                )
            )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = (
                f"a cell is longer than {csv.field_size_limit():,} characters (is a closing quote missing?)"
            )
        else:
            message = f"not valid CSV ({error})"
        raise FormatError(message, where=f"line {reader.line_num}") from None
    return ParsedFile(questions=questions)


def write(questions: list[ParsedQuestion]) -> str:
    """Every column, one row per question; weights are written, and the correct letters for readability."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for q in questions:
        row = {
            "key": q.key,
            "title": q.title,
            "competency": q.competency,
            "kind": q.kind,
            "difficulty": q.difficulty or "",
            "contrast": "yes" if q.contrast else "no",
            "status": q.status or "",
            "scenario": q.scenario,
            "stem": q.stem,
            "explanation": q.explanation,
            "correct": ",".join(LETTERS[i] for i, c in enumerate(q.choices) if c.is_correct),
        }
        for letter, c in zip(LETTERS, q.choices, strict=False):
            row[f"choice_{letter}"] = c.text
            row[f"weight_{letter}"] = weight_text(c.weight if c.weight is not None else Decimal(0))
            row[f"feedback_{letter}"] = c.feedback
            row[f"concept_{letter}"] = c.concept or ""
        writer.writerow([spreadsheet.to_cell(row.get(column, "")) for column in COLUMNS])
    return buffer.getvalue()
