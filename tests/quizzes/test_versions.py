"""Editing a question never rewrites what past attempts showed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import bank, services
from quizzes.models import Choice, Question, QuestionVersion


def test_editing_an_answered_question_keeps_the_old_attempts_review(client, casey, olu, make_quiz):
    quiz = make_quiz(2)
    old = services.attempt_start(user=casey, quiz=quiz)
    slot = old.slots.get(position=1)
    services.answer_save(
        attempt_id=old.pk, user=casey, position=1, choice_id=slot.choice_order[0], sequence=0
    )
    services.attempt_submit(attempt=old)
    question = slot.question
    original_stem = question.stem

    question.stem = "A rewritten stem after a trainer's edit?"
    question.save()
    Choice.objects.filter(question=question, position=0).update(text="A reworded right answer")

    new = services.attempt_start(user=olu, quiz=quiz)
    new_slot = new.slots.get(position=1)
    assert new_slot.version.number == 2
    assert new_slot.version.stem == "A rewritten stem after a trainer's edit?"
    assert old.slots.get(position=1).version.number == 1

    client.force_login(casey)
    review = client.get(reverse("study:review", args=[old.pk])).content.decode()
    assert original_stem in review
    assert "A rewritten stem" not in review
    assert "A reworded right answer" not in review
    old.refresh_from_db()
    assert old.correct_count == 1


def test_an_unchanged_question_reuses_its_version(casey, olu, make_quiz):
    quiz = make_quiz(3)
    services.attempt_start(user=casey, quiz=quiz)
    services.attempt_start(user=olu, quiz=quiz)
    assert QuestionVersion.objects.count() == 3
    assert set(QuestionVersion.objects.values_list("number", flat=True)) == {1}


# --- versions are frozen when a question is published or changed, not at every start ------------------------


def test_publishing_freezes_a_version_that_the_next_attempts_show(casey, olu, make_quiz):
    quiz = make_quiz(3)
    questions = [item.question for item in quiz.items.order_by("position")]
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(status="draft")
    bank.questions_set_status(questions=questions, status="published")
    frozen = dict(QuestionVersion.objects.values_list("question_id", "pk"))
    assert sorted(frozen) == sorted(q.pk for q in questions)  # before anyone starts
    assert dict(Question.objects.values_list("pk", "current_version_id")) == frozen

    for person in (casey, olu):
        attempt = services.attempt_start(user=person, quiz=quiz)
        assert {s.question_id: s.version_id for s in attempt.slots.all()} == frozen
    assert QuestionVersion.objects.count() == 3


def test_a_trainers_edit_in_admin_freezes_version_2_at_once(client, tess, casey, make_quiz):
    quiz = make_quiz(1)
    question = quiz.items.get().question
    services.attempt_start(user=casey, quiz=quiz)  # freezes version 1 (the factory wrote no version)
    choices = list(question.choices.order_by("position"))
    data = {
        "key": question.key, "status": "published", "title": question.title,
        "competency": question.competency_id, "difficulty": question.difficulty, "kind": "single",
        "scenario": question.scenario, "stem": "Which reply keeps the choice with the person?",
        "explanation": question.explanation,
        "choices-TOTAL_FORMS": "4", "choices-INITIAL_FORMS": "4",
        "choices-MIN_NUM_FORMS": "2", "choices-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, choice in enumerate(choices):
        data |= {f"choices-{i}-id": choice.pk, f"choices-{i}-question": question.pk,
                 f"choices-{i}-position": i, f"choices-{i}-text": choice.text, f"choices-{i}-weight": "",
                 f"choices-{i}-feedback": choice.feedback,
                 f"choices-{i}-concept": choice.concept_id or ""}  # fmt: skip
        if choice.is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    client.force_login(tess)
    response = client.post(reverse("admin:quizzes_question_change", args=[question.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    latest = QuestionVersion.objects.filter(question=question).order_by("-number").first()
    assert (latest.number, latest.stem) == (2, "Which reply keeps the choice with the person?")
    assert Question.objects.get(pk=question.pk).current_version_id == latest.pk
    assert latest.choices.count() == 4


def test_saving_a_choice_unfreezes_its_question_until_the_next_start(casey, olu, make_quiz):
    quiz = make_quiz(1)
    question = quiz.items.get().question
    first = services.attempt_start(user=casey, quiz=quiz).slots.get().version
    choice = question.choices.get(position=2)
    choice.text = "A reworded third option"
    choice.save()
    assert Question.objects.get(pk=question.pk).current_version_id is None

    second = services.attempt_start(user=olu, quiz=quiz).slots.get().version
    assert second.number == first.number + 1
    assert "A reworded third option" in second.choices.values_list("text", flat=True)
    assert Question.objects.get(pk=question.pk).current_version_id == second.pk


def test_starting_an_attempt_on_frozen_questions_costs_the_same_for_10_and_40_questions(
    casey, make_quiz, django_assert_max_num_queries
):
    counts = []
    for n in (10, 40):
        quiz = make_quiz(n, mode="exam", time_limit_minutes=60)
        bank.questions_set_status(questions=[i.question for i in quiz.items.all()], status="published")
        with CaptureQueriesContext(connection) as ctx:
            attempt = services.attempt_start(user=casey, quiz=quiz)
        counts.append(len(ctx.captured_queries))
        assert attempt.slots.count() == n
        # No question row is locked or hashed at start: only the pointers are read.
        assert not any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
    assert counts[0] == counts[1], counts
    quiz = make_quiz(20, mode="exam", time_limit_minutes=60)
    bank.questions_set_status(questions=[i.question for i in quiz.items.all()], status="published")
    with django_assert_max_num_queries(12):  # three of them are savepoints
        services.attempt_start(user=casey, quiz=quiz)
