"""Where the linter's plain data comes from: the database's bank, or question files as a writer has them.

`quizzes.lint` stays pure; this module reads models and files into its `LintQuestion`s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Prefetch

from competencies.models import Competency
from quizzes import lint
from quizzes.formats import FormatError, ParsedQuestion, jsonfmt
from quizzes.models import Choice, Question, Quiz, QuizItem
from quizzes.versions import choice_weight

QUIZZES_FORMAT = "cpsprep-quizzes"


@dataclass
class Taxonomy:
    names: dict[str, str] = field(default_factory=dict)
    core: list[str] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)


def taxonomy() -> Taxonomy:
    """Competency names and kinds from the database, or from the shipped fixture when none is loaded (so a
    writer can lint files on a database that has only been migrated)."""
    found = Taxonomy()
    try:
        rows = list(Competency.objects.values_list("slug", "name", "kind"))
    except DatabaseError:  # not migrated yet: linting files needs no database
        rows = []
    if not rows:
        fixture = json.loads((Path(settings.BASE_DIR) / "fixtures" / "competencies.json").read_text())
        rows = [
            (f["fields"]["slug"], f["fields"]["name"], f["fields"]["kind"])
            for f in fixture
            if f["model"] == "competencies.competency"
        ]
    for slug, name, kind in rows:
        found.names[slug] = name
        (found.core if kind == "core" else found.distractors).append(slug)
    return found


def from_parsed(q: ParsedQuestion, *, source: str = "") -> lint.LintQuestion:
    return lint.LintQuestion(
        key=q.key,
        title=q.title,
        competency=q.competency,
        kind=q.kind,
        difficulty=q.difficulty or "medium",
        contrast=bool(q.contrast),
        status=q.status or "published",
        scenario=q.scenario,
        stem=q.stem,
        explanation=q.explanation,
        choices=tuple(
            lint.LintChoice(
                text=c.text,
                correct=(c.weight > 0) if c.weight is not None else c.is_correct,
                feedback=c.feedback,
                concept=c.concept,
            )
            for c in q.choices
        ),
        source=source,
    )


def from_question(question: Question, slugs: dict[int, str]) -> lint.LintQuestion:
    """A model question (choices prefetched in order); `slugs` maps competency ids to slugs."""
    return lint.LintQuestion(
        key=question.key,
        title=question.title,
        competency=slugs.get(question.competency_id, ""),
        kind=question.kind,
        difficulty=question.difficulty,
        contrast=question.contrast,
        status=question.status,
        scenario=question.scenario,
        stem=question.stem,
        explanation=question.explanation,
        choices=tuple(
            lint.LintChoice(
                text=c.text,
                correct=choice_weight(question, c) > 0,
                feedback=c.feedback,
                concept=slugs.get(c.concept_id) if c.concept_id else None,
            )
            for c in question.choices.all()
        ),
    )


def questions_for_lint(queryset=None) -> list[lint.LintQuestion]:
    """Questions from the database in three queries, whatever their number."""
    slugs = dict(Competency.objects.values_list("pk", "slug"))
    queryset = Question.objects.all() if queryset is None else queryset
    rows = queryset.order_by("key").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
    )
    return [from_question(q, slugs) for q in rows]


def quizzes_from_db(questions: Iterable[lint.LintQuestion]) -> dict[str, list[lint.LintQuestion]]:
    """Each published quiz's fixed questions in their order."""
    by_key = {q.key: q for q in questions}
    orders: dict[str, list[lint.LintQuestion]] = {}
    items = (
        QuizItem.objects.filter(quiz__in=Quiz.objects.published())
        .order_by("quiz__slug", "position", "id")
        .values_list("quiz__slug", "question__key")
    )
    for slug, key in items:
        if key in by_key:
            orders.setdefault(slug, []).append(by_key[key])
    return orders


@dataclass
class FileBank:
    questions: list[lint.LintQuestion]
    quizzes: dict[str, list[lint.LintQuestion]]


def read_files(paths: Iterable[Path]) -> FileBank:
    """Question files (cpsprep-questions) and quiz files (cpsprep-quizzes). Raises FormatError naming the
    file and the question."""
    questions: list[lint.LintQuestion] = []
    quiz_defs: list[tuple[Path, dict]] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise FormatError(f"{path}: cannot read ({error.strerror})") from None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("format") == QUIZZES_FORMAT:
            quiz_defs.extend((path, d) for d in data.get("quizzes", []))
            continue
        try:
            _, parsed = jsonfmt.parse(raw)
        except FormatError as error:
            raise FormatError(f"{path}: {error}") from None
        questions.extend(from_parsed(q, source=path.name) for q in parsed)
    by_key = {q.key: q for q in questions}
    quizzes = {}
    for path, d in quiz_defs:
        missing = [k for k in d.get("question_keys", []) if k not in by_key]
        if missing:
            raise FormatError(
                f"{path}: quiz {d.get('slug')!r} lists keys in none of the files: {', '.join(missing)}"
            )
        quizzes[d["slug"]] = [by_key[k] for k in d.get("question_keys", [])]
    return FileBank(questions, quizzes)
