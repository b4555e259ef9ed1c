"""Item analysis pages of a class's quizzes. They read stored results and say how fresh they are."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cohorts.access import cohort_for_instructor
from cohorts.exports import csv_response, to_csv
from cohorts.models import Cohort
from cohorts.selectors import analysable_quizzes
from itemstats import exports, selectors
from itemstats.forms import AttemptsForm
from itemstats.models import AttemptsCounted
from quizzes.models import Quiz


def _quiz_for_instructor(cohort: Cohort, slug: str) -> Quiz:
    """A quiz the cohort's instructors may analyse (published, or assigned to the cohort); 404 otherwise."""
    return get_object_or_404(analysable_quizzes(cohort=cohort), slug=slug)


def _attempts_mode(request: HttpRequest) -> str:
    form = AttemptsForm(request.GET)
    if form.is_valid() and form.cleaned_data["attempts"]:
        return form.cleaned_data["attempts"]
    return AttemptsCounted.ALL


@login_required
@require_safe
def item_analysis(request: HttpRequest, slug: str, quiz_slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    quiz = _quiz_for_instructor(cohort, quiz_slug)
    mode = _attempts_mode(request)
    context = {"cohort": cohort, "quiz": quiz, "mode": mode, "mode_label": AttemptsCounted(mode).label}
    try:
        stored = selectors.stored_analysis(quiz=quiz, cohort=cohort, attempts=mode)
    except selectors.NotAnalysable as error:
        context["error"] = error
        return render(request, "itemstats/item_analysis.html", context, status=error.status)
    report = stored.analysis.data if stored.analysis else None
    context |= {"form": AttemptsForm(initial={"attempts": mode}), "stored": stored, "report": report}
    return render(request, "itemstats/item_analysis.html", context)


@login_required
@require_safe
def item_analysis_csv(request: HttpRequest, slug: str, quiz_slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    quiz = _quiz_for_instructor(cohort, quiz_slug)
    mode = _attempts_mode(request)
    try:
        stored = selectors.stored_analysis(quiz=quiz, cohort=cohort, attempts=mode)
    except selectors.NotAnalysable as error:
        return HttpResponse(error.message, status=error.status, content_type="text/plain; charset=utf-8")
    if stored.analysis is None:
        message = "The item analysis is not computed yet; it is ready shortly after attempts are submitted."
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    rows = exports.item_analysis_rows(stored.analysis.data)
    return csv_response(to_csv(rows), f"{cohort.slug}-{quiz.slug}-items-{mode}.csv")
