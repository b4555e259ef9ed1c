from django.urls import path

from study import views

app_name = "study"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("progress/", views.progress, name="progress"),
    path("study/<slug:kind>/start/", views.session_start, name="session_start"),
    path("attempts/<int:attempt_id>/review/", views.review, name="review"),
    path(
        "attempts/<int:attempt_id>/review/<int:position>/bookmark/",
        views.bookmark_toggle,
        name="bookmark_toggle",
    ),
    path(
        "attempts/<int:attempt_id>/review/<int:position>/report/", views.problem_report, name="problem_report"
    ),
]
