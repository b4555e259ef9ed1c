"""Our own JSON format for questions (documented in docs/question-format.md)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from quizzes import rules
from quizzes.formats import FormatError, ParsedChoice, ParsedFile, ParsedQuestion, decode

FORMAT = "cpsprep-questions"
VERSION = 1
DIFFICULTIES = {"easy", "medium", "hard"}
STATUSES = {"draft", "published", "retired"}
KINDS = {"single", "truefalse", "multiple"}
MAX_TEXT = rules.MAX_TEXT


def _text(obj: dict, name: str, where: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = obj.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise FormatError(f"'{name}' must be text", where=where)
    value = value.strip()
    if required and not value:
        raise FormatError(f"'{name}' is missing or empty", where=where)
    if len(value) > limit:
        raise FormatError(f"'{name}' is {len(value)} characters long; the limit is {limit}", where=where)
    return value


def _refuse_constant(name: str):
    raise FormatError(f"{name} is not a number JSON allows; write a number from -100 to 100")


def parse(raw: str | bytes) -> tuple[str, list[ParsedQuestion]]:
    """Return (framework slug, questions). Raises FormatError naming the question and the field."""
    text = decode(raw)
    if not text.strip():
        raise FormatError(f'the file is empty; expected a JSON object with "format": "{FORMAT}"')
    try:
        data: Any = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"not valid JSON ({error.msg}, column {error.colno})", where=f"line {error.lineno}"
        ) from None
    except RecursionError:
        # Python's parser recurses once per [ or {; no question file is nested more than a few levels.
        raise FormatError("not a question file: its lists or objects are nested too deeply to read") from None
    except ValueError:
        # What json raises besides JSONDecodeError: a number past Python's limit on digits in an int.
        raise FormatError("not a question file: a number in it is too long to read") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(f'expected an object with "format": "{FORMAT}"')
    if data.get("version") != VERSION:
        raise FormatError(f'expected "version": {VERSION}')
    items = data.get("questions")
    if not isinstance(items, list):
        raise FormatError('expected "questions" to be a list')
    framework = data.get("framework") or ""
    questions = []
    for index, item in enumerate(items):
        where = f"questions[{index}]"
        if not isinstance(item, dict):
            raise FormatError("expected an object", where=where)
        key = _text(item, "key", where, limit=80)
        where = f"questions[{index}] ({key})"
        difficulty = item.get("difficulty", "medium")
        if not isinstance(difficulty, str) or difficulty not in DIFFICULTIES:
            raise FormatError(f"'difficulty' must be one of {sorted(DIFFICULTIES)}", where=where)
        status = item.get("status", "published")
        if not isinstance(status, str) or status not in STATUSES:
            raise FormatError(f"'status' must be one of {sorted(STATUSES)}", where=where)
        choices_raw = item.get("choices")
        if not isinstance(choices_raw, list):
            raise FormatError("'choices' must be a list", where=where)
        choices = []
        for c_index, c in enumerate(choices_raw):
            c_where = f"{where} choices[{c_index}]"
            if not isinstance(c, dict):
                raise FormatError("expected an object", where=c_where)
            concept = c.get("concept")
            if concept is not None and not isinstance(concept, str):
                raise FormatError("'concept' must be a competency slug or null", where=c_where)
            weight = c.get("weight")
            if weight is not None:
                try:
                    if isinstance(weight, bool):
                        raise InvalidOperation
                    weight = Decimal(str(weight))
                    if not weight.is_finite():
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    raise FormatError("'weight' must be a number from -100 to 100", where=c_where) from None
            choices.append(
                ParsedChoice(
                    text=_text(c, "text", c_where),
                    is_correct=bool(c.get("correct", False)) if weight is None else weight > 0,
                    feedback=_text(c, "feedback", c_where, required=False),
                    concept=concept or None,
                    weight=weight,
                )
            )
        kind = item.get("kind", "single")
        if kind not in KINDS:
            raise FormatError(f"'kind' must be one of {sorted(KINDS)}", where=where)
        questions.append(
            ParsedQuestion(
                key=key,
                title=_text(item, "title", where, limit=200),
                competency=_text(item, "competency", where, limit=80),
                scenario=_text(item, "scenario", where, required=False),
                stem=_text(item, "stem", where),
                explanation=_text(item, "explanation", where, required=False),
                choices=choices,
                difficulty=difficulty,
                contrast=bool(item.get("contrast", False)),
                status=status,
                kind=kind,
                where=where,
            )
        )
    return framework, questions


def read(raw: str | bytes) -> ParsedFile:
    framework, questions = parse(raw)
    return ParsedFile(questions=questions, framework=framework)


def _number(weight: Decimal | None, is_correct: bool) -> int | float:
    if weight is None:
        return 100 if is_correct else 0
    return int(weight) if weight == weight.to_integral_value() else float(weight)


def write(questions: list[ParsedQuestion], *, framework: str) -> str:
    """Our own format, the one `read` takes (docs/question-format.md)."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "framework": framework,
        "questions": [
            {
                "key": q.key,
                "title": q.title,
                "competency": q.competency,
                "kind": q.kind,
                "difficulty": q.difficulty,
                "contrast": q.contrast,
                "status": q.status,
                "scenario": q.scenario,
                "stem": q.stem,
                "explanation": q.explanation,
                "choices": [
                    {
                        "text": c.text,
                        "correct": c.is_correct,
                        "weight": _number(c.weight, c.is_correct),
                        "feedback": c.feedback,
                        "concept": c.concept,
                    }
                    for c in q.choices
                ],
            }
            for q in questions
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
