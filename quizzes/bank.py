"""Writes to the question bank: importing questions and defining quizzes. Each call is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field
from dataclasses import fields as dataclass_fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch

from competencies.models import Competency, Framework
from quizzes import lint, lint_sources, rules
from quizzes.formats import (
    FormatError,
    ParsedFile,
    ParsedQuestion,
    Unsupported,
    aiken,
    csvfmt,
    from_question,
    gift,
    join_scenario,
    jsonfmt,
)
from quizzes.models import Choice, Question, QuestionVersion, Quiz, QuizItem
from quizzes.versions import choice_weight, questions_freeze

MAX_LISTED_PROBLEMS = 30


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Unsupported] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quiz: str = ""
    added_to_quiz: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.skipped:
            text += f", {len(self.skipped)} skipped (types we do not serve)"
        if self.quiz:
            text += f"; {len(self.added_to_quiz)} added to quiz {self.quiz}"
        return text


def framework_resolve(slug: str) -> Framework:
    """The named framework, or the only one when the file names none."""
    if slug:
        framework = Framework.objects.filter(slug=slug).first()
        if framework is None:
            raise FormatError(f"unknown framework {slug!r}; load the taxonomy first")
        return framework
    frameworks = list(Framework.objects.all()[:2])
    if len(frameworks) != 1:
        raise FormatError(
            "no framework is loaded; load the taxonomy first"
            if not frameworks
            else "there are several frameworks; name one with --framework"
        )
    return frameworks[0]


def _competencies(framework_slug: str) -> dict[str, Competency]:
    """Competencies by slug and by lower-cased name."""
    framework = framework_resolve(framework_slug)
    found: dict[str, Competency] = {}
    for c in framework.competencies.all():
        found[c.slug] = c
        found.setdefault(c.name.lower(), c)
    return found


def _resolve(label: str, competencies: dict[str, Competency]) -> Competency | None:
    return competencies.get(label) or competencies.get(label.lower().strip())


@dataclass
class _Row:
    parsed: ParsedQuestion
    competency: Competency
    concepts: list[Competency | None]
    weights: list[Decimal]


def _check(
    parsed: list[ParsedQuestion], competencies: dict[str, Competency], default: Competency | None
) -> list[_Row]:
    """Every problem of the file at once (up to a limit), or the rows ready to write."""
    problems: list[str] = []
    rows: list[_Row] = []
    keys: dict[str, str] = {}
    for q in parsed:
        where = q.where or q.key
        if q.key in keys:
            problems.append(f"{where}: the key {q.key!r} was already used at {keys[q.key]}")
        keys.setdefault(q.key, where)
        competency = _resolve(q.competency, competencies) if q.competency else None
        if competency is None:
            competency = default
        if competency is None:
            problems.append(
                f"{where}: unknown competency {q.competency!r}; expected a competency slug or name "
                "(or pass a default competency)"
                if q.competency
                else f"{where}: no competency; expected a $CATEGORY line or column naming one, "
                "or a default competency (--competency SLUG)"
            )
        concepts = []
        for c in q.choices:
            concept = _resolve(c.concept, competencies) if c.concept else None
            if c.concept and concept is None:
                problems.append(f"{where}: unknown concept {c.concept!r} on the choice {c.text[:40]!r}")
            concepts.append(concept)
        weights = [
            c.weight if c.weight is not None else w
            for c, w in zip(
                q.choices, rules.weights_from_flags(q.kind, [c.is_correct for c in q.choices]), strict=True
            )
        ]
        for problem in rules.choice_problems(kind=q.kind, weights=weights, texts=[c.text for c in q.choices]):
            problems.append(f"{where}: {problem}")
        if not q.stem.strip():
            problems.append(f"{where}: the question has no stem")
        texts = {"scenario": q.scenario, "stem": q.stem, "explanation": q.explanation}
        for number, c in enumerate(q.choices, start=1):
            texts[f"text of choice {number}"] = c.text
            texts[f"feedback of choice {number}"] = c.feedback
        problems += [f"{where}: {problem}" for problem in rules.length_problems(texts)]
        if len(q.title) > 200 or len(q.key) > 80:
            problems.append(f"{where}: the title is limited to 200 characters and the key to 80")
        if competency is not None:
            rows.append(_Row(q, competency, concepts, weights))
    if problems:
        more = len(problems) - MAX_LISTED_PROBLEMS
        listed = problems[:MAX_LISTED_PROBLEMS] + ([f"... and {more} more"] if more > 0 else [])
        raise FormatError("\n".join(listed))
    return rows


def _choice_rows(row: _Row) -> list[tuple]:
    return [
        (c.text, w > 0, Decimal(w), c.feedback, concept.pk if concept else None)
        for c, w, concept in zip(row.parsed.choices, row.weights, row.concepts, strict=True)
    ]


def _same(question: Question, row: _Row) -> bool:
    q = row.parsed
    fields_equal = (
        question.title == q.title
        and question.competency_id == row.competency.pk
        and question.kind == q.kind
        and (q.difficulty is None or question.difficulty == q.difficulty)
        and (q.contrast is None or question.contrast == q.contrast)
        and (q.status is None or question.status == q.status)
        and question.scenario == q.scenario
        and question.stem == q.stem
        and question.explanation == q.explanation
    )
    existing = [
        (c.text, c.is_correct, Decimal(c.weight), c.feedback, c.concept_id) for c in question.choices.all()
    ]
    return fields_equal and existing == _choice_rows(row)


@transaction.atomic
def questions_import(
    *,
    parsed: list[ParsedQuestion],
    framework_slug: str = "",
    dry_run: bool = False,
    default_competency: str = "",
    quiz_slug: str = "",
    unsupported: list[Unsupported] | None = None,
    skip_unsupported: bool = False,
    lint_after: bool = True,
) -> ImportReport:
    """Create or update questions matched on `key`. All or nothing; an unchanged question is left alone.

    Afterwards the bank is linted and each question's findings stored (`questions_lint`), unless
    `lint_after` is false because the caller lints once after several imports (load_content).

    Questions of types we do not serve (`unsupported`) stop the import unless `skip_unsupported`, in which
    case they are reported as skipped. With `quiz_slug` the quiz is created if needed and the imported
    questions are appended to it in file order (ones it already has keep their place).
    """
    unsupported = unsupported or []
    if unsupported and not skip_unsupported:
        listed = "\n".join(str(u) for u in unsupported)
        raise FormatError(
            f"{len(unsupported)} question(s) of types CPS Prep does not serve; nothing was imported. "
            f"Remove them or skip them (--skip-unsupported):\n{listed}"
        )
    competencies = _competencies(framework_slug)
    default = None
    if default_competency:
        default = _resolve(default_competency, competencies)
        if default is None:
            raise FormatError(f"unknown competency {default_competency!r} (--competency)")
    rows = _check(parsed, competencies, default)
    existing = {
        q.key: q
        for q in Question.objects.filter(key__in=[r.parsed.key for r in rows]).prefetch_related("choices")
    }
    report = ImportReport(skipped=list(unsupported))
    others = [
        (key, join_scenario(scenario, stem))
        for key, scenario, stem in Question.objects.exclude(key__in=existing).values_list(
            "key", "scenario", "stem"
        )
    ]
    in_order: list[Question] = []
    for row in rows:
        q = row.parsed
        question = existing.get(q.key)
        if question is not None and _same(question, row):
            report.unchanged.append(q.key)
            in_order.append(question)
            continue
        if question is None:
            question = Question(key=q.key, status=Question.Status.DRAFT)
            report.created.append(q.key)
            copies = rules.near_duplicates(join_scenario(q.scenario, q.stem), others)
            if copies:
                report.warnings.append(f"{q.where or q.key}: nearly the same text as {', '.join(copies[:5])}")
        else:
            report.updated.append(q.key)
        question.title = q.title
        question.competency = row.competency
        question.kind = q.kind
        if q.difficulty is not None:
            question.difficulty = q.difficulty
        if q.contrast is not None:
            question.contrast = q.contrast
        if q.status is not None:
            question.status = q.status
        question.scenario = q.scenario
        question.stem = q.stem
        question.explanation = q.explanation
        try:
            question.full_clean(exclude=["key"] if question.pk else None)
        except ValidationError as error:
            raise FormatError(f"{q.where or q.key}: {_fields_message(error)}") from None
        question.save()
        question.choices.all().delete()
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    position=index,
                    text=text,
                    is_correct=is_correct,
                    weight=weight,
                    feedback=feedback,
                    concept_id=concept_id,
                )
                for index, (text, is_correct, weight, feedback, concept_id) in enumerate(_choice_rows(row))
            ]
        )
        in_order.append(question)
    if quiz_slug:
        report.quiz = quiz_slug
        report.added_to_quiz = _quiz_append(quiz_slug=quiz_slug, questions=in_order)
    questions_freeze(question_ids=[q.pk for q in in_order])
    if dry_run:
        transaction.set_rollback(True)
    elif lint_after and (report.created or report.updated):
        questions_lint()
    return report


def _fields_message(error: ValidationError) -> str:
    """`key: Enter a valid “slug”…; status: Value 'zz' is not a valid choice.` rather than a dict's repr."""
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())


