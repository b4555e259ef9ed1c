"""Pages in an attempt cost the same number of queries whatever the quiz length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import services


def _answered_and_submitted(quiz, user):
    attempt = services.attempt_start(user=user, quiz=quiz)
    for slot in attempt.slots.all():
        services.answer_save(
            attempt_id=attempt.pk,
            user=user,
            position=slot.position,
            choice_id=slot.choice_order[1],
            sequence=0,
        )
    return attempt


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page", ["quizzes:attempt_question", "quizzes:attempt_summary", "quizzes:attempt_result", "study:review"]
)
def test_attempt_pages_cost_the_same_for_10_and_100_questions(client, casey, make_quiz, page):
    client.force_login(casey)
    counts = []
    for n in (10, 100):
        attempt = _answered_and_submitted(make_quiz(n), casey)
        if page in ("quizzes:attempt_result", "study:review"):
            services.attempt_submit(attempt=attempt)
        args = [attempt.pk, 2] if page == "quizzes:attempt_question" else [attempt.pk]
        counts.append(_count(client, reverse(page, args=args)))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("n", [5, 50])
def test_question_and_result_pages_stay_within_budget(
    client, casey, make_quiz, n, django_assert_max_num_queries
):
    client.force_login(casey)
    attempt = _answered_and_submitted(make_quiz(n), casey)
    # Session, user, attempt, the slots (navigator and the shown slot), the shown version with its choices.
    with django_assert_max_num_queries(5):
        client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1]))
    services.attempt_submit(attempt=attempt)
    with django_assert_max_num_queries(6):
        client.get(reverse("quizzes:attempt_result", args=[attempt.pk]))


def test_home_page_stays_within_budget(client, casey, make_quiz, django_assert_max_num_queries):
    client.force_login(casey)
    for _ in range(4):
        _answered_and_submitted(make_quiz(3), casey)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("quizzes:home"))
    assert response.content.decode().count("Resume") >= 4
