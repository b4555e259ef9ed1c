from django.urls import path

from quizzes import views

app_name = "quizzes"

# The review of a submitted attempt, /attempts/<id>/review/ (with its bookmarks and problem reports), is the
# study app's page: see study/urls.py. It stays there because it is built on study's bookmarks and reports,
# which the engine must not import.
urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path("quizzes/<slug:slug>/start/", views.attempt_start, name="attempt_start"),
    path("attempts/<int:attempt_id>/q/<int:position>/", views.attempt_question, name="attempt_question"),
    path(
        "attempts/<int:attempt_id>/q/<int:position>/save/",
        views.attempt_answer_save,
        name="attempt_answer_save",
    ),
    path("attempts/<int:attempt_id>/q/<int:position>/flag/", views.attempt_flag, name="attempt_flag"),
    path("attempts/<int:attempt_id>/summary/", views.attempt_summary, name="attempt_summary"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
]
