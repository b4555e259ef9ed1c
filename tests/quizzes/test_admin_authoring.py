"""Trainers authoring in admin: the rules that keep bad items out, bulk actions, previews, version history."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes import rules, services
from quizzes.models import Question, QuestionVersion
from tests.quizzes.factories import UserFactory

ADD = reverse("admin:quizzes_question_add")


def question_data(competency, choices, **fields) -> dict:
    """A question add/change POST. `choices` = [(text, correct, weight or ""), ...]."""
    data = {
        "key": "ps-new-1",
        "status": "published",
        "title": "First meeting",
        "competency": competency.pk if competency else "",
        "difficulty": "medium",
        "kind": "single",
        "scenario": "Dana meets her peer specialist for the first time after a hospital stay.",
        "stem": "What is the most peer-like first step?",
        "explanation": "Peer support starts from mutuality.",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (text, correct, weight) in enumerate(choices):
        data[f"choices-{i}-position"] = str(i)
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-weight"] = str(weight)
        data[f"choices-{i}-feedback"] = f"Feedback on {text}"
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def post(client, data, url=ADD):
    response = client.post(url, data)
    return response, response.content.decode()


FOUR = [("Share your own story and ask what she wants", True, ""), ("Tell her what to do", False, ""),
        ("Check her medication", False, ""), ("Offer to be friends", False, "")]  # fmt: skip


def test_a_valid_single_answer_question_saves_with_weight_100_on_the_ticked_choice(client, tess, taxonomy):
    client.force_login(tess)
    response, _ = post(client, question_data(taxonomy["peer-support"], FOUR))
    assert response.status_code == 302
    q = Question.objects.get(key="ps-new-1")
    assert [(c.is_correct, c.weight) for c in q.choices.order_by("position")] == [
        (True, 100), (False, 0), (False, 0), (False, 0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        ("single", [("Only one", True, "")], "A question needs at least 2 choices; this one has 1."),
        ("single", [("A", True, ""), ("B", True, ""), ("C", False, "")],
         "A single-answer question needs exactly one correct choice; this one has 2."),
        ("single", [("A", False, ""), ("B", False, "")],
         "A published question needs a correct answer: mark one, or save the question as a draft."),
        ("truefalse", [("True", True, ""), ("False", False, ""), ("Maybe", False, "")],
         "A true/false question needs exactly two choices (True and False); this one has 3."),
        ("multiple", [("A", False, "50"), ("B", False, "40"), ("C", False, "-100")],
         "The positive weights of a multiple-response question must add up to 100 %; these add up to 90 %."),
        ("single", [("Same text", True, ""), ("same  TEXT", False, "")], "Two choices have the same text"),
    ],
)  # fmt: skip
def test_bad_choices_are_refused_with_a_clear_message_and_nothing_is_saved(
    client, tess, taxonomy, kind, choices, message
):
    client.force_login(tess)
    response, page = post(client, question_data(taxonomy["peer-support"], choices, kind=kind))
    assert response.status_code == 200
    assert message in page.replace("&#x27;", "'")
    assert not Question.objects.exists()


def test_a_competency_is_required(client, tess, taxonomy):
    client.force_login(tess)
    _, page = post(client, question_data(None, FOUR))
    assert "Choose the competency this question tests" in page
    assert not Question.objects.exists()


def test_a_draft_may_wait_for_its_correct_answer(client, tess, taxonomy):
    client.force_login(tess)
    choices = [("A", False, ""), ("B", False, "")]
    response, _ = post(client, question_data(taxonomy["peer-support"], choices, status="draft"))
    assert response.status_code == 302 and Question.objects.get().status == "draft"


def test_multiple_response_weights_decide_which_choices_are_correct(client, tess, taxonomy):
    client.force_login(tess)
    choices = [("A", False, "50"), ("B", False, "50"), ("C", True, "-100"), ("D", False, "0")]
    response, _ = post(client, question_data(taxonomy["peer-support"], choices, kind="multiple"))
    assert response.status_code == 302
    q = Question.objects.get()
    assert [(c.is_correct, c.weight) for c in q.choices.order_by("position")] == [
        (True, 50), (True, 50), (False, -100), (False, 0)
    ]  # fmt: skip


def test_a_near_duplicate_is_saved_with_a_warning(client, tess, taxonomy, make_quiz):
    original = make_quiz(1).items.get().question
    client.force_login(tess)
    data = question_data(taxonomy["peer-support"], FOUR, scenario=original.scenario, stem=original.stem)
    response = client.post(ADD, data, follow=True)
    assert Question.objects.filter(key="ps-new-1").exists()
    assert f"This question reads almost the same as {original.key}" in response.content.decode()


def test_publish_refuses_questions_that_cannot_be_served_and_retire_and_duplicate_work(
    client, tess, make_quiz
):
    quiz = make_quiz(2)
    good, bad = (item.question for item in quiz.items.order_by("position"))
    Question.objects.update(status="draft")
    bad.choices.update(is_correct=False, weight=0)
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    response = client.post(url, {"action": "publish", "_selected_action": [good.pk, bad.pk]}, follow=True)
    page = response.content.decode()
    assert "1 question(s) published." in page and f"Not published: {bad.key}" in page
    assert set(Question.objects.values_list("key", "status")) == {(good.key, "published"), (bad.key, "draft")}
    client.post(url, {"action": "retire", "_selected_action": [good.pk]})
    assert Question.objects.get(pk=good.pk).status == "retired"
    client.post(url, {"action": "duplicate", "_selected_action": [good.pk]})
    copy = Question.objects.get(key=f"{good.key}-copy")
    assert copy.status == "draft" and copy.choices.count() == 4 and copy.stem == good.stem


def test_export_action_downloads_the_selected_questions(client, tess, make_quiz):
    question = make_quiz(1).items.get().question
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    response = client.post(url, {"action": "export_gift", "_selected_action": [question.pk]})
    assert response["Content-Disposition"] == 'attachment; filename="questions.gift"'
    text = response.content.decode()
    assert f'"key": "{question.key}"' in text and f"::{question.title}::" in text


def _listed(page: str) -> set[str]:
    """The question keys in the change list's result table."""
    return set(re.findall(r'class="field-key"><a href="[^"]+">([^<]+)</a>', page))


