"""Editing a question never rewrites what past attempts showed."""

from django.urls import reverse

from quizzes import services
from quizzes.models import Choice, QuestionVersion


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
