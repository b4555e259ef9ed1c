"""Pages of classes: joining and leaving, and the instructor's dashboard, members, assignments and imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cohorts import exports, paper, selectors, services
from cohorts.access import cohort_for_instructor, cohort_for_member
from cohorts.dashboard import cohort_dashboard
from cohorts.forms import AssignmentForm, JoinForm, MembersForm, ResultsUploadForm
from cohorts.models import Cohort


@login_required
@require_safe
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = Cohort.objects.taught_by(request.user).prefetch_related("instructors")
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cohort = services.cohort_join(user=request.user, code=form.cleaned_data["code"])
            except services.CohortError as error:
                form.add_error("code", error.message)
                status = error.status
            else:
                messages.success(request, f"You have joined {cohort.name}.")
                return redirect("quizzes:home")
        else:
            status = 400
    classes = Cohort.objects.filter(memberships__user=request.user).prefetch_related("instructors")
    return render(request, "cohorts/join.html", {"form": form, "classes": classes}, status=status)


@login_required
@require_POST
def cohort_leave(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_member(request, slug)
    services.cohort_leave(user=request.user, cohort=cohort)
    messages.success(request, f"You have left {cohort.name}. Its instructors no longer see your results.")
    return redirect("cohorts:join")


@login_required
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    data = cohort_dashboard(cohort=cohort)
    quizzes = selectors.quizzes_taken(cohort=cohort)
    return render(request, "cohorts/dashboard.html", {"cohort": cohort, "d": data, "quizzes": quizzes})


@login_required
@require_safe
def scores_csv(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    rows = exports.scores_rows(cohort_dashboard(cohort=cohort))
    return exports.csv_response(exports.to_csv(rows), f"{cohort.slug}-scores.csv")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    form = MembersForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                added = services.members_add(cohort=cohort, text=form.cleaned_data["text"])
            except services.CohortError as error:
                # on the names field, so the textarea is marked invalid and described by every problem
                form.add_error("names", [error.message, *error.lines])
                status = error.status
            else:
                note = f"Added {len(added.added)} member{'s' if len(added.added) != 1 else ''}."
                if added.already:
                    note += f" Already members: {', '.join(added.already)}."
                messages.success(request, note)
                return redirect("cohorts:members", cohort.slug)
        else:
            status = 400
    people = cohort.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "cohorts/members.html",
        {"cohort": cohort, "form": form, "people": people},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignments(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    form = AssignmentForm(request.POST or None, cohort=cohort)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assignment_set(
                    cohort=cohort, quiz=form.cleaned_data["quiz"], due_at=form.cleaned_data["due_at"]
                )
            except services.CohortError as error:
                form.add_error("due_at", error.message)
            else:
                messages.success(request, f"{form.cleaned_data['quiz'].title} is assigned.")
                return redirect("cohorts:assignments", cohort.slug)
        status = 400
    listed = cohort.assignments.select_related("quiz")
    return render(
        request,
        "cohorts/assignments.html",
        {"cohort": cohort, "form": form, "assignments": listed},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def results_import(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = cohort_for_instructor(request, slug)
    form = ResultsUploadForm(request.POST or None, request.FILES or None)
    status, problems = 200, []
    if request.method == "POST":
        if form.is_valid():
            try:
                summary = paper.results_import(
                    quiz=form.cleaned_data["quiz"],
                    text=form.cleaned_data["upload"],
                    cohort=cohort,
                    create_missing=form.cleaned_data["create_missing"],
                    members_only=True,
                )
            except services.CohortError as error:
                form.add_error(None, error.message)
                problems, status = error.lines, error.status
            else:
                note = f"Imported {summary.attempts} attempt{'s' if summary.attempts != 1 else ''}."
                if summary.created_accounts:
                    note += f" New inactive accounts: {', '.join(summary.created_accounts)}."
                messages.success(request, note)
                return redirect("cohorts:dashboard", cohort.slug)
        else:
            status = 400
    return render(
        request,
        "cohorts/import.html",
        {"cohort": cohort, "form": form, "problems": problems},
        status=status,
    )
