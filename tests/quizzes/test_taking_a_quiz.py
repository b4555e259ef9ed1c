"""A candidate takes a quiz from start to result, through the views."""

import re

import pytest
from django.urls import reverse

from quizzes.models import Attempt, AttemptSlot, CompetencyScore


def _start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:attempt_start", args=[quiz.slug]))
    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    return attempt


def _answer(client, attempt, position, choice_index, go="next"):
    """Answer by the choice's place in the authored order (0 = the correct one in make_quiz)."""
    slot = AttemptSlot.objects.get(attempt=attempt, position=position)
    choice = slot.version.choices.get(position=choice_index)
    return client.post(
        reverse("quizzes:attempt_question", args=[attempt.pk, position]),
        {"choice": choice.pk, "sequence": slot.sequence, "go": go},
    )


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(6, title="Core competencies warm-up", pass_mark=50)


def test_home_lists_published_quizzes_only(client, quiz, make_quiz):
    make_quiz(3, title="Hidden draft quiz", is_published=False)
    page = client.get(reverse("quizzes:home")).content.decode()
    assert "Core competencies warm-up" in page
    assert "6 questions" in page
    assert "Hidden draft quiz" not in page


def test_quiz_page_asks_anonymous_visitors_to_sign_up(client, quiz):
    page = client.get(reverse("quizzes:quiz_detail", args=[quiz.slug])).content.decode()
    assert "Create a free account" in page
    assert "Start the quiz" not in page


@pytest.mark.parametrize(
    ("review_answers", "promise"),
    [
        ("immediately", "the right answers and an explanation for every question"),
        ("after_close", "The right answers and explanations are shown after the quiz closes on "),
        ("never", "This quiz does not show the right answers or explanations."),
    ],
)
def test_quiz_page_promises_only_what_its_review_option_shows(client, make_quiz, review_answers, promise):
    from datetime import timedelta

    from django.utils import timezone

    quiz = make_quiz(2, review_answers=review_answers, closes_at=timezone.now() + timedelta(days=2))
    page = client.get(reverse("quizzes:quiz_detail", args=[quiz.slug])).content.decode()
    assert promise in page
    if review_answers != "immediately":
        assert "an explanation for every question" not in page


def test_it_starts_an_attempt_with_one_slot_per_question_in_order(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    slots = list(attempt.slots.order_by("position"))
    assert [s.question_id for s in slots] == list(
        quiz.items.order_by("position").values_list("question", flat=True)
    )
    assert all(len(s.choice_order) == 4 for s in slots)
    page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1])).content.decode()
    assert "Question 1 of 6" in page
    assert slots[0].version.scenario in page
    assert "0 of 6 answered" in page


def test_starting_again_resumes_the_open_attempt(client, casey, quiz):
    client.force_login(casey)
    first = _start(client, quiz)
    response = client.post(reverse("quizzes:attempt_start", args=[quiz.slug]), follow=True)
    assert Attempt.objects.count() == 1
    assert response.redirect_chain[0][0] == reverse("quizzes:attempt_question", args=[first.pk, 1])
    assert "has been resumed" in response.content.decode()


def test_an_answer_is_saved_and_shown_checked_when_coming_back(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    response = _answer(client, attempt, 1, 2)
    assert response.url == reverse("quizzes:attempt_question", args=[attempt.pk, 2])
    slot = AttemptSlot.objects.get(attempt=attempt, position=1)
    assert slot.selected.position == 2
    assert slot.sequence == 1
    page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1])).content.decode()
    assert re.search(rf'value="{slot.selected_id}"[^>]* checked>', page)
    assert "1 of 6 answered" in page


def test_full_path_scores_per_competency_and_names_confusions(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    # Questions 1-3 right; 4 and 5 choose community engagement; 6 left unanswered.
    for position in (1, 2, 3):
        _answer(client, attempt, position, 0)
    for position in (4, 5):
        _answer(client, attempt, position, 1)
    summary = client.get(reverse("quizzes:attempt_summary", args=[attempt.pk])).content.decode()
    assert "1 question not answered yet" in summary

    response = client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    assert response.url == reverse("quizzes:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct_count, attempt.question_count) == ("submitted", 3, 6)
    assert attempt.passed is True  # 50 % at a pass mark of 50

    page = client.get(response.url).content.decode()
    assert "3 of 6 right (50%)" in page
    assert "Passed" in page
    # make_quiz cycles peer support, in but not of, change agent: each asked twice; 1, 2, 3 right.
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d+ of \d+)</td>', page)
    assert rows == [
        ("Peer support", "1 of 2"),
        ("In but not of the system", "1 of 2"),
        ("Change agent", "1 of 2"),
    ]
    assert "In 2 questions you chose community engagement as if it were" in page
    assert "not one of the three designated core competencies" in page  # its why_not_core
    scores = {
        s.competency.slug: (s.correct, s.asked) for s in CompetencyScore.objects.filter(attempt=attempt)
    }
    assert scores == {"peer-support": (1, 2), "in-but-not-of-the-system": (1, 2), "change-agent": (1, 2)}


def test_review_shows_chosen_and_right_answers_feedback_and_explanation(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    _answer(client, attempt, 1, 1)
    client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    page = client.get(reverse("study:review", args=[attempt.pk])).content.decode()
    first = AttemptSlot.objects.get(attempt=attempt, position=1)
    assert page.count("Your answer") == 1
    assert page.count("Right answer") == 6
    assert "This misses the peer role." in page and "This is the best answer." in page
    assert first.version.explanation in page
    assert "Stands for: community engagement." in page
    assert page.count("Not answered") == 5


def test_submitting_twice_gives_one_result(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    _answer(client, attempt, 1, 0)
    first = client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    second = client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    assert first.url == second.url
    assert CompetencyScore.objects.filter(attempt=attempt).count() == 3
    attempt.refresh_from_db()
    assert attempt.correct_count == 1


def test_a_submitted_attempt_redirects_its_question_pages_to_the_result(client, casey, quiz):
    client.force_login(casey)
    attempt = _start(client, quiz)
    client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    response = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1]))
    assert response.url == reverse("quizzes:attempt_result", args=[attempt.pk])
