"""Item quality flags in the trainers' admin: stored per question, raised from 30 responses."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from itemstats import services as item_services
from itemstats.models import QuestionStatistics, QuestionStatisticsRun
from quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion
from quizzes.versions import current_versions
from tests.quizzes.factories import QuizFactory, UserFactory

CHANGELIST = reverse("admin:itemstats_itemquality_changelist")


def _responses(quiz, patterns, *, user=None):
    """One submitted attempt per pattern of marks (one mark per question of the quiz), in bulk, then the
    statistics computed as the background task would."""
    questions = [item.question for item in quiz.items.order_by("position")]
    versions = current_versions(questions)
    user = user or UserFactory()
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                user=user, quiz=quiz, status="submitted", submitted_at=now, pass_mark=70,
                correct_count=sum(marks), question_count=len(marks),
                score_percent=Decimal(100 * sum(marks) / len(marks)).quantize(Decimal("0.01")), passed=False,
            )
            for marks in patterns
        ]
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
            for attempt, marks in zip(attempts, patterns, strict=True)
            for i, (q, m) in enumerate(zip(questions, marks, strict=True))
        ]
    )
    item_services.question_statistics_compute()
    return questions


def _rows(page: str, questions) -> dict[str, str]:
    """The changelist row of each question, by key."""
    return {
        q.key: page[page.index(f">{q.key}<") : page.index("</tr>", page.index(f">{q.key}<"))]
        for q in questions
    }


@pytest.fixture
def trainer_client(client, tess):
    """Tess reads the flags through the Trainers group's permissions."""
    client.force_login(tess)
    return client


def test_a_candidate_cannot_open_the_item_quality_admin(client, casey):
    client.force_login(casey)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_flags_show_too_easy_too_hard_and_negative_discrimination(trainer_client, make_quiz):
    quiz = make_quiz(4)
    # q1 always right (too easy); q2 right only in 4 weak attempts (negative discrimination);
    # q3 right in 5 of 40 (too hard); q4 right in the stronger half (no flag).
    patterns = [[1, 0, 1, 1]] * 5 + [[1, 0, 0, 1]] * 15 + [[1, 1, 0, 0]] * 4 + [[1, 0, 0, 0]] * 16
    questions = _responses(quiz, patterns)
    page = trainer_client.get(CHANGELIST).content.decode()
    rows = _rows(page, questions)
    assert "too easy" in rows[questions[0].key] and "100%" in rows[questions[0].key]
    assert "negative discrimination" in rows[questions[1].key]
    assert "too hard" in rows[questions[2].key]
    assert "none" in rows[questions[3].key]
    assert QuestionVersion.objects.count() == 4


def test_no_flags_below_thirty_responses(trainer_client, make_quiz):
    quiz = make_quiz(2)
    questions = _responses(quiz, [[1, 1]] * 29)
    page = trainer_client.get(CHANGELIST).content.decode()
    row = _rows(page, questions)[questions[0].key]
    assert "fewer than 30 responses" in row and "too easy" not in row


def test_flags_appear_at_exactly_thirty_responses(trainer_client, make_quiz):
    quiz = make_quiz(2)
    # q1 right every time: too easy at 30. q2 right in 5 of 30 (16.7 %): too hard.
    questions = _responses(quiz, [[1, 1]] * 5 + [[1, 0]] * 25)
    page = trainer_client.get(CHANGELIST).content.decode()
    rows = _rows(page, questions)
    assert "too easy" in rows[questions[0].key] and ">30<" in rows[questions[0].key]
    assert "too hard" in rows[questions[1].key] and "17%" in rows[questions[1].key]
    # q1 never varies, so its discrimination is not enough data, not a division by zero
    assert "not enough data" in rows[questions[0].key]


def test_the_stored_flags_are_the_numbers_the_page_shows(trainer_client, make_quiz):
    quiz = make_quiz(2)
    patterns = [[1, 1]] * 20 + [[1, 0]] * 5 + [[0, 1]] * 5  # q1: 25 of 30 right
    questions = _responses(quiz, patterns)
    trainer_client.get(CHANGELIST)
    stats = QuestionStatistics.objects.get(question=questions[0])
    assert (stats.responses, stats.earlier_responses) == (30, 0)
    assert stats.facility == pytest.approx(100 * 25 / 30)
    # y, the rest of the attempt, is q2's mark: r = (Σxy - ΣxΣy/n) / (Σx² - (Σx)²/n), V(x) = V(y) here
    assert stats.discrimination == pytest.approx(100 * (20 - 25 * 25 / 30) / (25 - 25 * 25 / 30))


def test_discrimination_pools_quizzes_of_different_lengths_by_the_share_right_on_the_rest(
    trainer_client, make_quiz
):
    long_quiz = make_quiz(3)
    shared = long_quiz.items.get(position=1).question
    short_quiz = QuizFactory(questions=[shared, make_quiz(1).items.get().question])
    alone = QuizFactory(questions=[shared])
    _responses(long_quiz, [[1, 1, 1], [0, 0, 1], [1, 0, 0]])  # rest: 2/2, 1/2, 0/2
    _responses(short_quiz, [[1, 1], [0, 0]])  # rest: 1/1, 0/1
    _responses(alone, [[1]])  # no rest: counts for facility, not for discrimination
    trainer_client.get(CHANGELIST)
    stats = QuestionStatistics.objects.get(question=shared)
    assert stats.responses == 6 and stats.facility == pytest.approx(100 * 4 / 6)
    # By hand: x = 1 0 1 1 0, y = 1 .5 0 1 0; C = 0.5/4, V(x) = 1.2/4, V(y) = 1/4.
    assert stats.discrimination == pytest.approx(100 * 0.125 / (0.3 * 0.25) ** 0.5)


