"""Writes to the question bank: importing questions and defining quizzes. Each call is one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from competencies.models import Competency, Framework
from quizzes.formats import FormatError, ParsedQuestion
from quizzes.models import Choice, Question, QuestionVersion, Quiz, QuizItem
from quizzes.rules import choice_problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def _competencies(framework_slug: str) -> dict[str, Competency]:
    framework = Framework.objects.filter(slug=framework_slug).first()
    if framework is None:
        raise FormatError(f"unknown framework {framework_slug!r}; load the taxonomy first")
    return {c.slug: c for c in framework.competencies.all()}


def _validate(parsed: list[ParsedQuestion], competencies: dict[str, Competency]) -> None:
    keys = set()
    for q in parsed:
        if q.key in keys:
            raise FormatError(f"the key {q.key!r} appears twice in this file", where=q.where)
        keys.add(q.key)
        if q.competency not in competencies:
            raise FormatError(f"unknown competency {q.competency!r}", where=q.where)
        for c in q.choices:
            if c.concept is not None and c.concept not in competencies:
                raise FormatError(f"unknown concept {c.concept!r} on a choice", where=q.where)
        problems = choice_problems([c.is_correct for c in q.choices], [c.text for c in q.choices])
        if problems:
            raise FormatError(" ".join(problems), where=q.where)


def _same(question: Question, q: ParsedQuestion, competencies: dict[str, Competency]) -> bool:
    fields_equal = (
        question.title == q.title
        and question.competency_id == competencies[q.competency].pk
        and question.difficulty == q.difficulty
        and question.contrast == q.contrast
        and question.status == q.status
        and question.scenario == q.scenario
        and question.stem == q.stem
        and question.explanation == q.explanation
    )
    existing = [(c.text, c.is_correct, c.feedback, c.concept_id) for c in question.choices.all()]
    wanted = [
        (c.text, c.is_correct, c.feedback, competencies[c.concept].pk if c.concept else None)
        for c in q.choices
    ]
    return fields_equal and existing == wanted


@transaction.atomic
def questions_import(
    *, parsed: list[ParsedQuestion], framework_slug: str, dry_run: bool = False
) -> ImportReport:
    """Create or update questions matched on `key`. All or nothing; an unchanged question is left alone."""
    competencies = _competencies(framework_slug)
    _validate(parsed, competencies)
    existing = {
        q.key: q for q in Question.objects.filter(key__in=[p.key for p in parsed]).prefetch_related("choices")
    }
    report = ImportReport()
    for q in parsed:
        question = existing.get(q.key)
        if question is not None and _same(question, q, competencies):
            report.unchanged.append(q.key)
            continue
        if question is None:
            question = Question(key=q.key)
            report.created.append(q.key)
        else:
            report.updated.append(q.key)
        question.title = q.title
        question.competency = competencies[q.competency]
        question.difficulty = q.difficulty
        question.contrast = q.contrast
        question.status = q.status
        question.scenario = q.scenario
        question.stem = q.stem
        question.explanation = q.explanation
        question.full_clean(exclude=["key"] if question.pk else None)
        question.save()
        question.choices.all().delete()
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    position=index,
                    text=c.text,
                    is_correct=c.is_correct,
                    feedback=c.feedback,
                    concept=competencies[c.concept] if c.concept else None,
                )
                for index, c in enumerate(q.choices)
            ]
        )
    if dry_run:
        transaction.set_rollback(True)
    return report


@dataclass
class QuizDefinition:
    slug: str
    title: str
    description: str
    question_keys: list[str]
    mode: str = Quiz.Mode.PRACTICE
    pass_mark: int = 70
    is_published: bool = True


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
