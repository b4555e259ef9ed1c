"""Multiple-response questions served end to end: saving the ticked set, marking it all or nothing, the
question page, practice feedback, the result, the review and the admin preview."""

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from quizzes import bank, services
from quizzes.models import Attempt, AttemptSlot, Choice, CompetencyScore, Question, QuizItem
from study import selectors as study_selectors
from study import services as study_services
from study.models import ReviewCard
from tests.quizzes.factories import QuestionFactory, QuizFactory

MOODLE_GIFT = Path(__file__).parent / "files" / "moodle_peer_support.gift"

# Authored order of the multiple-response question: two right halves, a trap that costs the whole mark
# (and stands for community engagement), and a plain wrong one that weighs nothing (clinical treatment).
MR_CHOICES = [
    ("Ask Dana what she wants from the meeting", Decimal(50), "peer-support"),
    ("Share a short piece of your own recovery story", Decimal(50), "peer-support"),
    ("Sign Dana up for the town volunteer fair", Decimal(-100), "community-engagement"),
    ("Check whether Dana took her medication", Decimal(0), "clinical-treatment"),
]


def make_mr_question(taxonomy, key="mr-1") -> Question:
    question = QuestionFactory(
        key=key,
        kind="multiple",
        competency=taxonomy["peer-support"],
        stem="Which of these are peer support?",
        choices=[],
    )
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=i,
            text=text,
            weight=weight,
            is_correct=weight > 0,
            feedback=f"Feedback on {text.lower()}.",
            concept=taxonomy[concept],
        )
        for i, (text, weight, concept) in enumerate(MR_CHOICES)
    )
    return question


@pytest.fixture
def mr_quiz(taxonomy):
    """A quiz of two questions: the multiple-response one first, then a single-answer one whose B stands for
    community engagement."""

    def build(**quiz_kwargs):
        agent, community = taxonomy["change-agent"], taxonomy["community-engagement"]
        single = QuestionFactory(competency=agent, choices=[(True, agent), (False, community), (False, None)])
        return QuizFactory(questions=[make_mr_question(taxonomy), single], **quiz_kwargs)

    return build


def _slot(attempt, position=1) -> AttemptSlot:
    return AttemptSlot.objects.select_related("version").get(attempt=attempt, position=position)


def _ids(attempt, *authored, position=1) -> list[int]:
    """VersionChoice ids of the slot by authored position (0 = A as written)."""
    by_position = dict(_slot(attempt, position).version.choices.values_list("position", "pk"))
    return [by_position[i] for i in authored]


def _tick(attempt, *authored, sequence=None) -> int:
    slot = _slot(attempt)
    return services.answers_save_many(
        attempt_id=attempt.pk,
        user=attempt.user,
        position=1,
        choice_ids=_ids(attempt, *authored),
        sequence=slot.sequence if sequence is None else sequence,
    )


def _ticked(attempt) -> set[int]:
    return set(_slot(attempt).selections.values_list("pk", flat=True))


# --- saving the set --------------------------------------------------------------------------------------


def test_the_whole_ticked_set_is_saved_and_replaced_and_can_be_cleared(casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    assert _tick(attempt, 0, 2) == 1
    assert _ticked(attempt) == set(_ids(attempt, 0, 2))
    slot = _slot(attempt)
    assert slot.selected_id is None and slot.answered_at is not None
    assert _tick(attempt, 0, 1) == 2
    assert _ticked(attempt) == set(_ids(attempt, 0, 1))
    assert _tick(attempt) == 3  # every box cleared: unanswered again
    assert _ticked(attempt) == set() and _slot(attempt).answered_at is None


def test_a_stale_set_is_refused_and_the_newer_one_stays(casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(attempt, 0, 1)
    with pytest.raises(services.StaleAnswer):
        _tick(attempt, 2, sequence=0)
    assert _ticked(attempt) == set(_ids(attempt, 0, 1))
    assert _slot(attempt).sequence == 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("other-slot", "does not belong to this question"),
        ("unknown", "does not belong to this question"),
        ("twice", "sent twice"),
    ],
)
def test_foreign_unknown_or_repeated_ids_are_refused_and_nothing_is_written(casey, mr_quiz, bad, message):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(attempt, 0)
    mine = _ids(attempt, 1)[0]
    ids = {
        "other-slot": [mine, _slot(attempt, 2).choice_order[0]],
        "unknown": [mine, 999_999],
        "twice": [mine, mine],
    }[bad]
    with pytest.raises(services.InvalidChoice, match=message):
        services.answers_save_many(attempt_id=attempt.pk, user=casey, position=1, choice_ids=ids, sequence=1)
    assert _ticked(attempt) == set(_ids(attempt, 0))
    assert _slot(attempt).sequence == 1


