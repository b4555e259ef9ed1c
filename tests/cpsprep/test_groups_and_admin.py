from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from quizzes import services
from quizzes.models import Question


def test_groups_exist_with_the_right_permissions(db):
    trainers = set(Group.objects.get(name="Trainers").permissions.values_list("codename", flat=True))
    instructors = set(Group.objects.get(name="Instructors").permissions.values_list("codename", flat=True))
    assert {
        "change_question",
        "add_choice",
        "change_quiz",
        "change_competency",
        "view_questionversion",
    } <= trainers
    assert "change_questionversion" not in trainers
    assert "view_question" in instructors and "change_question" not in instructors
    assert not Group.objects.get(name="Candidates").permissions.exists()


def test_a_trainer_edits_a_question_with_its_choices_in_admin(client, tess, make_quiz):
    question = make_quiz(1).items.get().question
    client.force_login(tess)
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    page = client.get(url).content.decode()
    assert question.scenario in page and "Option A for" in page
    choices = list(question.choices.order_by("position"))
    data = {
        "key": question.key,
        "status": "published",
        "title": question.title,
        "competency": question.competency_id,
        "difficulty": "hard",
        "scenario": question.scenario,
        "stem": "What is the most helpful first step?",
        "explanation": question.explanation,
        "choices-TOTAL_FORMS": "4",
        "choices-INITIAL_FORMS": "4",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(choices):
        data.update(
            {
                f"choices-{i}-id": c.pk,
                f"choices-{i}-question": question.pk,
                f"choices-{i}-position": c.position,
                f"choices-{i}-text": c.text,
                f"choices-{i}-feedback": c.feedback,
                f"choices-{i}-concept": c.concept_id or "",
            }
        )
        if c.is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert (question.stem, question.difficulty) == ("What is the most helpful first step?", "hard")


def test_a_candidate_cannot_open_admin(client, casey):
    client.force_login(casey)
    response = client.get(reverse("admin:quizzes_question_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_demo_accounts_are_created_in_development_mode(db, settings):
    settings.DEV_MODE = True
    call_command("create_demo_users", verbosity=0)
    trainer = Group.objects.get(name="Trainers").user_set.get()
    assert trainer.username == "trainer" and trainer.is_staff
    assert trainer.has_perm("quizzes.change_question")
    assert Question.objects.count() == 0


def test_deleting_a_question_that_was_shown_retires_it_instead(client, tess, casey, make_quiz):
    shown = make_quiz(1).items.get().question
    attempt = services.attempt_start(user=casey, quiz=shown.quiz_items.get().quiz)
    unseen = make_quiz(1).items.get().question
    client.force_login(tess)
    response = client.post(
        reverse("admin:quizzes_question_changelist"),
        {"action": "delete_selected", "_selected_action": [shown.pk, unseen.pk], "post": "yes"},
        follow=True,
    )
    assert "retired instead of deleted" in response.content.decode()
    shown.refresh_from_db()
    assert shown.status == Question.Status.RETIRED
    assert not Question.objects.filter(pk=unseen.pk).exists()
    assert attempt.slots.get().version.question_id == shown.pk
