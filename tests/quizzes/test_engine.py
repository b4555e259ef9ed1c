"""The quiz engine: time, attempts, availability, blueprints, shuffles, flags, autosave, review options."""

import random
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import Accommodation, Attempt, AttemptSlot, Question, QuizRule
from tests.quizzes.factories import QuestionFactory, QuizFactory


def _slot(attempt, position=1) -> AttemptSlot:
    return AttemptSlot.objects.get(attempt=attempt, position=position)


def _save(attempt, position=1, index=0, sequence=None):
    slot = _slot(attempt, position)
    return services.answer_save(
        attempt_id=attempt.pk,
        user=attempt.user,
        position=position,
        choice_id=slot.choice_order[index],
        sequence=slot.sequence if sequence is None else sequence,
    )


def _age(attempt, minutes):
    """Move an attempt's clock back, as if it had started `minutes` earlier."""
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - timedelta(minutes=minutes),
        deadline=attempt.deadline - timedelta(minutes=minutes),
    )
    attempt.refresh_from_db()


# --- time -------------------------------------------------------------------------------------------


def test_the_deadline_is_set_by_the_server_at_the_start(casey, make_quiz):
    before = timezone.now()
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam", time_limit_minutes=30))
    assert before + timedelta(minutes=30) <= attempt.deadline <= timezone.now() + timedelta(minutes=30)


def test_extra_time_stretches_the_deadline(casey, make_quiz):
    Accommodation.objects.create(user=casey, extra_time_percent=50)
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam", time_limit_minutes=40))
    assert attempt.deadline - attempt.started_at == timedelta(minutes=60)


def test_the_deadline_never_passes_the_quiz_closing_time(casey, make_quiz):
    closes = timezone.now() + timedelta(minutes=10)
    attempt = services.attempt_start(
        user=casey, quiz=make_quiz(3, mode="exam", time_limit_minutes=60, closes_at=closes)
    )
    assert attempt.deadline == closes


def test_an_answer_within_the_grace_period_is_accepted(casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam", time_limit_minutes=10))
    _age(attempt, 10.5)  # 30 s past the deadline, inside the default 60 s grace
    assert _save(attempt) == 1


def test_an_answer_after_deadline_and_grace_is_refused_and_the_attempt_closes_with_what_was_saved(
    client, casey, make_quiz
):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam", time_limit_minutes=10))
    _save(attempt, 1, 0)
    _age(attempt, 12)
    with pytest.raises(services.TimeUp):
        _save(attempt, 2, 0)
    assert _slot(attempt, 2).selected_id is None

    client.force_login(casey)
    response = client.post(
        reverse("quizzes:attempt_answer_save", args=[attempt.pk, 2]),
        {"choice": _slot(attempt, 2).choice_order[0], "sequence": 0},
    )
    assert response.status_code == 410
    assert "Time is up" in response.json()["message"]
    # The late autosave itself submitted it, with the one saved answer; the page goes to the result.
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct_count) == ("submitted", 1)
    page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 2]))
    assert page.url == reverse("quizzes:attempt_result", args=[attempt.pk])


def test_close_overdue_attempts_submits_only_the_overdue_ones(casey, olu, make_quiz):
    timed = make_quiz(2, mode="exam", time_limit_minutes=5)
    overdue = services.attempt_start(user=casey, quiz=timed)
    _save(overdue, 1, 0)
    _age(overdue, 7)
    running = services.attempt_start(user=olu, quiz=timed)
    untimed = services.attempt_start(user=casey, quiz=make_quiz(2))
    call_command("close_overdue_attempts", verbosity=0)
    statuses = dict(Attempt.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "submitted", running.pk: "in_progress", untimed.pk: "in_progress"}
    overdue.refresh_from_db()
    assert overdue.correct_count == 1


# --- attempts and availability -----------------------------------------------------------------------


def test_attempts_allowed_is_enforced(casey, make_quiz):
    quiz = make_quiz(2, attempts_allowed=1)
    services.attempt_submit(attempt=services.attempt_start(user=casey, quiz=quiz))
    with pytest.raises(services.NoAttemptsLeft) as refused:
        services.attempt_start(user=casey, quiz=quiz)
    assert refused.value.status == 403
    assert Attempt.objects.count() == 1