def test_each_kind_of_question_takes_only_its_own_kind_of_answer(casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    with pytest.raises(services.InvalidChoice, match="all the answers that apply"):
        services.answer_save(
            attempt_id=attempt.pk, user=casey, position=1, choice_id=_ids(attempt, 0)[0], sequence=0
        )
    with pytest.raises(services.InvalidChoice, match="takes one answer"):
        services.answers_save_many(
            attempt_id=attempt.pk,
            user=casey,
            position=2,
            choice_ids=_slot(attempt, 2).choice_order[:2],
            sequence=0,
        )
    assert _slot(attempt).selected_id is None and _slot(attempt, 2).selected_id is None
    assert _ticked(attempt) == set()


def test_closed_or_foreign_attempts_and_missing_questions_are_refused(casey, olu, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    ids = _ids(attempt, 0, 1)
    with pytest.raises(services.AttemptNotFound):
        services.answers_save_many(attempt_id=attempt.pk, user=olu, position=1, choice_ids=ids, sequence=0)
    with pytest.raises(services.NoSuchQuestion):
        services.answers_save_many(attempt_id=attempt.pk, user=casey, position=9, choice_ids=ids, sequence=0)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(services.AttemptClosed) as closed:
        services.answers_save_many(attempt_id=attempt.pk, user=casey, position=1, choice_ids=ids, sequence=0)
    assert closed.value.status == 410
    assert _ticked(attempt) == set()


def test_in_practice_the_set_is_final_once_checked_and_an_empty_check_is_refused(casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="practice"))
    with pytest.raises(services.InvalidChoice, match="Tick at least one"):
        _tick(attempt)
    _tick(attempt, 0)
    with pytest.raises(services.AnswerLocked):
        _tick(attempt, 0, 1)
    assert _ticked(attempt) == set(_ids(attempt, 0))


# --- marking ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticked", "right"),
    [
        ((0, 1), True),  # every right choice and nothing else
        ((0,), False),  # a right choice missed
        ((0, 1, 2), False),  # the -100 trap
        ((0, 1, 3), False),  # a wrong choice that weighs 0 is still wrong
        ((), False),  # nothing ticked
    ],
)
def test_submission_marks_a_multiple_response_slot_all_or_nothing(casey, mr_quiz, ticked, right):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    if ticked:
        _tick(attempt, *ticked)
    done = services.attempt_submit(attempt=attempt)
    assert _slot(attempt).is_correct is right
    assert done.correct_count == int(right)
    score = CompetencyScore.objects.get(attempt=attempt, competency__slug="peer-support")
    assert (score.correct, score.asked) == (int(right), 1)


