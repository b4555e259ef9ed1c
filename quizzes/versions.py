"""Freezing a question's current content into an immutable version.

A version is frozen when a question is published or changed (`questions_freeze`, called by admin and the
bank's imports), and `Question.current_version` points at it until the next edit clears it. Starting an
attempt then only reads those pointers (`versions_for_attempt`); a question whose pointer was cleared by an
edit that nothing froze is hashed and frozen there, once.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch

from quizzes.models import Choice, Kind, Question, QuestionVersion, VersionChoice


def choice_weight(question: Question, choice: Choice) -> Decimal:
    """The weight frozen into a version. A single-answer or true/false choice ticked correct weighs 100 even
    when it was made without a weight (rows made before weights existed, or by code that sets only
    `is_correct`)."""
    if question.kind != Kind.MULTIPLE and choice.is_correct:
        return Decimal(100)
    return Decimal(choice.weight)


def _choice_fingerprint(question: Question, choice: Choice) -> list:
    row = [choice.text, choice.is_correct, choice.feedback, choice.concept_id]
    weight = choice_weight(question, choice)
    # Only a weight other than the one `is_correct` implies joins the fingerprint, so questions hashed before
    # weights existed keep their hash and do not get a needless new version.
    if weight != (Decimal(100) if choice.is_correct else Decimal(0)):
        row.append(f"{weight.normalize():f}")
    return row


def content_hash(question: Question) -> str:
    """A fingerprint of everything a candidate sees or is scored on. Needs `question.choices` loaded."""
    payload = {
        "title": question.title,
        "competency": question.competency_id,
        "difficulty": question.difficulty,
        "contrast": question.contrast,
        "scenario": question.scenario,
        "stem": question.stem,
        "explanation": question.explanation,
        "choices": [
            _choice_fingerprint(question, c)
            for c in sorted(question.choices.all(), key=lambda c: (c.position, c.id))
        ],
    }
    if question.kind != Kind.SINGLE:  # likewise: the default kind leaves older hashes unchanged
        payload["kind"] = question.kind
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def current_versions(questions: list[Question]) -> dict[int, QuestionVersion]:
    """The version each question would be shown in now, creating versions where the content changed.

    Runs a fixed number of queries whatever the number of questions. Callers run it inside a transaction.
    """
    if not questions:
        return {}
    ids = [q.pk for q in questions]
    # Lock the questions (in id order, so two starts cannot deadlock) so that two attempts starting at once
    # cannot both create version n+1 of the same edited question.
    list(Question.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    latest: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(question_id__in=ids).order_by("question_id", "-number"):
        latest.setdefault(version.question_id, version)

    result: dict[int, QuestionVersion] = {}
    to_create: list[tuple[Question, QuestionVersion]] = []
    for question in questions:
        digest = content_hash(question)
        previous = latest.get(question.pk)
        if previous is not None and previous.content_hash == digest:
            result[question.pk] = previous
            continue
        version = QuestionVersion(
            question=question,
            number=(previous.number + 1) if previous else 1,
            content_hash=digest,
            title=question.title,
            competency_id=question.competency_id,
            difficulty=question.difficulty,
            contrast=question.contrast,
            kind=question.kind,
            scenario=question.scenario,
            stem=question.stem,
            explanation=question.explanation,
        )
        to_create.append((question, version))
        result[question.pk] = version

    if to_create:
        QuestionVersion.objects.bulk_create([v for _, v in to_create])
        VersionChoice.objects.bulk_create(
            [
                VersionChoice(
                    version=version,
                    position=index,
                    text=choice.text,
                    is_correct=choice.is_correct,
                    weight=choice_weight(question, choice),
                    feedback=choice.feedback,
                    concept_id=choice.concept_id,
                )
                for question, version in to_create
                for index, choice in enumerate(
                    sorted(question.choices.all(), key=lambda c: (c.position, c.id))
                )
            ]
        )
    # Point each question at the version that matches its content, so the next start need not hash it.
    stale = [q for q in questions if q.current_version_id != result[q.pk].pk]
    for question in stale:
        question.current_version = result[question.pk]
    Question.objects.bulk_update(stale, ["current_version"])
    return result


def _with_choices(ids: list[int]) -> list[Question]:
    return list(
        Question.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        )
    )


def questions_freeze(*, question_ids: list[int]) -> None:
    """Freeze the content of the published ones among these questions, after they were published or changed.

    Drafts are left alone: nobody is shown them, and each would gain a version per edit. Callers run it inside
    their transaction, after the question and its choices are written.
    """
    # A question still pointing at a version is unchanged since it was frozen (any save clears the pointer).
    published = Question.objects.published().filter(pk__in=question_ids, current_version=None)
    published = list(published.values_list("pk", flat=True))
    current_versions(_with_choices(published))


def versions_for_attempt(question_ids: list[int]) -> dict[int, int]:
    """Question id -> id of the version an attempt starting now shows, reading the frozen pointers; only
    questions edited since their last freeze are hashed (and frozen) here."""
    pointers = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "current_version_id"))
    unfrozen = [pk for pk in question_ids if pointers.get(pk) is None]
    if unfrozen:
        with transaction.atomic():
            pointers.update({pk: v.pk for pk, v in current_versions(_with_choices(unfrozen)).items()})
    return pointers