def test_a_quiz_not_yet_open_or_already_closed_refuses_to_start(client, casey, make_quiz):
    now = timezone.now()
    later = make_quiz(2, opens_at=now + timedelta(days=1))
    over = make_quiz(2, opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    client.force_login(casey)
    response = client.post(reverse("quizzes:attempt_start", args=[later.slug]))
    assert response.status_code == 403 and "This quiz opens on" in response.content.decode()
    response = client.post(reverse("quizzes:attempt_start", args=[over.slug]))
    assert response.status_code == 403 and "has closed" in response.content.decode()
    assert not Attempt.objects.exists()


def test_starting_twice_resumes_the_same_attempt(casey, make_quiz):
    quiz = make_quiz(2)
    assert services.attempt_start(user=casey, quiz=quiz) == services.attempt_start(user=casey, quiz=quiz)
    assert Attempt.objects.count() == 1


# --- composition -------------------------------------------------------------------------------------


def test_blueprint_rules_draw_from_the_right_pool_and_prefer_unseen_questions(casey, taxonomy):
    peer = taxonomy["peer-support"]
    plain = [QuestionFactory(competency=peer) for _ in range(4)]
    contrast = [QuestionFactory(competency=peer, contrast=True) for _ in range(3)]
    QuestionFactory(competency=taxonomy["change-agent"])
    QuestionFactory(competency=peer, status=Question.Status.DRAFT)
    quiz = QuizFactory()
    QuizRule.objects.create(quiz=quiz, count=2, competency=peer, pool=QuizRule.Pool.PLAIN)
    QuizRule.objects.create(quiz=quiz, count=1, pool=QuizRule.Pool.CONTRAST)

    first = services.attempt_start(user=casey, quiz=quiz, rng=random.Random(1))
    drawn = list(first.slots.values_list("question_id", flat=True))
    assert len(drawn) == 3
    assert set(drawn[:2]) <= {q.pk for q in plain} and drawn[2] in {q.pk for q in contrast}
    services.attempt_submit(attempt=first)

    second = services.attempt_start(user=casey, quiz=quiz, rng=random.Random(1))
    again = list(second.slots.values_list("question_id", flat=True))
    assert not set(again[:2]) & set(drawn[:2]), "the two unseen plain questions come first"
    assert again[2] != drawn[2]


def test_shuffled_order_is_stored_and_shown_the_same_way_on_resume(client, casey, make_quiz):
    quiz = make_quiz(8, shuffle_questions=True, shuffle_choices=True)
    attempt = services.attempt_start(user=casey, quiz=quiz, rng=random.Random(7))
    fixed = list(quiz.items.order_by("position").values_list("question_id", flat=True))
    shown = list(attempt.slots.order_by("position").values_list("question_id", flat=True))
    assert sorted(shown) == sorted(fixed) and shown != fixed
    slot = _slot(attempt)
    authored = list(slot.version.choices.order_by("position").values_list("pk", flat=True))
    orders = [s.choice_order for s in attempt.slots.all()]
    assert any(order != sorted(order) for order in orders)
    client.force_login(casey)
    for _ in range(2):
        page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1])).content.decode()
        positions = [page.index(f'id="choice-{pk}"') for pk in slot.choice_order]
        assert positions == sorted(positions)
    assert sorted(slot.choice_order) == sorted(authored)


# --- autosave, flags, summary ------------------------------------------------------------------------


def test_autosave_returns_the_new_sequence_and_a_stale_one_gets_409(client, casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1])
    first, second = _slot(attempt).choice_order[:2]
    response = client.post(url, {"choice": first, "sequence": 0})
    assert response.json() == {"saved": True, "sequence": 1}
    stale = client.post(url, {"choice": second, "sequence": 0})
    assert stale.status_code == 409
    assert "another tab" in stale.json()["message"]
    assert _slot(attempt).selected_id == first