def test_the_problem_report_filter_finds_questions_with_open_any_or_no_reports(
    client, tess, casey, make_quiz
):
    from study.models import ProblemReport

    first, second, third = (item.question for item in make_quiz(3).items.order_by("position"))
    ProblemReport.objects.create(question=first, reporter=casey, message="Two answers look right.")
    ProblemReport.objects.create(question=second, reporter=casey, message="Typo.", status="fixed")
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    assert _listed(client.get(url, {"reports": "open"}).content.decode()) == {first.key}
    assert _listed(client.get(url, {"reports": "any"}).content.decode()) == {first.key, second.key}
    assert _listed(client.get(url, {"reports": "none"}).content.decode()) == {third.key}


def test_the_quiz_filter_and_search_in_scenario_stem_and_choices(client, tess, make_quiz, taxonomy):
    in_quiz = make_quiz(2)
    outside = make_quiz(1).items.get().question
    outside.scenario = "Marcus is told his housing depends on a programme."
    outside.save()
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    page = client.get(url, {"quizzes__id__exact": in_quiz.pk}).content.decode()
    assert _listed(page) == {i.question.key for i in in_quiz.items.all()}
    assert _listed(client.get(url, {"q": "housing depends"}).content.decode()) == {outside.key}
    target = in_quiz.items.first().question
    assert _listed(client.get(url, {"q": f"Option C for {target.key}"}).content.decode()) == {target.key}
    Question.objects.filter(pk=target.pk).update(stem="Which step hands the plan back to the person?")
    assert _listed(client.get(url, {"q": "hands the plan back"}).content.decode()) == {target.key}


def test_question_preview_shows_what_a_candidate_sees_and_creates_no_attempt(client, tess, make_quiz):
    question = make_quiz(1).items.get().question
    client.force_login(tess)
    change = client.get(reverse("admin:quizzes_question_change", args=[question.pk])).content.decode()
    url = reverse("admin:quizzes_question_preview", args=[question.pk])
    assert url in change
    page = client.get(url).content.decode()
    assert question.scenario in page and question.stem in page and question.explanation in page
    assert f'A.</span> <span class="choice-text">Option A for {question.key}' in page
    assert "This is the best answer." in page and "Right answer." in page
    assert "No attempt is created" in page
    asked = page[page.index('id="preview-asked"') : page.index('id="preview-answered"')]
    assert question.stem in asked and f"Option D for {question.key}" in asked
    assert asked.count('type="radio"') == 4 and "checked" not in asked and "<form" not in asked
    assert "Right answer" not in asked and "This is the best answer." not in asked
    assert not question.versions.exists() and not tess.attempts.exists()


def test_quiz_preview_lists_every_question_in_order(client, tess, make_quiz, django_assert_max_num_queries):
    quiz = make_quiz(6)
    client.force_login(tess)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:quizzes_quiz_preview", args=[quiz.pk])).content.decode()
    keys = [item.question.key for item in quiz.items.order_by("position")]
    positions = [page.index(f"Option A for {key}") for key in keys]
    assert positions == sorted(positions) and "Question 6 of 6" in page
    # each question as it is asked, its answer behind a disclosure (no script needed)
    assert page.count("card mb-3 preview-open") == 6 and page.count("<summary>Right answer, feedback") == 6


