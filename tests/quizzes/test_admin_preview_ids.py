"""The admin preview routes answer 404, never 500, for an id that is not a whole number."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/admin/quizzes/question/abc/preview/",
        "/admin/quizzes/question/1/x/preview/",
        "/admin/quizzes/question/99999999999999999999999/preview/",
        "/admin/quizzes/question/\u0663/preview/",  # an Arabic-Indic three: a digit, but not an id
        "/admin/quizzes/quiz/abc/preview/",
        "/admin/quizzes/quiz/1/x/preview/",
        "/admin/quizzes/quiz/99999999999999999999999/preview/",
    ],
)
def test_a_malformed_preview_id_is_404(client, tess, path):
    client.force_login(tess)
    response = client.get(path)
    assert response.status_code == 404


def test_a_real_question_still_previews(client, tess, make_quiz):
    quiz = make_quiz(1)
    question = quiz.items.get().question
    client.force_login(tess)
    page = client.get(f"/admin/quizzes/question/{question.pk}/preview/")
    assert page.status_code == 200 and question.stem in page.content.decode()
    page = client.get(f"/admin/quizzes/quiz/{quiz.pk}/preview/")
    assert page.status_code == 200 and question.stem in page.content.decode()