def test_each_distractor_ticked_counts_once_on_the_result_page(client, casey, mr_quiz, taxonomy):
    quiz = mr_quiz(mode="exam")
    attempt = services.attempt_start(user=casey, quiz=quiz)
    _tick(attempt, 0, 2, 3)  # community engagement and clinical treatment, both wrong
    single = _slot(attempt, 2)
    wrong_community = single.version.choices.get(position=1).pk
    services.answer_save(attempt_id=attempt.pk, user=casey, position=2, choice_id=wrong_community, sequence=0)
    services.attempt_submit(attempt=attempt)
    client.force_login(casey)
    page = client.get(reverse("quizzes:attempt_result", args=[attempt.pk])).content.decode()
    assert "0 of 2 right (0%)" in page
    # Community engagement: once for the ticked trap, once for the single answer; clinical treatment once.
    assert "In 2 questions you chose community engagement as if it were peer support or change agent." in page
    assert "In 1 question you chose clinical treatment as if it were peer support." in page
    assert escape(taxonomy["community-engagement"].why_not_core) in page
    confusions = study_selectors.confusion_counts(user=casey, since=attempt.started_at, now=timezone.now())
    assert [(slug, n) for slug, _, n in confusions] == [
        ("community-engagement", 2),
        ("clinical-treatment", 1),
    ]


def test_a_wrong_multiple_response_answer_enters_the_review_queue_and_a_right_one_does_not(
    casey, mr_quiz, taxonomy
):
    wrong = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(wrong, 0, 2)
    services.attempt_submit(attempt=wrong)
    study_services.reviews_sync(user=casey)
    assert ReviewCard.objects.filter(user=casey, question__key="mr-1", lapses=1).exists()

    other = QuizFactory(questions=[make_mr_question(taxonomy, key="mr-2")], mode="exam")
    right = services.attempt_start(user=casey, quiz=other)
    _tick(right, 0, 1)
    services.attempt_submit(attempt=right)
    study_services.reviews_sync(user=casey)
    assert not ReviewCard.objects.filter(user=casey, question__key="mr-2").exists()


# --- pages -----------------------------------------------------------------------------------------------


