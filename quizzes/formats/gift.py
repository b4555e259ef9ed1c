"""Moodle's GIFT format: the question types CPS Prep serves, and a list of the ones it does not.

See docs/import-export.md for what is read and how. In short: questions are separated by blank lines;
`//` lines are comments, except `// cpsprep {...}`, which carries what GIFT cannot (key, difficulty, status,
the concept of each choice) so our own exports come back unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from quizzes.formats import (
    TEXT_FORMATS,
    FormatError,
    ParsedChoice,
    ParsedFile,
    ParsedQuestion,
    Unsupported,
    decode,
    derive_key,
    html_to_text,
    join_scenario,
    short_title,
    split_scenario,
    weight_text,
)

META_PREFIX = "// cpsprep "
# Escaped characters are swapped for private-use code points while parsing, then swapped back.
ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004",
           "\\}": "\ue005", "\\:": "\ue006"}  # fmt: skip
UNESCAPE = {v: k[1] for k, v in ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\[\\~=#{}:]")
_TRUEFALSE = re.compile(r"^(T|F|TRUE|FALSE)\s*(#|$)", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


@dataclass
class _Block:
    first_line: int
    lines: list[tuple[int, str]]
    meta: dict | None
    meta_line: int


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: ESCAPES[m.group(0)], text)


def _unescape(text: str) -> str:
    text = text.replace("\\n", "\n")
    return "".join(UNESCAPE.get(ch, ch) for ch in text)


_META_TYPES = {
    "key": (str,),
    "title": (str,),
    "competency": (str,),
    "difficulty": (str, type(None)),
    "status": (str, type(None)),
    "contrast": (bool, type(None)),
    "kind": (str, type(None)),
}


def _check_meta(meta, number: int) -> None:
    """The `// cpsprep` comment is hand-editable: refuse wrong types here, with the line, not later."""
    where = f"line {number}"
    if not isinstance(meta, dict):
        raise FormatError("the '// cpsprep' comment must hold a JSON object", where=where)
    for name, types in _META_TYPES.items():
        if name in meta and not isinstance(meta[name], types):
            expected = "true or false" if name == "contrast" else "text"
            raise FormatError(f"in the '// cpsprep' comment, {name!r} must be {expected}", where=where)
    concepts = meta.get("concepts", [])
    if not isinstance(concepts, list) or not all(isinstance(c, str | None) for c in concepts):
        raise FormatError(
            "in the '// cpsprep' comment, 'concepts' must be a list of competency slugs or null",
            where=where,
        )


def _blocks(text: str) -> list[_Block | tuple[int, str]]:
    """Question blocks, and ($CATEGORY line number, category) pairs, in file order."""
    items: list[_Block | tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    meta: dict | None = None
    meta_line = 0

    def close() -> None:
        nonlocal current, meta
        if current:
            items.append(_Block(current[0][0], current, meta, meta_line))
            meta = None
        current = []

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if stripped.startswith("//"):
            if stripped.startswith(META_PREFIX + "{") and not current:
                try:
                    meta = json.loads(stripped[len(META_PREFIX) :])
                except json.JSONDecodeError as error:
                    raise FormatError(
                        f"the '// cpsprep' comment is not valid JSON ({error.msg})", where=f"line {number}"
                    ) from None
                except RecursionError:  # Python's parser recurses once per [ or {
                    raise FormatError(
                        "the '// cpsprep' comment is nested too deeply to read", where=f"line {number}"
                    ) from None
                except ValueError:  # a number past Python's limit on digits in an int
                    raise FormatError(
                        "the '// cpsprep' comment holds a number too long to read", where=f"line {number}"
                    ) from None
                _check_meta(meta, number)
                meta_line = number
            continue
        if stripped.startswith("$CATEGORY:"):
            close()
            items.append((number, stripped[len("$CATEGORY:") :].strip()))
            continue
        current.append((number, line))
    close()
    return items


def _category_name(path: str) -> str:
    """`$course$/top/Peer support` → `Peer support`."""
    return path.rstrip("/").rsplit("/", 1)[-1].strip()


def _line_at(block: _Block, text: str, offset: int) -> int:
    return block.first_line + text.count("\n", 0, offset)


def _format_text(raw: str, text_format: str) -> str:
    text = _unescape(raw)
    if text_format == "html":
        return html_to_text(text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n")).strip()


def _split_feedback(part: str) -> tuple[str, str]:
    if "#" in part:
        text, feedback = part.split("#", 1)
        return text, feedback
    return part, ""


def _kind_of(answers: str) -> str | None:
    """Moodle's own order of tests; None means a type we serve."""
    body = answers.strip()
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numerical"
    if "~" in body:
        return None
    if "=" in body and "->" in body:
        return "matching"
    if _TRUEFALSE.match(body):
        return None
    return "short answer"