def file_import(
    *,
    parsed: ParsedFile,
    framework_slug: str = "",
    default_competency: str = "",
    quiz_slug: str = "",
    skip_unsupported: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import a parsed file (see `questions_import`). A file without a single question is an error: an
    empty upload, or a file in another format than the one chosen, must not look like a successful import."""
    if not parsed.questions and not parsed.unsupported:
        raise FormatError(
            "the file holds no questions; check that it is not empty and that the format chosen is the file's"
        )
    return questions_import(
        parsed=parsed.questions,
        framework_slug=framework_slug or parsed.framework,
        default_competency=default_competency,
        quiz_slug=quiz_slug,
        unsupported=parsed.unsupported,
        skip_unsupported=skip_unsupported,
        dry_run=dry_run,
    )


def _quiz_append(*, quiz_slug: str, questions: list[Question]) -> list[str]:
    quiz = Quiz.objects.filter(slug=quiz_slug).first()
    if quiz is None:
        quiz = Quiz(slug=quiz_slug, title=quiz_slug.replace("-", " ").capitalize())
        try:
            quiz.full_clean()
        except ValidationError as error:
            raise FormatError(f"cannot create the quiz {quiz_slug!r}: {_fields_message(error)}") from None
        quiz.save()
    present = set(quiz.items.values_list("question_id", flat=True))
    position = quiz.items.aggregate(last=Max("position"))["last"] or 0
    new_items = []
    for question in questions:
        if question.pk in present:
            continue
        present.add(question.pk)
        position += 1
        new_items.append(QuizItem(quiz=quiz, question=question, position=position))
    QuizItem.objects.bulk_create(new_items)
    return [item.question.key for item in new_items]


QUIZZES_FORMAT = "cpsprep-quizzes"


@dataclass
class QuizDefinition:
    slug: str
    title: str
    description: str
    question_keys: list[str]
    mode: str = Quiz.Mode.PRACTICE
    pass_mark: int = 70
    is_published: bool = True
    time_limit_minutes: int | None = None  # our practice timing; None is untimed
    # Shown choices in a new random order at each attempt unless a file says otherwise: an authored order
    # that never changes lets candidates learn key letters instead of content.
    shuffle_questions: bool = False
    shuffle_choices: bool = True


def quiz_definitions_parse(data: object) -> list[QuizDefinition]:
    """The quizzes of a cpsprep-quizzes file (docs/question-format.md), or FormatError naming the quiz and
    the field."""
    if not isinstance(data, dict) or data.get("format") != QUIZZES_FORMAT or data.get("version") != 1:
        raise FormatError(f'expected an object with "format": "{QUIZZES_FORMAT}" and "version": 1')
    items = data.get("quizzes")
    if not isinstance(items, list):
        raise FormatError('expected "quizzes" to be a list')
    known = {f.name: f for f in dataclass_fields(QuizDefinition)}
    types = {
        "slug": str,
        "title": str,
        "description": str,
        "question_keys": list,
        "mode": str,
        "pass_mark": int,
        "is_published": bool,
        "time_limit_minutes": (int, type(None)),
        "shuffle_questions": bool,
        "shuffle_choices": bool,
    }
    definitions = []
    for index, item in enumerate(items):
        where = f"quizzes[{index}]"
        if not isinstance(item, dict):
            raise FormatError("expected an object", where=where)
        where = f"quizzes[{index}] ({item.get('slug', '?')})"
        unknown = sorted(set(item) - set(known))
        if unknown:
            raise FormatError(f"unknown field(s) {', '.join(unknown)}", where=where)
        missing = sorted(n for n, f in known.items() if f.default is MISSING and n not in item)
        if missing:
            raise FormatError(f"missing field(s) {', '.join(missing)}", where=where)
        for name, value in item.items():
            wrong_bool = isinstance(value, bool) and types[name] is not bool
            if wrong_bool or not isinstance(value, types[name]):
                raise FormatError(f"'{name}' has the wrong type", where=where)
        if not all(isinstance(k, str) for k in item["question_keys"]):
            raise FormatError("'question_keys' must be a list of question keys", where=where)
        if item.get("mode", Quiz.Mode.PRACTICE) not in Quiz.Mode.values:
            raise FormatError(f"'mode' must be one of {', '.join(Quiz.Mode.values)}", where=where)
        definitions.append(QuizDefinition(**item))
    return definitions


@transaction.atomic
def quizzes_define(*, definitions: list[QuizDefinition]) -> list[Quiz]:
    """Create or update quizzes with exactly the listed questions, in order."""
    keys = {key for d in definitions for key in d.question_keys}
    questions = {q.key: q for q in Question.objects.filter(key__in=keys)}
    missing = sorted(keys - questions.keys())
    if missing:
        raise FormatError(f"unknown question keys: {', '.join(missing)}")
    quizzes = []
    for d in definitions:
        if len(set(d.question_keys)) != len(d.question_keys):
            raise FormatError("a question is listed twice", where=f"quiz {d.slug}")
        quiz, _ = Quiz.objects.update_or_create(
            slug=d.slug,
            defaults={
                "title": d.title,
                "description": d.description,
                "mode": d.mode,
                "pass_mark": d.pass_mark,
                "is_published": d.is_published,
                "time_limit_minutes": d.time_limit_minutes,
                "shuffle_questions": d.shuffle_questions,
                "shuffle_choices": d.shuffle_choices,
            },
        )
        quiz.items.all().delete()
        QuizItem.objects.bulk_create(
            [
                QuizItem(quiz=quiz, question=questions[key], position=index)
                for index, key in enumerate(d.question_keys, start=1)
            ]
        )
        quizzes.append(quiz)
    return quizzes


@transaction.atomic
def questions_delete(*, questions: list[Question]) -> tuple[int, int]:
    """Delete questions nobody has seen; retire the ones attempts have shown, so their history stays.

    Returns (deleted, retired).
    """
    ids = [q.pk for q in questions]
    used = set(
        QuestionVersion.objects.filter(question_id__in=ids, slots__isnull=False).values_list(
            "question_id", flat=True
        )
    )
    retired = Question.objects.filter(pk__in=used).update(status=Question.Status.RETIRED)
    unused = [pk for pk in ids if pk not in used]
    QuizItem.objects.filter(question_id__in=unused).delete()
    QuestionVersion.objects.filter(question_id__in=unused).delete()
    deleted, _ = Question.objects.filter(pk__in=unused).delete()
    return len(unused) if deleted else 0, retired


@transaction.atomic
def questions_set_status(*, questions: list[Question], status: str) -> tuple[int, list[str]]:
    """Publish or retire questions. A question that cannot be served is not published; returns
    (changed, problems) with one message per refused question."""
    problems = []
    ids = []
    if status == Question.Status.PUBLISHED:
        for question in Question.objects.filter(pk__in=[q.pk for q in questions]).prefetch_related("choices"):
            choices = list(question.choices.all())
            found = rules.choice_problems(
                kind=question.kind,
                weights=[choice_weight(question, c) for c in choices],
                texts=[c.text for c in choices],
            )
            if found:
                problems.append(f"{question.key}: {' '.join(found)}")
            else:
                ids.append(question.pk)
    else:
        ids = [q.pk for q in questions]
    changed = Question.objects.filter(pk__in=ids).update(status=status)
    questions_freeze(question_ids=ids)
    return changed, problems


@transaction.atomic
def questions_duplicate(*, questions: list[Question]) -> list[Question]:
    """Copy questions with their choices as drafts, keyed `<key>-copy`, `<key>-copy-2`, ..."""
    taken = set(Question.objects.values_list("key", flat=True))
    copies = []
    for question in Question.objects.filter(pk__in=[q.pk for q in questions]).prefetch_related("choices"):
        base = f"{question.key[:70]}-copy"
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        choices = list(question.choices.all())
        question.pk = None
        question.key = key
        question.title = f"{question.title[:190]} (copy)"
        question.status = Question.Status.DRAFT
        question.save()
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
        copies.append(question)
    return copies


def questions_lint(*, keys: Iterable[str] | None = None) -> dict[str, list[lint.Finding]]:
    """Lint questions against the bank (every question not retired) and store each one's findings for admin.

    `keys` limits which questions are linted and stored (a question saved in admin); near-duplicates are
    still looked for in the whole bank. Returns the findings by key. One read of the bank, one write of the
    rows whose findings changed.
    """
    current = lint_sources.questions_for_lint(Question.objects.exclude(status=Question.Status.RETIRED))
    wanted = set(keys) if keys is not None else {q.key for q in current}
    names = lint_sources.taxonomy().names
    found: dict[str, list[lint.Finding]] = {q.key: [] for q in current if q.key in wanted}
    for q in current:
        if q.key in wanted:
            found[q.key] += lint.item_findings(q, names)
    for finding in lint.near_duplicates(current, only=wanted):
        found[finding.key].append(finding)
    changed = []
    for question in Question.objects.filter(key__in=found).only("pk", "key", "lint_checks", "lint_findings"):
        findings = found[question.key]
        checks = f" {' '.join(sorted({f.check for f in findings}))} " if findings else ""
        stored = [{"check": f.check, "level": f.level, "message": f.message} for f in findings]
        if question.lint_checks != checks or question.lint_findings != stored:
            question.lint_checks, question.lint_findings = checks, stored
            changed.append(question)
    Question.objects.bulk_update(changed, ["lint_checks", "lint_findings"], batch_size=200)
    return found


EXPORT_FORMATS = ("gift", "aiken", "csv", "json")
PARSERS = {"gift": gift.parse, "aiken": aiken.parse, "csv": csvfmt.parse, "json": jsonfmt.read}


@dataclass
class Export:
    text: str
    count: int
    left_out: list[str]
    filename: str


def questions_export(
    *, format: str, competency_slug: str = "", quiz_slug: str = "", questions: list[Question] | None = None
) -> Export:
    """Questions as a file in `format`: all of them, a competency's, a quiz's fixed questions in order, or
    the given ones. Reads only. Aiken cannot carry multiple-response questions; they are listed in
    `left_out`."""
    if format not in EXPORT_FORMATS:
        raise FormatError(f"unknown format {format!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    queryset = Question.objects.select_related("competency__framework").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.select_related("concept").order_by("position", "id"))
    )
    if questions is not None:
        queryset = queryset.filter(pk__in=[q.pk for q in questions]).order_by("competency__position", "key")
    elif quiz_slug:
        quiz = Quiz.objects.filter(slug=quiz_slug).first()
        if quiz is None:
            raise FormatError(f"unknown quiz {quiz_slug!r}")
        queryset = queryset.filter(quiz_items__quiz=quiz).order_by("quiz_items__position")
    else:
        queryset = queryset.order_by("competency__position", "key")
    if competency_slug:
        if not Competency.objects.filter(slug=competency_slug).exists():
            raise FormatError(f"unknown competency {competency_slug!r}")
        queryset = queryset.filter(competency__slug=competency_slug)
    found = list(queryset)
    plain = [from_question(q) for q in found]
    left_out: list[str] = []
    if format == "gift":
        text = gift.write(plain)
    elif format == "aiken":
        left_out = [q.key for q in plain if not aiken.can_write(q)]
        text = aiken.write(plain)
    elif format == "csv":
        text = csvfmt.write(plain)
    else:
        framework = found[0].competency.framework.slug if found else ""
        text = jsonfmt.write(plain, framework=framework)
    extension = {"gift": "gift", "aiken": "txt", "csv": "csv", "json": "json"}[format]
    name = quiz_slug or competency_slug or "questions"
    return Export(
        text=text, count=len(plain) - len(left_out), left_out=left_out, filename=f"{name}.{extension}"
    )
