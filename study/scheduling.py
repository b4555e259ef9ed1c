"""Turning an answer into an FSRS rating, and rescheduling a review card. No ORM here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import fsrs

QUICK_SECONDS = 20
# Candidates study once a day or less: no same-day learning steps, intervals in days from the start.
SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(*, correct: bool, flagged: bool, seconds: float | None) -> fsrs.Rating:
    """Wrong → Again; right but flagged as unsure → Hard; right → Good; right and quick → Easy."""
    if not correct:
        return fsrs.Rating.Again
    if flagged:
        return fsrs.Rating.Hard
    if seconds is not None and seconds <= QUICK_SECONDS:
        return fsrs.Rating.Easy
    return fsrs.Rating.Good


def enters_queue(*, correct: bool, flagged: bool) -> bool:
    """A question joins the review queue when it was missed, or right but flagged as unsure."""
    return not correct or flagged


@dataclass
class CardState:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def review(card: CardState | None, rating: fsrs.Rating, at: datetime) -> CardState:
    """The card's state after one review at `at` (a new card when `card` is None)."""
    if card is None:
        current = fsrs.Card(due=at)
    else:
        current = fsrs.Card(
            state=fsrs.State(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )
    updated, _log = SCHEDULER.review_card(current, rating, at)
    return CardState(
        state=int(updated.state),
        step=updated.step,
        stability=updated.stability,
        difficulty=updated.difficulty,
        due=updated.due,
        last_review=updated.last_review,
    )