def test_previews_are_404_for_unknown_ids_and_need_staff(client, tess, casey):
    client.force_login(tess)
    assert client.get(reverse("admin:quizzes_question_preview", args=[999])).status_code == 404
    client.force_login(casey)
    response = client.get(reverse("admin:quizzes_question_preview", args=[1]))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_version_history_lists_the_attempts_that_saw_each_version(client, tess, casey, make_quiz):
    quiz = make_quiz(1)
    question = quiz.items.get().question
    services.attempt_start(user=casey, quiz=quiz)
    version = QuestionVersion.objects.get(question=question)
    client.force_login(tess)
    change = client.get(reverse("admin:quizzes_question_change", args=[question.pk])).content.decode()
    assert "1 version(s), with the attempts that showed each" in change
    listing = client.get(
        reverse("admin:quizzes_questionversion_changelist"), {"question__id__exact": question.pk}
    )
    assert listing.status_code == 200 and "1 question version" in listing.content.decode()
    # a trainer works on the question: totals, not who answered
    detail = client.get(reverse("admin:quizzes_questionversion_change", args=[version.pk])).content.decode()
    assert "Shown 1 times" in detail and "casey" not in detail
    # a superuser sees the attempts by name
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    detail = client.get(reverse("admin:quizzes_questionversion_change", args=[version.pk])).content.decode()
    assert "casey" in detail and quiz.title in detail


def test_rules_are_pure_and_name_numbers():
    assert rules.choice_problems(kind="single", weights=[Decimal(100), Decimal(-50)], texts=["a", "b"]) == []
    assert rules.choice_problems(
        kind="multiple", weights=[Decimal("33.33333")] * 3 + [Decimal(-100)], texts=["a", "b", "c", "d"]
    ) == []  # fmt: skip
    assert (
        "weighs 50 %"
        in rules.choice_problems(kind="single", weights=[Decimal(50), Decimal(0)], texts=["a", "b"])[0]
    )
    assert rules.near_duplicates(
        "Dana meets Jo. What now?", [("x", "dana meets jo  what now"), ("y", "Other")]
    ) == ["x"]


def test_trainers_edit_blueprint_rules_and_instructors_read_them(db):
    from django.contrib.auth.models import Group

    trainers = set(Group.objects.get(name="Trainers").permissions.values_list("codename", flat=True))
    instructors = set(Group.objects.get(name="Instructors").permissions.values_list("codename", flat=True))
    assert {"add_quizrule", "change_quizrule", "delete_quizrule", "view_quizrule"} <= trainers
    assert "view_quizrule" in instructors and "change_quizrule" not in instructors


@pytest.mark.parametrize("n", [5, 40])
def test_question_list_and_change_page_cost_the_same_whatever_the_bank_size(
    client, tess, make_quiz, django_assert_max_num_queries, n
):
    question = make_quiz(n).items.first().question
    client.force_login(tess)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("admin:quizzes_question_changelist")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:quizzes_question_change", args=[question.pk])).status_code == 200


def test_over_long_text_is_refused_like_an_import_would_refuse_it(client, tess, taxonomy):
    client.force_login(tess)
    long_choice = [("x" * (rules.MAX_TEXT + 1), True, ""), *FOUR[1:]]
    data = question_data(taxonomy["peer-support"], long_choice, stem="y" * (rules.MAX_TEXT + 5))
    response, page = post(client, data)
    assert response.status_code == 200
    assert "Ensure this value has at most 4000 characters (it has 4005)." in page
    assert "Ensure this value has at most 4000 characters (it has 4001)." in page
    assert 'maxlength="4000"' in page  # the browser stops the typing too
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("action", "filename", "content_type", "expected"),
    [
        ("export_csv", "questions.csv", "text/csv", "key,title,competency,kind"),
        ("export_json", "questions.json", "application/json", '"format": "cpsprep-questions"'),
        ("export_aiken", "questions.txt", "text/plain", "ANSWER: A"),
    ],
)
def test_every_export_action_downloads_the_selected_questions_only(
    client, tess, make_quiz, action, filename, content_type, expected
):
    chosen, other = (item.question for item in make_quiz(2).items.order_by("position"))
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    response = client.post(url, {"action": action, "_selected_action": [chosen.pk]})
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = response.content.decode()
    assert expected in text and f"Option B for {chosen.key}" in text and other.key not in text


def test_the_aiken_export_action_names_the_questions_it_cannot_write(client, tess, make_quiz):
    single, multiple = (item.question for item in make_quiz(2).items.order_by("position"))
    Question.objects.filter(pk=multiple.pk).update(kind="multiple")
    multiple.choices.filter(position__in=[0, 1]).update(is_correct=True, weight=50)
    client.force_login(tess)
    url = reverse("admin:quizzes_question_changelist")
    response = client.post(url, {"action": "export_aiken", "_selected_action": [single.pk, multiple.pk]})
    assert single.stem in response.content.decode() and f"for {multiple.key}" not in response.content.decode()
    listing = client.get(url).content.decode()
    assert f"Not exported (Aiken carries single-answer questions only): {multiple.key}" in listing


def test_each_choice_field_of_the_inline_is_named_for_screen_readers(client, tess, taxonomy):
    client.force_login(tess)
    page = client.get(ADD).content.decode()
    for label in ["Position", "Text", "Correct", "Weight %", "Feedback"]:
        assert f'aria-label="Choice 1: {label}"' in page and f'aria-label="Choice 2: {label}"' in page