def test_the_page_shows_checkboxes_in_a_fieldset_and_comes_back_ticked(client, casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="choices"') == 4
    assert 'type="radio"' not in page
    assert re.search(
        r"<legend[^>]*>Which of these are peer support\?.*Choose all that apply\.</span></legend>", page
    )
    assert '<input type="hidden" name="multiple" value="1">' in page
    assert "0 of 2 answered" in page

    a, c = _ids(attempt, 0, 2)
    response = client.post(url, {"multiple": "1", "choices": [a, c], "sequence": 0, "go": "stay"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert re.search(rf'id="choice-{a}" value="{a}" data-key="\d" checked', page)
    assert re.search(rf'id="choice-{c}" value="{c}" data-key="\d" checked', page)
    assert page.count(" checked>") == 2
    assert "1 of 2 answered" in page and 'value="1">1 of 2</progress>' in page
    assert ">Saved<" in page

    # Clearing every box without JavaScript makes it unanswered again.
    client.post(url, {"multiple": "1", "sequence": 1, "go": "stay"})
    page = client.get(url).content.decode()
    assert " checked>" not in page and "0 of 2 answered" in page
    assert _ticked(attempt) == set()


def test_a_stale_form_post_warns_and_keeps_the_newer_set(client, casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(attempt, 0, 1)
    client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    page = client.post(
        url, {"multiple": "1", "choices": _ids(attempt, 2), "sequence": 0, "go": "next"}, follow=True
    ).content.decode()
    assert "changed in another tab" in page
    assert _ticked(attempt) == set(_ids(attempt, 0, 1))


def test_autosave_of_a_set_answers_json_and_refuses_bad_input(client, casey, olu, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    url = reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1])
    a, b, c = _ids(attempt, 0, 1, 2)
    client.force_login(olu)
    assert client.post(url, {"multiple": "1", "choices": [a], "sequence": 0}).status_code == 404
    client.force_login(casey)
    assert client.post(url, {"multiple": "1", "choices": [a, b], "sequence": 0}).json() == {
        "saved": True,
        "sequence": 1,
    }
    stale = client.post(url, {"multiple": "1", "choices": [c], "sequence": 0})
    assert stale.status_code == 409 and "another tab" in stale.json()["message"]
    foreign = client.post(
        url, {"multiple": "1", "choices": [a, _slot(attempt, 2).choice_order[0]], "sequence": 1}
    )
    assert foreign.status_code == 400 and "does not belong to this question" in foreign.json()["message"]
    unreadable = client.post(url, {"multiple": "1", "choices": ["x"], "sequence": 1})
    assert unreadable.status_code == 400 and unreadable.json()["message"] == "That answer could not be read."
    assert _ticked(attempt) == {a, b}
    services.attempt_submit(attempt=attempt)
    closed = client.post(url, {"multiple": "1", "choices": [c], "sequence": 1})
    assert closed.status_code == 410
    assert _ticked(attempt) == {a, b}


def test_autosave_of_a_set_runs_at_most_9_queries(client, casey, taxonomy, django_assert_max_num_queries):
    questions = [make_mr_question(taxonomy, key=f"mr-{i}") for i in range(10)]
    attempt = services.attempt_start(user=casey, quiz=QuizFactory(questions=questions, mode="exam"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_answer_save", args=[attempt.pk, 3])
    ids = AttemptSlot.objects.get(attempt=attempt, position=3).choice_order[:3]
    # session, user, lock the attempt, read the slot, conditional update, clear old ticks, insert new ones,
    # and the savepoint pair of the service's transaction.
    with django_assert_max_num_queries(9):
        response = client.post(url, {"multiple": "1", "choices": ids, "sequence": 0})
    assert response.json() == {"saved": True, "sequence": 1}
    assert set(
        AttemptSlot.objects.get(attempt=attempt, position=3).selections.values_list("pk", flat=True)
    ) == set(ids)


def test_the_question_page_of_a_multiple_response_slot_stays_within_budget(
    client, casey, mr_quiz, django_assert_max_num_queries
):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(attempt, 0, 1)
    client.force_login(casey)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1])).content.decode()
    assert page.count(" checked>") == 2


def test_practice_feedback_covers_every_ticked_and_every_right_choice(client, casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="practice"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    a, c = _ids(attempt, 0, 2)
    page = client.post(
        url, {"multiple": "1", "choices": [a, c], "sequence": 0, "go": "stay"}, follow=True
    ).content.decode()
    assert "<fieldset disabled>" in page
    assert "Right answer, and you ticked it.</strong>" in page
    assert "Feedback on ask dana what she wants from the meeting." in page
    assert "Right answer, which you did not tick.</strong>" in page
    assert "Feedback on share a short piece of your own recovery story." in page
    assert "You ticked this, but it is not a right answer.</strong>" in page
    assert "Feedback on sign dana up for the town volunteer fair." in page
    assert "Feedback on check whether dana took her medication." not in page  # neither ticked nor right
    assert "Not quite: a question like this counts as right only when you tick every right answer" in page
    assert "Check my answer" not in page

    # The set is final: posting another one changes nothing and says why.
    page = client.post(
        url, {"multiple": "1", "choices": [a], "sequence": 1, "go": "stay"}, follow=True
    ).content.decode()
    assert "an answer is final once its feedback has been shown" in page
    assert _ticked(attempt) == {a, c}


def test_after_practice_feedback_next_moves_on_and_keeps_the_set(client, casey, mr_quiz):
    """The checked boxes are disabled then, so the browser posts `multiple` without any ticks."""
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="practice"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    a, c = _ids(attempt, 0, 2)
    client.post(url, {"multiple": "1", "choices": [a, c], "sequence": 0, "go": "stay"})
    response = client.post(url, {"multiple": "1", "sequence": 1, "go": "next"})
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:attempt_question", args=[attempt.pk, 2])
    assert _ticked(attempt) == {a, c}


def test_practice_feedback_says_all_right_for_the_exact_set(client, casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="practice"))
    client.force_login(casey)
    url = reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    page = client.post(
        url, {"multiple": "1", "choices": _ids(attempt, 0, 1), "sequence": 0, "go": "stay"}, follow=True
    ).content.decode()
    assert "All right: you ticked every right answer and nothing else." in page
    assert page.count("Right answer, and you ticked it.") == 2
    assert "You ticked this" not in page


def test_the_review_shows_every_ticked_and_every_right_choice_with_feedback(client, casey, mr_quiz):
    attempt = services.attempt_start(user=casey, quiz=mr_quiz(mode="exam"))
    _tick(attempt, 0, 3)
    services.attempt_submit(attempt=attempt)
    client.force_login(casey)
    page = client.get(reverse("study:review", args=[attempt.pk])).content.decode()
    first = page[page.index('id="q1-heading"') : page.index('id="q2-heading"')]
    assert '<span class="badge text-bg-danger">Wrong</span>' in first
    assert "Choose all that apply" in first
    items = re.findall(r'<li class="review-choice[^"]*">(.*?)</li>', first, re.S)
    assert len(items) == 4
    by_text = {text: item for text, *_ in MR_CHOICES for item in items if text in item}
    assert "You ticked this" in by_text[MR_CHOICES[0][0]] and "Right answer" in by_text[MR_CHOICES[0][0]]
    assert "Not ticked" in by_text[MR_CHOICES[1][0]] and "Right answer" in by_text[MR_CHOICES[1][0]]
    assert "You ticked this" in by_text[MR_CHOICES[3][0]] and "Right answer" not in by_text[MR_CHOICES[3][0]]
    assert "You ticked this" not in by_text[MR_CHOICES[2][0]]
    for text, *_ in MR_CHOICES:
        assert f"Feedback on {text.lower()}." in by_text[text]
    # The filter of wrong answers keeps it; the 'Not answered' badge does not show on a ticked slot.
    wrong = client.get(reverse("study:review", args=[attempt.pk]) + "?show=wrong").content.decode()
    assert 'id="q1-heading"' in wrong and "Not answered" not in first


def test_the_admin_preview_shows_checkboxes_like_the_page(client, tess, taxonomy):
    question = make_mr_question(taxonomy)
    client.force_login(tess)
    page = client.get(reverse("admin:quizzes_question_preview", args=[question.pk])).content.decode()
    assert page.count('type="checkbox"') == 8  # as asked, and once answered
    assert 'type="radio"' not in page
    assert page.count("Choose all that apply.") == 2
    assert "Right answer (50 %)." in page and "Not the best answer (-100 %)." in page


# --- publishing ------------------------------------------------------------------------------------------


def test_a_multiple_response_question_publishes_and_is_served(client, tess, casey, taxonomy):
    question = make_mr_question(taxonomy)
    Question.objects.filter(pk=question.pk).update(status="draft")
    client.force_login(tess)
    page = client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "publish", "_selected_action": [question.pk]},
        follow=True,
    ).content.decode()
    assert "cannot be published" not in page
    assert Question.objects.get(pk=question.pk).status == "published"

    quiz = QuizFactory(questions=[], mode="exam")
    QuizItem.objects.create(quiz=quiz, question=question, position=1)
    client.force_login(casey)
    client.post(reverse("quizzes:attempt_start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=casey, quiz=quiz)
    page = client.get(reverse("quizzes:attempt_question", args=[attempt.pk, 1])).content.decode()
    assert page.count('type="checkbox" name="choices"') == 4


def test_a_gift_multiple_response_question_publishes_and_scores_by_its_weights(casey, taxonomy):
    out = StringIO()
    call_command("import_questions", str(MOODLE_GIFT), "--format", "gift", "--skip-unsupported", stdout=out)
    question = Question.objects.get(title="What a peer specialist shares")
    assert (question.kind, question.status) == ("multiple", "draft")  # GIFT comes in as drafts, to preview
    assert bank.questions_set_status(questions=[question], status="published") == (1, [])
    question.refresh_from_db()
    assert question.status == "published"
    quiz = QuizFactory(questions=[question], mode="exam")
    attempt = services.attempt_start(user=casey, quiz=quiz)
    halves = list(_slot(attempt).version.choices.filter(weight=50).values_list("pk", flat=True))
    assert len(halves) == 2
    services.answers_save_many(attempt_id=attempt.pk, user=casey, position=1, choice_ids=halves, sequence=0)
    assert services.attempt_submit(attempt=attempt).correct_count == 1
