"""Reads that span models. No writes here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from competencies.models import Competency
from quizzes import scoring
from quizzes.models import LETTERS, Accommodation, Attempt, AttemptSlot, Quiz, VersionChoice


def concept(competency: Competency) -> scoring.Concept:
    return scoring.Concept(
        slug=competency.slug, name=competency.name, is_core=competency.is_core, position=competency.position
    )


def answered_from_choices(
    *, competency: Competency, multiple: bool, chosen: Sequence[VersionChoice]
) -> scoring.AnsweredSlot:
    """What scoring needs of one question answered with `chosen` (the one choice, or every tick of a
    multiple-response question; empty when unanswered). Needs each chosen choice's concept loaded."""
    if multiple:
        return scoring.AnsweredSlot(
            competency=concept(competency),
            chosen_correct=scoring.multiple_response_correct([(c.weight, c.is_correct) for c in chosen]),
            wrong_concepts=tuple(concept(c.concept) for c in chosen if not c.is_correct and c.concept),
        )
    choice = chosen[0] if chosen else None
    return scoring.AnsweredSlot(
        competency=concept(competency),
        chosen_correct=None if choice is None else choice.is_correct,
        chosen_concept=concept(choice.concept) if choice is not None and choice.concept else None,
    )


def answered_slot(slot: AttemptSlot) -> scoring.AnsweredSlot:
    """Needs slot.version.competency and slot.selected.concept loaded, and for a multiple-response slot
    slot.selections with their concepts prefetched."""
    if slot.is_multiple:
        chosen = list(slot.selections.all())
    else:
        chosen = [slot.selected] if slot.selected is not None else []
    return answered_from_choices(competency=slot.version.competency, multiple=slot.is_multiple, chosen=chosen)


def slots_for_scoring(*, attempt: Attempt) -> list[AttemptSlot]:
    return list(
        AttemptSlot.objects.filter(attempt=attempt)
        .select_related("version__competency", "selected__concept")
        .prefetch_related(_ticked_with_concepts())
        .order_by("position")
    )


def _ticked_with_concepts() -> Prefetch:
    return Prefetch("selections", queryset=VersionChoice.objects.select_related("concept"))


def attempt_result(*, attempt: Attempt) -> scoring.Result:
    slots = slots_for_scoring(attempt=attempt)
    return scoring.score([answered_slot(slot) for slot in slots], pass_mark=attempt.pass_mark)


def distractors_by_slug(slugs: list[str]) -> dict[str, Competency]:
    return {c.slug: c for c in Competency.objects.distractors().filter(slug__in=slugs)}


@dataclass(frozen=True)
class SlotPage:
    slot: AttemptSlot
    choices: list[tuple[str, VersionChoice]]  # (letter as shown, choice)
    chosen: frozenset[int]  # ids of the choices chosen or ticked so far
    count: int
    answered: int
    navigator: list[tuple[int, bool, bool]]  # (position, answered, flagged)

    @property
    def all_right(self) -> bool | None:
        """Multiple response: whether the ticks so far would be marked right (None when nothing is ticked)."""
        return scoring.multiple_response_correct(
            [(c.weight, c.is_correct) for _, c in self.choices if c.pk in self.chosen]
        )

    @property
    def checked_right(self) -> bool:
        """Whether the answer chosen so far is marked right (practice feedback)."""
        if self.slot.is_multiple:
            return bool(self.all_right)
        return any(c.is_correct for _, c in self.choices if c.pk in self.chosen)

    @property
    def unanswered(self) -> int:
        return self.count - self.answered

    @property
    def flagged(self) -> int:
        return sum(1 for _, _, flagged in self.navigator if flagged)


NAVIGATOR_COLUMNS = ("position", "selected_id", "flagged", "answered_at")


def slot_page(*, attempt: Attempt, position: int) -> SlotPage | None:
    """Everything the question page shows, in two queries whatever the quiz length.

    The most requested page of the site, so it reads narrowly: one row per slot for the navigator (the
    shown slot's own fields ride along), then the shown version with its choices. Nothing else is loaded.
    """
    # A slot is answered when it has a selected choice or, for multiple response, at least one tick; the
    # services set answered_at with every such save (and clear it with the last tick), so no join is needed.
    rows = list(
        AttemptSlot.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list(*NAVIGATOR_COLUMNS, "pk", "version_id", "sequence", "choice_order")
    )

    current = next((row for row in rows if row[0] == position), None)
    if current is None:
        return None
    _, selected_id, flagged, _, pk, version_id, sequence, choice_order = current
    version_choices = list(VersionChoice.objects.filter(version_id=version_id).select_related("version"))
    slot = AttemptSlot(
        pk=pk,
        attempt=attempt,
        position=position,
        version=version_choices[0].version,
        selected_id=selected_id,
        flagged=flagged,
        sequence=sequence,
        choice_order=choice_order,
    )
    slot._state.adding = False  # a row read from the database, built from the columns above
    choices = shown_choices(slot, version_choices)
    if slot.is_multiple:
        chosen = frozenset(slot.selections.values_list("pk", flat=True))
    else:
        chosen = frozenset([selected_id] if selected_id else [])
    navigator = [(pos, bool(selected or answered_at), flag) for pos, selected, flag, answered_at, *_ in rows]
    return SlotPage(
        slot=slot,
        choices=choices,
        chosen=chosen,
        count=len(navigator),
        answered=sum(1 for _, answered, _ in navigator if answered),
        navigator=navigator,
    )


def shown_choices(
    slot: AttemptSlot, choices: Iterable[VersionChoice] | None = None
) -> list[tuple[str, VersionChoice]]:
    """The slot's choices in the order this attempt showed them, lettered as shown. `choices` are the
    version's choices when the caller loaded them itself (default: the prefetched `slot.version.choices`)."""
    by_id = {c.pk: c for c in (slot.version.choices.all() if choices is None else choices)}
    return [(LETTERS[i], by_id[pk]) for i, pk in enumerate(slot.choice_order)]


def review_slots(*, attempt: Attempt) -> list[tuple[AttemptSlot, list[tuple[str, VersionChoice]]]]:
    """Every slot with its choices in the order shown, in a fixed number of queries."""
    slots = (
        AttemptSlot.objects.filter(attempt=attempt)
        .select_related("version__competency")
        .prefetch_related(
            Prefetch("version__choices", queryset=VersionChoice.objects.select_related("concept")),
            Prefetch("selections", queryset=VersionChoice.objects.only("pk")),
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
