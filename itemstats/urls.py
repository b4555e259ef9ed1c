from django.urls import path

from itemstats import views

app_name = "itemstats"

# Under /cohorts/ (see cpsprep/urls.py): an item analysis is always read for one class.
urlpatterns = [
    path("<slug:slug>/quizzes/<slug:quiz_slug>/items/", views.item_analysis, name="item_analysis"),
    path("<slug:slug>/quizzes/<slug:quiz_slug>/items.csv", views.item_analysis_csv, name="item_analysis_csv"),
]