def test_autosave_runs_at_most_6_queries(client, casey, make_quiz, django_assert_max_num_queries):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(10, mode="exam"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_answer_save", args=[attempt.pk, 3])
    choice = _slot(attempt, 3).choice_order[1]
    with django_assert_max_num_queries(6):
        response = client.post(url, {"choice": choice, "sequence": 0})
    assert response.json()["saved"] is True


def test_autosave_refuses_foreign_attempts_and_choices_of_other_questions(client, casey, olu, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(2, mode="exam"))
    url = reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1])
    client.force_login(olu)
    assert client.post(url, {"choice": _slot(attempt).choice_order[0], "sequence": 0}).status_code == 404
    client.force_login(casey)
    assert client.post(url, {"choice": _slot(attempt, 2).choice_order[0], "sequence": 0}).status_code == 400
    assert client.post(url, {"choice": "x", "sequence": "-1"}).status_code == 400
    assert _slot(attempt).selected_id is None


def test_flags_show_on_the_summary_page(client, casey, make_quiz):
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam"))
    client.force_login(casey)
    client.post(reverse("quizzes:attempt_flag", args=[attempt.pk, 2]), {"flagged": "1"})
    assert _slot(attempt, 2).flagged
    summary = client.get(reverse("quizzes:attempt_summary", args=[attempt.pk])).content.decode()
    assert "1 flagged" in summary and "Not answered</strong> · Flagged" in summary
    client.post(reverse("quizzes:attempt_flag", args=[attempt.pk, 2]), {"flagged": "0"})
    assert not _slot(attempt, 2).flagged


def test_flag_without_script_keeps_the_unchecked_practice_choice(client, casey, olu, make_quiz):
    """The flag button posts the question form: the choice made but not checked comes back, unsaved."""
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3))
    slot = _slot(attempt)
    chosen, other = slot.choice_order[1], slot.choice_order[2]
    url = reverse("quizzes:attempt_flag", args=[attempt.pk, 1])
    client.force_login(casey)
    response = client.post(url, {"flagged": "1", "choice": chosen, "sequence": slot.sequence})
    page_url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    assert response.status_code == 302 and response["Location"] == f"{page_url}?picked={chosen}"
    slot.refresh_from_db()
    assert slot.flagged and slot.selected_id is None  # flagged; the practice answer is not checked yet
    page = client.get(response["Location"]).content.decode()
    assert f'value="{chosen}" data-key="2" checked' in page
    assert f'value="{other}" data-key="3">' in page
    assert "Check my answer" in page and 'id="verdict"' not in page and "Remove flag" in page
    # A choice of another question, or junk, is ignored: nothing is shown as chosen.
    foreign = _slot(attempt, 2).choice_order[0]
    for picked in (str(foreign), "x", f"{chosen}&picked={other}"):
        page = client.get(f"{page_url}?picked={picked}").content.decode()
        assert " checked>" not in page
    # Someone else's attempt: 404, and nothing changes.
    client.force_login(olu)
    assert client.post(url, {"flagged": "0", "choice": chosen, "sequence": 0}).status_code == 404
    assert _slot(attempt).flagged


def test_previous_comes_first_but_enter_still_does_the_main_action(client, casey, make_quiz):
    """D20: Previous is left of (and before, in tab order) Save and next; the default button is unchanged."""
    attempt = services.attempt_start(user=casey, quiz=make_quiz(3, mode="exam"))
    client.force_login(casey)
    page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 2])).content.decode()
    buttons = re.findall(r'<button type="submit" name="go" value="(\w+)"', page)
    assert buttons == ["next", "prev", "next", "summary"]
    assert page.index(">Previous<") < page.index(">Save and next<")


# --- review options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review_answers", "closes_in_days", "visible"),
    [
        ("immediately", None, True),
        ("after_close", 1, False),
        ("after_close", -1, True),
        ("never", None, False),
    ],
)
def test_review_options_decide_when_right_answers_show(
    client, casey, make_quiz, review_answers, closes_in_days, visible
):
    now = timezone.now()
    quiz = make_quiz(2, mode="exam", review_answers=review_answers)
    attempt = services.attempt_start(user=casey, quiz=quiz)
    _save(attempt, 1, 1)
    services.attempt_submit(attempt=attempt)
    if closes_in_days is not None:
        quiz.opens_at = now - timedelta(days=5)
        quiz.closes_at = now + timedelta(days=closes_in_days)
        quiz.save()
    client.force_login(casey)
    review = client.get(reverse("study:review", args=[attempt.pk])).content.decode()
    explanation = _slot(attempt).version.explanation
    assert (">Right answer<" in review) is visible
    assert (explanation in review) is visible
    assert "Your answer" in review
