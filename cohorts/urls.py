from django.urls import path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("join/", views.cohort_join, name="join"),
    path("<slug:slug>/leave/", views.cohort_leave, name="leave"),
    path("<slug:slug>/accept/", views.membership_accept, name="accept"),
    path("<slug:slug>/sharing/", views.membership_sharing, name="sharing"),
    path("<slug:slug>/my-results/", views.my_class, name="my_class"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/scores.csv", views.scores_csv, name="scores_csv"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/assignments/", views.assignments, name="assignments"),
    path("<slug:slug>/import/", views.results_import, name="import_results"),
]
