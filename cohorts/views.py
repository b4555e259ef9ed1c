"""Pages of classes: joining and leaving, and the instructor's dashboard, members, assignments and imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cohorts import exports, paper, selectors, services
from cohorts.access import cohort_for_instructor, membership_for_user
from cohorts.dashboard import cohort_dashboard
from cohorts.forms import AssignmentForm, JoinForm, MembersForm, ResultsUploadForm, SharingForm
from cohorts.models import Cohort


@login_required
@require_safe
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = Cohort.objects.taught_by(request.user).prefetch_related("instructors")
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_join(request: HttpRequest) -> HttpResponse:
    """The candidate's classes page: invitations to accept or decline, classes with what each shares, and
    the join form."""
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
    memberships = list(
        request.user.memberships.select_related("cohort").prefetch_related("cohort__instructors")
    )
    context = {
        "form": form,
        "invitations": [m for m in memberships if not m.is_active],
        "memberships": [m for m in memberships if m.is_active],
    }
    return render(request, "cohorts/join.html", context, status=status)


@login_required
@require_POST
def cohort_leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave a class, or decline an invitation to it."""
    membership = membership_for_user(request, slug)
    cohort = membership.cohort
    services.cohort_leave(user=request.user, cohort=cohort)
    if membership.is_active:
        messages.success(request, f"You have left {cohort.name}. Its instructors no longer see your results.")
    else:
        messages.success(
            request, f"You declined the invitation to {cohort.name}. Its instructors see nothing."
        )
    return redirect("cohorts:join")


@login_required
@require_POST
def membership_accept(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_user(request, slug, active=False)
    services.membership_accept(user=request.user, cohort=membership.cohort)
    messages.success(
        request,
        f"You have joined {membership.cohort.name}. Its instructors see your results from now on, and your "
        "attempts at the class's assignments.",
    )
    return redirect("cohorts:my_class", membership.cohort.slug)


@login_required
@require_POST
def membership_sharing(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_user(request, slug, active=True)
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to share your earlier practice.")
        return redirect("cohorts:my_class", membership.cohort.slug)
    share = form.cleaned_data["share"] == "yes"
    services.membership_share_history(user=request.user, cohort=membership.cohort, share=share)
    messages.success(
        request,
        "Your instructors now also see your practice from before you joined."
        if share
        else "Your instructors now see only your practice since you joined, and the class's assignments.",
    )
    return redirect("cohorts:my_class", membership.cohort.slug)


@login_required
@require_safe
def my_class(request: HttpRequest, slug: str) -> HttpResponse:
    """What the class's instructors see of the signed-in member, computed by the same selectors as their
    pages."""
    membership = membership_for_user(request, slug, active=True)
    cohort = membership.cohort
    data = cohort_dashboard(cohort=cohort, member=request.user)
    attempts = (
        selectors.cohort_member_attempts(cohort=cohort)
        .filter(user=request.user)
        .select_related("quiz")
        .order_by("-submitted_at")
    )
    context = {
        "cohort": cohort,
        "membership": membership,
        "d": data,
        "attempts": attempts,
        "sharing_form": SharingForm(initial={"share": "yes" if membership.shares_history else "no"}),
    }
    return render(request, "cohorts/my_class.html", context)


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
                result = services.members_add(cohort=cohort, text=form.cleaned_data["text"])
            except services.CohortError as error:
                # on the names field, so the textarea is marked invalid and described by every problem
                form.add_error("names", [error.message, *error.lines])
                status = error.status
            else:
                for outcome in (
                    services.MemberOutcome.INVITED,
                    services.MemberOutcome.ALREADY,
                    services.MemberOutcome.NOT_FOUND,
                ):
                    if names := result.names(outcome):
                        level = (
                            messages.WARNING
                            if outcome == services.MemberOutcome.NOT_FOUND
                            else messages.SUCCESS
                        )
                        messages.add_message(request, level, f"{outcome.capitalize()}: {', '.join(names)}.")
                return redirect("cohorts:members", cohort.slug)
        else:
            status = 400
    people = cohort.memberships.select_related("user").order_by("status", "user__username")
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
