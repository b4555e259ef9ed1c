"""Reads that span models. No writes here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from competencies.models import Competency
from quizzes import scoring
from quizzes.models import LETTERS, Accommodation, Attempt, AttemptSlot, Quiz, VersionChoice


def concept(competency: Competency) -> scoring.Concept:
    return scoring.Concept(
        slug=competency.slug, name=competency.name, is_core=competency.is_core, position=competency.position
    )


def answered_slot(slot: AttemptSlot) -> scoring.AnsweredSlot:
    """Needs slot.version.competency and slot.selected.concept loaded."""
    chosen = slot.selected
    return scoring.AnsweredSlot(
        competency=concept(slot.version.competency),
        chosen_correct=None if chosen is None else chosen.is_correct,
        chosen_concept=concept(chosen.concept) if chosen is not None and chosen.concept else None,
    )


def slots_for_scoring(*, attempt: Attempt) -> list[AttemptSlot]:
    return list(
        AttemptSlot.objects.filter(attempt=attempt)
        .select_related("version__competency", "selected__concept")
        .order_by("position")
    )


def attempt_result(*, attempt: Attempt) -> scoring.Result:
    slots = slots_for_scoring(attempt=attempt)
    return scoring.score([answered_slot(slot) for slot in slots], pass_mark=attempt.pass_mark)


def distractors_by_slug(slugs: list[str]) -> dict[str, Competency]:
    return {c.slug: c for c in Competency.objects.distractors().filter(slug__in=slugs)}


@dataclass(frozen=True)
class SlotPage:
    slot: AttemptSlot
    choices: list[tuple[str, VersionChoice]]  # (letter as shown, choice)
    count: int
    answered: int
    navigator: list[tuple[int, bool, bool]]  # (position, answered, flagged)

    @property
    def unanswered(self) -> int:
        return self.count - self.answered

    @property
    def flagged(self) -> int:
        return sum(1 for _, _, flagged in self.navigator if flagged)


def slot_page(*, attempt: Attempt, position: int) -> SlotPage | None:
    """Everything the question page shows, in a fixed number of queries whatever the quiz length."""
    slot = (
        AttemptSlot.objects.filter(attempt=attempt, position=position)
        .select_related("version__competency")
        .prefetch_related(
            Prefetch("version__choices", queryset=VersionChoice.objects.select_related("concept"))
        )
        .first()
    )
    if slot is None:
        return None
    choices = shown_choices(slot)
    navigator = list(
        AttemptSlot.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("position", "selected_id", "flagged")
    )
    return SlotPage(
        slot=slot,
        choices=choices,
        count=len(navigator),
        answered=sum(1 for _, selected, _ in navigator if selected),
        navigator=[(pos, bool(selected), flagged) for pos, selected, flagged in navigator],
    )


def shown_choices(slot: AttemptSlot) -> list[tuple[str, VersionChoice]]:
    """The slot's choices in the order this attempt showed them, lettered as shown."""
    by_id = {c.pk: c for c in slot.version.choices.all()}
    return [(LETTERS[i], by_id[pk]) for i, pk in enumerate(slot.choice_order)]


def review_slots(*, attempt: Attempt) -> list[tuple[AttemptSlot, list[tuple[str, VersionChoice]]]]:
    """Every slot with its choices in the order shown, in a fixed number of queries."""
    slots = (
        AttemptSlot.objects.filter(attempt=attempt)
        .select_related("version__competency")
        .prefetch_related(
            Prefetch("version__choices", queryset=VersionChoice.objects.select_related("concept"))
        )
        .order_by("position")
    )
    return [(slot, shown_choices(slot)) for slot in slots]


def quizzes_for_home() -> QuerySet[Quiz]:
    return (
        Quiz.objects.published()
        .annotate(question_count=Count("items", filter=Q(items__question__status="published"), distinct=True))
        .filter(question_count__gt=0)
        .order_by("title")
    )


def open_attempts(*, user) -> QuerySet[Attempt]:
    return Attempt.objects.for_user(user).in_progress().select_related("quiz").order_by("-started_at")


def recent_attempts(*, user, limit: int = 10) -> QuerySet[Attempt]:
    return Attempt.objects.for_user(user).submitted().select_related("quiz").order_by("-submitted_at")[:limit]


def extra_time_percent(*, user) -> int:
    return Accommodation.objects.filter(user=user).values_list("extra_time_percent", flat=True).first() or 0
