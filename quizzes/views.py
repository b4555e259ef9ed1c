from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizzes import selectors, services
from quizzes.access import get_attempt_for_user
from quizzes.forms import AnswerForm
from quizzes.models import Attempt, Quiz


def _refuse(
    request: HttpRequest, error: services.AttemptError, attempt: Attempt | None = None
) -> HttpResponse:
    return render(
        request, "quizzes/refused.html", {"message": error.message, "attempt": attempt}, status=error.status
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {"quizzes": selectors.quizzes_for_home()}
    if request.user.is_authenticated:
        context["open_attempts"] = selectors.open_attempts(user=request.user)
        context["recent_attempts"] = selectors.recent_attempts(user=request.user)
    return render(request, "quizzes/home.html", context)


@require_safe
def quiz_detail(request: HttpRequest, slug: str) -> HttpResponse:
    quiz = get_object_or_404(selectors.quizzes_for_home(), slug=slug)
    open_attempt = extra_time = None
    if request.user.is_authenticated:
        open_attempt = selectors.open_attempts(user=request.user).filter(quiz=quiz).first()
        extra_time = selectors.extra_time_percent(user=request.user)
    return render(
        request,
        "quizzes/quiz_detail.html",
        {"quiz": quiz, "open_attempt": open_attempt, "extra_time": extra_time},
    )


@login_required
@require_POST
def attempt_start(request: HttpRequest, slug: str) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.published(), slug=slug)
    resumed = selectors.open_attempts(user=request.user).filter(quiz=quiz).exists()
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz)
    except services.AttemptError as error:
        return _refuse(request, error)
    if resumed:
        messages.info(request, "You already had this quiz in progress, so it has been resumed.")
    return redirect("quizzes:attempt_question", attempt.pk, 1)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_question(request: HttpRequest, attempt_id: int, position: int) -> HttpResponse:
    attempt = get_attempt_for_user(request, attempt_id)
    if not attempt.is_open:
        if request.method == "POST":
            return _refuse(request, services.AttemptClosed(), attempt)
        return redirect("quizzes:attempt_result", attempt.pk)
    page = selectors.slot_page(attempt=attempt, position=position)
    if page is None:
        return _refuse(request, services.NoSuchQuestion(), attempt)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return _refuse(request, services.InvalidChoice("That answer could not be read."), attempt)
        go = form.cleaned_data["go"] or "stay"
        # Once practice feedback shows, the choices are disabled and the browser posts no ticks: that post
        # moves on; it does not clear a multiple-response answer (which would be refused as final).
        moving_on = attempt.quiz.is_practice and bool(page.chosen) and not _answer_posted(form.cleaned_data)
        if not moving_on and _answer_changed(form.cleaned_data, page.chosen):
            try:
                _save_answer(request, attempt.pk, position, form.cleaned_data)
            except (services.StaleAnswer, services.AnswerLocked) as error:
                messages.warning(request, error.message)
                return redirect("quizzes:attempt_question", attempt.pk, position)
            except services.TimeUp as error:
                services.attempt_close_if_overdue(attempt=attempt)
                messages.warning(request, error.message)
                return redirect("quizzes:attempt_result", attempt.pk)
            except services.AttemptError as error:
                return _refuse(request, error, attempt)
        return redirect(_next_url(attempt, position, page.count, go))
    show_feedback = attempt.quiz.is_practice and bool(page.chosen)
    # A flag posted without the script comes back with the choice made but not yet saved or checked
    # (?picked=ID, repeated for ticks), so flagging never throws that choice away.
    picked = _picked(request, page) if not show_feedback else None
    return render(
        request,
        "quizzes/question.html",
        {
            "attempt": attempt,
            "page": page,
            "shown": page.chosen if picked is None else picked,
            "unsaved": picked is not None and picked != page.chosen,
            "show_feedback": show_feedback,
            "right": show_feedback and page.checked_right,
        },
    )


def _picked(request: HttpRequest, page) -> frozenset[int] | None:
    """The choices named by ?picked= that belong to this question; None when there are none."""
    valid = {choice.pk for _letter, choice in page.choices}
    # isdecimal() alone would let "²" or Arabic-Indic digits through to int(); ASCII digits only
    ids = {int(v) for v in request.GET.getlist("picked") if v.isascii() and v.isdigit() and int(v) in valid}
    if not ids or (not page.slot.is_multiple and len(ids) > 1):
        return None
    return frozenset(ids)


def _answer_posted(data: dict) -> bool:
    return bool(data["choices"]) if data["multiple"] else data["choice"] is not None


