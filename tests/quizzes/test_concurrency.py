"""Two clients at once, on real connections: one answer wins, one submission scores."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from quizzes import services
from quizzes.models import Attempt, AttemptSlot, CompetencyScore

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(*calls):
    """Run each call in its own thread (own database connection), released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_tabs_saving_the_same_sequence_keep_exactly_one_answer(casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    first, second = AttemptSlot.objects.get(attempt=attempt, position=1).choice_order[:2]

    def save(choice):
        return lambda: services.answer_save(
            attempt_id=attempt.pk, user=casey, position=1, choice_id=choice, sequence=0
        )

    results = _run_together(save(first), save(second))
    winners = [r for r in results if r == 1]
    losers = [r for r in results if isinstance(r, services.StaleAnswer)]
    assert len(winners) == 1 and len(losers) == 1, results
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    assert slot.sequence == 1
    assert slot.selected_id == (first if results[0] == 1 else second)


def test_submitting_from_two_devices_at_once_scores_once_and_shows_the_same_result(casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam"))
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    services.answer_save(
        attempt_id=attempt.pk, user=casey, position=1, choice_id=slot.choice_order[0], sequence=0
    )
    url = reverse("quizzes:attempt_submit", args=[attempt.pk])

    def device():
        client = Client()
        client.force_login(casey)
        return client.post(url)

    responses = _run_together(device, device)
    assert [r.status_code for r in responses] == [302, 302], responses
    assert responses[0].url == responses[1].url == reverse("quizzes:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct_count) == (Attempt.Status.SUBMITTED, 1)
    assert CompetencyScore.objects.filter(attempt=attempt).count() == 3


def test_an_answer_racing_a_submission_is_either_counted_or_refused(casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    choice = AttemptSlot.objects.get(attempt=attempt, position=1).choice_order[0]

    results = _run_together(
        lambda: services.answer_save(
            attempt_id=attempt.pk, user=casey, position=1, choice_id=choice, sequence=0
        ),
        lambda: services.attempt_submit(attempt=attempt),
    )
    attempt.refresh_from_db()
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    if isinstance(results[0], services.AttemptClosed):
        assert slot.selected_id is None and attempt.correct_count == 0
    else:
        assert results[0] == 1 and slot.selected_id == choice and attempt.correct_count == 1