def _parse_question(block: _Block, category: str) -> ParsedQuestion | Unsupported:
    text = _escape("\n".join(line for _, line in block.lines))
    where = f"line {block.first_line}"
    title = ""
    match = re.match(r"\s*::(.*?)::", text, re.DOTALL)
    if match:
        title = " ".join(_unescape(match.group(1)).split())
        text = text[match.end() :]
        offset_base = match.end()
    else:
        offset_base = 0
    text_format = "moodle"
    match = re.match(r"\s*\[(\w+)\]", text)
    if match:
        if match.group(1).lower() not in TEXT_FORMATS:
            raise FormatError(
                f"unknown text format [{match.group(1)}]; expected [html], [markdown], [plain] or [moodle]",
                where=where,
            )
        text_format = match.group(1).lower()
        text = text[match.end() :]
        offset_base += match.end()
    full = _escape("\n".join(line for _, line in block.lines))
    start = text.find("{")
    if start < 0:
        return Unsupported(
            block.first_line, "description (no answers)", title or short_title(_unescape(text))
        )
    end = text.find("}", start)
    if end < 0:
        line = _line_at(block, full, offset_base + start)
        raise FormatError(f"expected '}}' to close the answers opened with '{{' on line {line}", where=where)
    if text.find("{", end) >= 0:
        line = _line_at(block, full, offset_base + text.find("{", end))
        raise FormatError(
            "a second '{' — a question has one answer block (write \\{ for a literal brace)",
            where=f"line {line}",
        )
    before, answers, after = text[:start], text[start + 1 : end], text[end + 1 :]
    general = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
    stem_text = _format_text(before, text_format)
    rest = _format_text(after, text_format)
    if rest:  # the stem continues after the answers: Moodle shows the braces as a blank to fill
        stem_text = f"{stem_text} _____ {rest}"
    if not title:
        title = short_title(stem_text)
    unsupported = _kind_of(answers)
    if unsupported:
        return Unsupported(block.first_line, unsupported, title)
    answer_line = _line_at(block, full, offset_base + start)
    scenario, stem = split_scenario(stem_text)
    if not stem:
        raise FormatError("expected question text before the '{'", where=where)
    explanation = _format_text(general, text_format)
    body = answers.strip()
    if _TRUEFALSE.match(body) and "~" not in body:
        kind = "truefalse"
        value, *feedbacks = body.split("#", 2)
        is_true = value.strip().upper() in ("T", "TRUE")
        wrong = _format_text(feedbacks[0], text_format) if feedbacks else ""
        right = _format_text(feedbacks[1], text_format) if len(feedbacks) > 1 else ""
        choices = [
            ParsedChoice("True", is_true, right if is_true else wrong),
            ParsedChoice("False", not is_true, wrong if is_true else right),
        ]
    else:
        parts = re.split(r"([=~])", body)
        if parts[0].strip():
            raise FormatError(
                "expected each answer to start with '=' (right) or '~' (wrong), "
                f"found {parts[0].strip()[:30]!r}",
                where=f"line {answer_line}",
            )
        has_right = "=" in parts
        kind = "single" if has_right else "multiple"
        choices = []
        for sign, part in zip(parts[1::2], parts[2::2], strict=True):
            raw_text, raw_feedback = _split_feedback(part)
            raw_text = raw_text.strip()
            weight = Decimal(100) if sign == "=" else Decimal(0)
            match = _WEIGHT.match(raw_text)
            if match:
                try:
                    weight = Decimal(match.group(1))
                except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                    raise FormatError("bad weight", where=f"line {answer_line}") from None
                raw_text = raw_text[match.end() :]
            elif raw_text.startswith("%"):
                raise FormatError(
                    f"expected a weight like %50% or %-25% at {raw_text[:20]!r}", where=f"line {answer_line}"
                )
            choice_text = _format_text(raw_text, text_format)
            if not choice_text:
                raise FormatError(f"an answer after '{sign}' has no text", where=f"line {answer_line}")
            choices.append(
                ParsedChoice(
                    text=choice_text,
                    is_correct=weight > 0,
                    feedback=_format_text(raw_feedback, text_format),
                    weight=weight,
                )
            )
    meta = block.meta or {}
    if meta.get("kind"):  # our export says which kind, e.g. a true/false question with renamed choices
        kind = meta["kind"]
    concepts = meta.get("concepts") or []
    if concepts and len(concepts) != len(choices):
        raise FormatError(
            f"the '// cpsprep' comment lists {len(concepts)} concepts for {len(choices)} answers",
            where=f"line {block.meta_line}",
        )
    for choice, concept in zip(choices, concepts, strict=False):
        choice.concept = concept or None
    key = meta.get("key") or derive_key(
        title=title if match_title(block) else None, stem=stem_text, choices=[c.text for c in choices]
    )
    return ParsedQuestion(
        key=str(key),
        title=str(meta.get("title") or title)[:200],
        competency=str(meta.get("competency") or category),
        scenario=scenario,
        stem=stem,
        explanation=explanation,
        choices=choices,
        difficulty=meta.get("difficulty"),
        contrast=meta.get("contrast"),
        status=meta.get("status"),
        kind=kind,
        where=where,
    )


