"""Item quality flags in the trainers' admin, raised from 30 responses."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptSlot, QuestionVersion
from quizzes.versions import current_versions
from tests.quizzes.factories import UserFactory


def _responses(quiz, patterns):
    """One submitted attempt per pattern of marks (one mark per question of the quiz)."""
    questions = [item.question for item in quiz.items.order_by("position")]
    versions = current_versions(questions)
    user = UserFactory(username="many")
    now = timezone.now()
    for marks in patterns:
        attempt = Attempt.objects.create(
            user=user, quiz=quiz, status="submitted", submitted_at=now, pass_mark=70,
            correct_count=sum(marks), question_count=len(marks),
            score_percent=Decimal(100 * sum(marks) / len(marks)).quantize(Decimal("0.01")), passed=False,
        )  # fmt: skip
        AttemptSlot.objects.bulk_create(
            [
                AttemptSlot(
                    attempt=attempt,
                    position=i + 1,
                    question=q,
                    version=versions[q.pk],
                    choice_order=[],
                    is_correct=bool(m),
                )
                for i, (q, m) in enumerate(zip(questions, marks, strict=True))
            ]
        )
    return questions


@pytest.fixture
def trainer_client(client, tess):
    """Tess reads the flags through the Trainers group's permissions."""
    client.force_login(tess)
    return client


def test_a_candidate_cannot_open_the_item_quality_admin(client, casey):
    client.force_login(casey)
    response = client.get(reverse("admin:cohorts_itemquality_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_flags_show_too_easy_too_hard_and_negative_discrimination(trainer_client, make_quiz):
    quiz = make_quiz(4)
    # q1 always right (too easy); q2 right only in 4 weak attempts (negative discrimination);
    # q3 right in 5 of 40 (too hard); q4 right in the stronger half (no flag).
    patterns = [[1, 0, 1, 1]] * 5 + [[1, 0, 0, 1]] * 15 + [[1, 1, 0, 0]] * 4 + [[1, 0, 0, 0]] * 16
    questions = _responses(quiz, patterns)
    page = trainer_client.get(reverse("admin:cohorts_itemquality_changelist")).content.decode()
    rows = {q.key: page[page.index(q.key) : page.index("</tr>", page.index(q.key))] for q in questions}
    assert "too easy" in rows[questions[0].key] and "100%" in rows[questions[0].key]
    assert "negative discrimination" in rows[questions[1].key]
    assert "too hard" in rows[questions[2].key]
    assert "none" in rows[questions[3].key]
    assert QuestionVersion.objects.count() == 4


def test_no_flags_below_thirty_responses(trainer_client, make_quiz):
    quiz = make_quiz(2)
    questions = _responses(quiz, [[1, 1]] * 29)
    page = trainer_client.get(reverse("admin:cohorts_itemquality_changelist")).content.decode()
    row = page[page.index(questions[0].key) : page.index("</tr>", page.index(questions[0].key))]
    assert "fewer than 30 responses" in row and "too easy" not in row


def test_the_changelist_runs_a_fixed_number_of_queries(
    trainer_client, make_quiz, django_assert_max_num_queries
):
    _responses(make_quiz(6), [[1, 0, 1, 0, 1, 1]] * 3)
    with django_assert_max_num_queries(12):
        response = trainer_client.get(reverse("admin:cohorts_itemquality_changelist"))
    assert response.status_code == 200


def test_flags_appear_at_exactly_thirty_responses(trainer_client, make_quiz):
    quiz = make_quiz(2)
    # q1 right every time: too easy at 30. q2 right in 5 of 30 (16.7 %): too hard.
    questions = _responses(quiz, [[1, 1]] * 5 + [[1, 0]] * 25)
    page = trainer_client.get(reverse("admin:cohorts_itemquality_changelist")).content.decode()
    rows = {q.key: page[page.index(q.key) : page.index("</tr>", page.index(q.key))] for q in questions}
    assert "too easy" in rows[questions[0].key] and ">30<" in rows[questions[0].key]
    assert "too hard" in rows[questions[1].key] and "17%" in rows[questions[1].key]
    # q1 never varies, so its discrimination is not enough data, not a division by zero
    assert "not enough data" in rows[questions[0].key]
