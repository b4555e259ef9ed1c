"""Item statistics are computed by a background task after attempts are scored (submitted or imported), and
no GET of a class's pages writes anything: they read what the task stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Assignment
from itemstats.models import ItemAnalysis, QuestionStatistics, QuestionStatisticsRun
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.cohorts.conftest import days_ago

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def quiz(make_quiz):
    return make_quiz(3, slug="mock-exam", title="Mock exam")


def test_submitting_an_attempt_stores_its_quizs_statistics_once_committed(
    client, cohort, casey, quiz, django_capture_on_commit_callbacks
):
    attempt = quiz_services.attempt_start(user=casey, quiz=quiz)
    client.force_login(casey)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    # Nothing is computed by the request itself: it only leaves work for after the commit.
    assert not ItemAnalysis.objects.exists() and not QuestionStatisticsRun.objects.exists()
    assert len(pending) == 1
    pending[0]()
    scopes = set(ItemAnalysis.objects.filter(quiz=quiz).values_list("cohort__slug", "attempts"))
    modes = {"all", "first", "last", "best"}
    assert scopes == {(None, m) for m in modes} | {("spring", m) for m in modes}
    assert ItemAnalysis.objects.get(quiz=quiz, cohort=cohort, attempts="all").attempt_count == 1
    assert QuestionStatisticsRun.objects.get().attempt_count == 1
    assert QuestionStatistics.objects.count() == 3


def test_importing_paper_results_stores_the_statistics_too(
    client, cohort, ines, casey, quiz, django_capture_on_commit_callbacks
):
    client.force_login(ines)
    upload = SimpleUploadedFile("r.csv", b"candidate,1,2,3\ncasey,A,A,B\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:import_results", args=["spring"]), {"quiz": quiz.pk, "upload": upload}
        )
    assert response.status_code == 302
    stored = ItemAnalysis.objects.get(quiz=quiz, cohort=cohort, attempts="all")
    assert stored.attempt_count == 1 and stored.data["questions"][2]["choices"][1]["count"] == 1
    assert QuestionStatisticsRun.objects.get().attempt_count == 1


def test_a_refused_import_enqueues_nothing(client, cohort, ines, quiz, django_capture_on_commit_callbacks):
    client.force_login(ines)
    upload = SimpleUploadedFile("r.csv", b"candidate,1,2,3\nnobody,A,A,Q\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True) as done:
        client.post(reverse("cohorts:import_results", args=["spring"]), {"quiz": quiz.pk, "upload": upload})
    assert done == [] and not ItemAnalysis.objects.exists()


def test_the_recompute_command_catches_up_with_what_the_task_missed(cohort, casey, quiz):
    attempt = quiz_services.attempt_start(user=casey, quiz=quiz)
    quiz_services.attempt_submit(attempt=attempt)  # its on-commit work never runs in this test
    out = io.StringIO()
    call_command("recompute_item_stats", stdout=out)
    assert "Computed 8 item analyses" in out.getvalue()
    call_command("recompute_item_stats", stdout=out)
    assert "Computed 0 item analyses" in out.getvalue()  # up to date: nothing computed again
    assert ItemAnalysis.objects.filter(quiz=quiz).count() == 8


def _get_urls(cohort, quiz) -> list[str]:
    analysis = reverse("itemstats:item_analysis", args=[cohort.slug, quiz.slug])
    return [
        reverse("cohorts:cohort_list"),
        reverse("cohorts:join"),
        reverse("cohorts:dashboard", args=[cohort.slug]),
        reverse("cohorts:scores_csv", args=[cohort.slug]),
        reverse("cohorts:members", args=[cohort.slug]),
        reverse("cohorts:assignments", args=[cohort.slug]),
        reverse("cohorts:import_results", args=[cohort.slug]),
        *[f"{analysis}?attempts={mode}" for mode in ["all", "first", "last", "best"]],
        reverse("itemstats:item_analysis_csv", args=[cohort.slug, quiz.slug]),
        reverse("admin:itemstats_itemquality_changelist"),
        reverse("admin:itemstats_itemquality_changelist") + "?flag=any",
        reverse("admin:itemstats_itemanalysis_changelist"),
    ]


def test_no_get_of_a_class_or_item_statistics_page_writes_even_when_the_numbers_are_stale(
    client, cohort, ines, casey, olu, quiz, take
):
    Assignment.objects.create(cohort=cohort, quiz=quiz, due_at=days_ago(-3))
    take(casey, quiz, "AAB")
    take(olu, quiz, "BBB")
    # Stale: one more attempt whose statistics are not computed yet (the on-commit task has not run).
    quiz_services.attempt_submit(attempt=quiz_services.attempt_start(user=casey, quiz=quiz))
    ines.is_superuser = ines.is_staff = True  # to open the admin lists too
    ines.save()
    client.force_login(ines)
    before = (Attempt.objects.count(), list(ItemAnalysis.objects.values_list("pk", "computed_at")))
    with CaptureQueriesContext(connection) as queries:
        for url in _get_urls(cohort, quiz):
            response = client.get(url)
            assert response.status_code == 200, url
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert before == (Attempt.objects.count(), list(ItemAnalysis.objects.values_list("pk", "computed_at")))
    page = client.get(_get_urls(cohort, quiz)[7]).content.decode()
    assert "1 newer attempt will be included shortly" in page