def match_title(block: _Block) -> bool:
    return bool(re.match(r"\s*::", block.lines[0][1]))


def parse(raw: str | bytes) -> ParsedFile:
    """Read a GIFT file. Raises FormatError naming the line and what was expected."""
    raw = decode(raw)
    questions: list[ParsedQuestion] = []
    unsupported: list[Unsupported] = []
    category = ""
    for item in _blocks(raw):
        if isinstance(item, tuple):
            category = _category_name(item[1])
            continue
        parsed = _parse_question(item, category)
        if isinstance(parsed, Unsupported):
            unsupported.append(parsed)
        else:
            questions.append(parsed)
    return ParsedFile(questions=questions, unsupported=unsupported)


def _gift_escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def write(questions: list[ParsedQuestion]) -> str:
    """GIFT that Moodle reads, plus a `// cpsprep {...}` comment per question carrying what GIFT cannot."""
    out: list[str] = [
        "// Exported from CPS Prep. The '// cpsprep' comments keep keys, difficulty, status",
        "// and the concept of each answer; Moodle ignores them.",
        "",
    ]
    category = None
    for q in questions:
        if q.competency != category:
            category = q.competency
            out += [f"$CATEGORY: {category}", ""]
        meta = {
            "key": q.key,
            "kind": q.kind,
            "difficulty": q.difficulty,
            "contrast": q.contrast,
            "status": q.status,
            "concepts": [c.concept for c in q.choices],
        }
        out.append(META_PREFIX + json.dumps(meta, ensure_ascii=False))
        text = _gift_escape(join_scenario(q.scenario, q.stem))
        # [plain]: our text is plain text (Moodle would otherwise read tags in it as HTML), and a text that
        # itself starts with "[" is not taken for a format marker.
        head = f"::{_gift_escape(q.title)}::[plain]{text}"
        texts = [c.text.strip().lower() for c in q.choices]
        if q.kind == "truefalse" and texts == ["true", "false"]:
            true, false = q.choices
            right, wrong = (true, false) if true.is_correct else (false, true)
            answer = "TRUE" if true.is_correct else "FALSE"
            body = f"{answer}#{_gift_escape(wrong.feedback)}#{_gift_escape(right.feedback)}"
            if q.explanation:
                body += f"####{_gift_escape(q.explanation)}"
            out += [f"{head}{{{body}}}", ""]
            continue
        lines = [f"{head}{{"]
        for c in q.choices:
            weight = c.weight if c.weight is not None else Decimal(100 if c.is_correct else 0)
            if q.kind == "multiple":
                sign = f"~%{weight_text(weight)}%"
            elif weight == 100:
                sign = "="
            elif weight == 0:
                sign = "~"
            else:
                sign = f"~%{weight_text(weight)}%"
            line = f"\t{sign}{_gift_escape(c.text)}"
            if c.feedback:
                line += f"#{_gift_escape(c.feedback)}"
            lines.append(line)
        if q.explanation:
            lines.append(f"\t####{_gift_escape(q.explanation)}")
        lines.append("}")
        out += [*lines, ""]
    return "\n".join(out)