def _answer_changed(data: dict, chosen: frozenset[int]) -> bool:
    if data["multiple"]:
        return frozenset(data["choices"]) != chosen or len(set(data["choices"])) != len(data["choices"])
    return data["choice"] is not None and frozenset([data["choice"]]) != chosen


def _save_answer(request: HttpRequest, attempt_id: int, position: int, data: dict) -> int:
    """The service for the kind of answer posted: a set of ticks, or one choice."""
    if data["multiple"]:
        return services.answers_save_many(
            attempt_id=attempt_id,
            user=request.user,
            position=position,
            choice_ids=data["choices"],
            sequence=data["sequence"],
        )
    return services.answer_save(
        attempt_id=attempt_id,
        user=request.user,
        position=position,
        choice_id=data["choice"],
        sequence=data["sequence"],
    )


@login_required
@require_POST
def attempt_answer_save(request: HttpRequest, attempt_id: int, position: int) -> JsonResponse:
    """Autosave of one answer from the question page's script: one small POST, a JSON reply."""
    form = AnswerForm(request.POST)
    if not form.is_valid() or (not form.cleaned_data["multiple"] and form.cleaned_data["choice"] is None):
        return JsonResponse({"saved": False, "message": "That answer could not be read."}, status=400)
    try:
        sequence = _save_answer(request, attempt_id, position, form.cleaned_data)
    except services.TimeUp as error:
        # The message says the attempt has been submitted: make it so now, not at the next page view.
        services.attempt_close_overdue_of(attempt_id=attempt_id, user=request.user)
        return JsonResponse({"saved": False, "message": error.message}, status=error.status)
    except services.AttemptError as error:
        return JsonResponse({"saved": False, "message": error.message}, status=error.status)
    return JsonResponse({"saved": True, "sequence": sequence})


@login_required
@require_POST
def attempt_flag(request: HttpRequest, attempt_id: int, position: int) -> HttpResponse:
    flagged = request.POST.get("flagged") == "1"
    try:
        services.attempt_flag(attempt_id=attempt_id, user=request.user, position=position, flagged=flagged)
    except services.AttemptError as error:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"saved": False, "message": error.message}, status=error.status)
        return _refuse(request, error)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"saved": True, "flagged": flagged})
    # Without the script the flag button submits the question form: carry back what was chosen, unsaved.
    url = reverse("quizzes:attempt_question", args=[attempt_id, position])
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        picked = data["choices"] if data["multiple"] else [data["choice"]] if data["choice"] else []
        if picked:
            url += "?" + urlencode([("picked", pk) for pk in picked])
    return redirect(url)


def _next_url(attempt: Attempt, position: int, count: int, go: str) -> str:
    if go == "summary" or (go == "next" and position >= count):
        return reverse("quizzes:attempt_summary", args=[attempt.pk])
    if go == "next":
        position += 1
    elif go == "prev":
        position = max(1, position - 1)
    return reverse("quizzes:attempt_question", args=[attempt.pk, position])


@login_required
@require_safe
def attempt_summary(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_attempt_for_user(request, attempt_id)
    if not attempt.is_open:
        return redirect("quizzes:attempt_result", attempt.pk)
    page = selectors.slot_page(attempt=attempt, position=1)
    return render(request, "quizzes/summary.html", {"attempt": attempt, "page": page})


@login_required
@require_POST
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_attempt_for_user(request, attempt_id)
    services.attempt_submit(attempt=attempt)
    return redirect("quizzes:attempt_result", attempt.pk)


@login_required
@require_safe
def attempt_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_attempt_for_user(request, attempt_id)
    if attempt.is_open:
        return redirect("quizzes:attempt_summary", attempt.pk)
    result = selectors.attempt_result(attempt=attempt)
    answers_visible = attempt.quiz.answers_visible_at(timezone.now())
    distractors = selectors.distractors_by_slug([c.distractor.slug for c in result.confusions])
    confusions = [(c, distractors.get(c.distractor.slug)) for c in result.confusions]
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "result": result,
            "confusions": confusions,
            "answers_visible": answers_visible,
            "time_used": _duration(attempt.submitted_at - attempt.started_at),
            "next_links": _next_links(attempt),
        },
    )


def _next_links(attempt: Attempt) -> list[tuple[str, str]]:
    """(URL, label) of the pages a result leads to, from settings.QUIZ_RESULT_LINKS: the project wires in the
    apps that own them (study's review and dashboard), so the engine links there without importing them."""
    return [
        (reverse(name, args=[attempt.pk] if with_attempt else []), label)
        for name, label, with_attempt in settings.QUIZ_RESULT_LINKS
    ]


def _duration(span) -> str:
    minutes, seconds = divmod(max(0, int(span.total_seconds())), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s"