def test_the_list_reads_stored_statistics_and_says_how_many_newer_attempts_wait(trainer_client, make_quiz):
    quiz = make_quiz(2)
    questions = _responses(quiz, [[1, 0]] * 3)
    run = QuestionStatisticsRun.objects.get()
    first = run.computed_at
    page = trainer_client.get(CHANGELIST).content.decode()
    run.refresh_from_db()
    assert run.computed_at == first and "ago from 3 submitted attempts." in page
    _responses(quiz, [[0, 0]])
    Attempt.objects.create(
        user=UserFactory(), quiz=quiz, status="submitted", submitted_at=timezone.now(), pass_mark=70,
        correct_count=0, question_count=2,
    )  # fmt: skip
    page = trainer_client.get(CHANGELIST).content.decode()
    run.refresh_from_db()
    assert (
        run.attempt_count == 4
        and "ago from 4 submitted attempts; 1 newer attempt will be included shortly" in page
    )
    assert ">75%<" in _rows(page, questions)[questions[0].key]


def test_an_abandoned_attempt_is_not_a_response(trainer_client, make_quiz):
    quiz = make_quiz(2)
    questions = _responses(quiz, [[1, 0]] * 2)
    Attempt.objects.filter(pk=Attempt.objects.filter(quiz=quiz).first().pk).update(
        status=Attempt.Status.ABANDONED, submitted_at=None
    )
    item_services.question_statistics_compute()
    page = trainer_client.get(CHANGELIST).content.decode()
    assert ">1<" in _rows(page, questions)[questions[0].key]
    assert QuestionStatistics.objects.get(question=questions[0]).responses == 1


def test_flags_describe_the_latest_version_asked_with_the_earlier_responses_counted_apart(
    trainer_client, make_quiz
):
    quiz = make_quiz(2)
    questions = _responses(quiz, [[0, 1]] * 30)  # q1 looks too hard: nobody chooses the key
    page = trainer_client.get(CHANGELIST).content.decode()
    assert "too hard" in _rows(page, questions)[questions[0].key]
    # The trainer fixes the key; the next attempts are shown version 2.
    question = Question.objects.get(pk=questions[0].pk)
    first, second = question.choices.order_by("position")[:2]
    first.is_correct, second.is_correct = False, True
    first.save(update_fields=["is_correct"])
    second.save(update_fields=["is_correct"])
    _responses(quiz, [[1, 1]] * 4)
    assert QuestionVersion.objects.filter(question=question).count() == 2
    page = trainer_client.get(CHANGELIST).content.decode()
    row = _rows(page, questions)[questions[0].key]
    assert "2 (+30 responses to earlier versions)" in row
    assert "fewer than 30 responses" in row and "too hard" not in row
    stats = QuestionStatistics.objects.get(question=question)
    assert (stats.version.number, stats.responses, stats.facility) == (2, 4, 100)


def test_the_list_filters_by_flag(trainer_client, make_quiz):
    quiz = make_quiz(4)
    patterns = [[1, 0, 1, 1]] * 5 + [[1, 0, 0, 1]] * 15 + [[1, 1, 0, 0]] * 4 + [[1, 0, 0, 0]] * 16
    questions = _responses(quiz, patterns)
    unanswered = make_quiz(1).items.get().question
    keys = [q.key for q in questions]

    def listed(flag: str) -> set[str]:
        page = trainer_client.get(CHANGELIST, {"flag": flag}).content.decode()
        return {key for key in [*keys, unanswered.key] if f">{key}<" in page}

    assert listed("too-easy") == {keys[0]}
    assert listed("too-hard") == {keys[1], keys[2]}  # q2 is right in 4 of 40 too
    assert listed("negative") == {keys[1]}
    assert listed("any") == {keys[0], keys[1], keys[2]}
    assert listed("none") == {keys[3]}
    assert listed("few") == {unanswered.key}


@pytest.mark.parametrize("questions, attempts", [(6, 3), (75, 40)], ids=["small bank", "large bank"])
def test_the_changelist_runs_a_fixed_number_of_queries(
    trainer_client, make_quiz, django_assert_max_num_queries, questions, attempts
):
    # Two quizzes sharing nothing; the large bank spans two pages of the list.
    half = questions // 2
    _responses(make_quiz(half), [[i % 2] * half for i in range(attempts)])
    _responses(make_quiz(questions - half), [[(i + 1) % 2] * (questions - half) for i in range(attempts)])
    assert QuestionStatistics.objects.count() == questions
    with django_assert_max_num_queries(11):  # the run row and a count, then admin's own reads
        page = trainer_client.get(CHANGELIST, {"flag": "any", "o": "-5"}).content.decode()
    assert f"from {2 * attempts} submitted attempts" in page
