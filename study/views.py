from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from quizzes.access import get_attempt_for_user
from quizzes.models import AttemptSlot
from quizzes.services import AttemptError
from study import dashboard as dashboard_data
from study import selectors, services
from study.forms import ProblemReportForm
from study.models import StudySession

REVIEW_FILTERS = {
    "all": "All questions",
    "wrong": "Wrong or unanswered",
    "flagged": "Flagged",
    "bookmarked": "Bookmarked",
}


def _get_slot_for_user(request: HttpRequest, attempt_id: int, position: int) -> AttemptSlot:
    """A slot of the user's own submitted attempt; 404 otherwise."""
    attempt = get_attempt_for_user(request, attempt_id)
    if attempt.is_open:
        raise Http404("An attempt in progress has nothing to review yet.")
    return get_object_or_404(
        AttemptSlot.objects.select_related("attempt"), attempt=attempt, position=position
    )


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    services.reviews_sync(user=request.user)
    return render(
        request, "study/dashboard.html", dashboard_data.build(user=request.user, now=timezone.now())
    )


@login_required
@require_safe
def progress(request: HttpRequest) -> HttpResponse:
    return render(
        request, "study/progress.html", dashboard_data.progress(user=request.user, now=timezone.now())
    )


@login_required
@require_POST
def session_start(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in StudySession.Kind.values:
        return render(
            request, "error.html", {"title": "Not found", "message": "No such study session."}, status=404
        )
    try:
        attempt = services.study_session_start(user=request.user, kind=kind)
    except AttemptError as error:
        messages.info(request, error.message)
        return redirect("study:dashboard")
    return redirect("quizzes:attempt_question", attempt.pk, 1)


@login_required
@require_safe
def review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_attempt_for_user(request, attempt_id)
    if attempt.is_open:
        return redirect("quizzes:attempt_summary", attempt.pk)
    answers_visible = attempt.quiz.answers_visible_at(timezone.now())
    # While right answers are hidden, a "wrong" filter would reveal which answers were wrong.
    filters = {k: v for k, v in REVIEW_FILTERS.items() if answers_visible or k != "wrong"}
    show = request.GET.get("show", "all")
    if show not in filters:
        show = "all"
    bookmarked = selectors.bookmarked_question_ids(user=request.user)
    rows = selectors.review_rows(attempt=attempt, show=show, bookmarked=bookmarked)
    note = request.session.pop(REVIEW_NOTE, None)
    if note and not any(slot.position == note.get("position") for slot, _choices in rows):
        messages.add_message(request, LEVELS.get(note.get("level"), messages.INFO), note.get("text", ""))
        note = None
    return render(
        request,
        "study/review.html",
        {
            "attempt": attempt,
            "rows": rows,
            "show": show,
            "filters": filters,
            "bookmarked": bookmarked,
            "answers_visible": answers_visible,
            "report_form": ProblemReportForm(),
            "note": note,
        },
    )


@login_required
@require_POST
def bookmark_toggle(request: HttpRequest, attempt_id: int, position: int) -> HttpResponse:
    slot = _get_slot_for_user(request, attempt_id, position)
    wanted = request.POST.get("bookmarked")
    if wanted not in ("1", "0"):
        _note(request, position, "error", "That bookmark request could not be read. Nothing was changed.")
    else:
        on = wanted == "1"
        services.bookmark_set(user=request.user, question=slot.question, on=on)
        _note(
            request,
            position,
            "success",
            f"Question {position} {'bookmarked' if on else 'no longer bookmarked'}.",
        )
    return redirect(_review_url(attempt_id, position))


@login_required
@require_POST
def problem_report(request: HttpRequest, attempt_id: int, position: int) -> HttpResponse:
    slot = _get_slot_for_user(request, attempt_id, position)
    form = ProblemReportForm(request.POST)
    if not form.is_valid():
        _note(request, position, "error", " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_review_url(attempt_id, position))
    try:
        _report, new = services.problem_report_create(
            user=request.user, slot=slot, message=form.cleaned_data["message"]
        )
    except AttemptError as error:
        _note(request, position, "error", error.message)
    else:
        if new:
            text = f"Thank you. Your report on question {position} has gone to the trainers."
            _note(request, position, "success", text)
        else:
            text = f"You already sent this report on question {position}; it is with the trainers."
            _note(request, position, "info", text)
    return redirect(_review_url(attempt_id, position))


REVIEW_NOTE = "study-review-note"
LEVELS = {"success": messages.SUCCESS, "info": messages.INFO, "error": messages.ERROR}


def _note(request: HttpRequest, position: int, level: str, text: str) -> None:
    """What a bookmark or report post did, shown (and focused) next to the question it concerns on the
    review page that follows, rather than in the page-wide messages at the top, off-screen on a phone."""
    request.session[REVIEW_NOTE] = {"position": position, "level": level, "text": text}


def _review_url(attempt_id: int, position: int) -> str:
    return reverse("study:review", args=[attempt_id]) + f"#q{position}-note"
