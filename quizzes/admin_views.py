"""Admin pages beyond change forms: previews as a candidate sees them, and the import upload with its preview.

Each view is wrapped by `admin_site.admin_view` (staff login) in the model admins' `get_urls` and
checks the model permission it needs; nothing here creates an attempt.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from quizzes import bank
from quizzes.admin_forms import ImportConfirmForm, ImportUploadForm
from quizzes.formats import FormatError, ParsedFile
from quizzes.models import LETTERS, Choice, Question, Quiz


def _pk_or_404(pk: str) -> int:
    """The primary key from the URL as an int; 404 for anything else (letters, slashes, out of range)."""
    if not (isinstance(pk, str) and pk.isascii() and pk.isdigit()) or len(pk) > 18:
        raise Http404("No such object.")
    return int(pk)


def _question_for_preview(pk: str) -> Question:
    pk = _pk_or_404(pk)
    question = (
        Question.objects.filter(pk=pk)
        .select_related("competency")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.select_related("concept")))
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    return question


def _lettered(question: Question) -> list[tuple[str, Choice]]:
    return [(LETTERS[i], c) for i, c in enumerate(question.choices.all())]


def question_preview(request: HttpRequest, model_admin, pk: str) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    question = _question_for_preview(pk)
    return render(
        request,
        "admin/quizzes/question_preview.html",
        {"question": question, "choices": _lettered(question), "position": 1, "count": 1},
    )


def quiz_preview(request: HttpRequest, model_admin, pk: str) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    quiz = Quiz.objects.filter(pk=_pk_or_404(pk)).prefetch_related("rules__competency").first()
    if quiz is None:
        raise Http404("No such quiz.")
    questions = list(
        Question.objects.filter(quiz_items__quiz=quiz)
        .order_by("quiz_items__position")
        .select_related("competency")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.select_related("concept")))
    )
    return render(
        request,
        "admin/quizzes/quiz_preview.html",
        {
            "quiz": quiz,
            "items": [(q, _lettered(q)) for q in questions],
            "rules": list(quiz.rules.all()),
        },
    )


def _parse(payload: dict) -> ParsedFile:
    return bank.PARSERS[payload["format"]](payload["text"])


def _run(payload: dict, *, dry_run: bool) -> tuple[ParsedFile, bank.ImportReport]:
    parsed = _parse(payload)
    report = bank.file_import(
        parsed=parsed,
        framework_slug=payload["framework"],
        default_competency=payload["competency"],
        quiz_slug=payload["quiz"],
        skip_unsupported=payload["skip_unsupported"],
        dry_run=dry_run,
    )
    return parsed, report


def question_import(request: HttpRequest, model_admin) -> HttpResponse:
    """Upload → preview of what would change (nothing written) → confirm, which re-reads the signed upload."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Question._meta,
        "title": "Import questions",
    }
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, " ".join(confirm.errors["payload"]))
            return redirect("admin:quizzes_question_import")
        payload = confirm.cleaned_data["payload"]
        try:
            _parsed, report = _run(payload, dry_run=False)
        except FormatError as error:
            form = ImportUploadForm(initial={"format": payload["format"], "quiz": payload["quiz"]})
            return render(
                request,
                "admin/quizzes/question_import.html",
                {**context, "form": form, "error": str(error)},
                status=400,
            )
        messages.success(request, f"Imported: {report.summary()}.")
        for item in report.skipped:
            messages.warning(request, f"Skipped {item}.")
        return redirect(reverse("admin:quizzes_question_changelist"))
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            payload = form.payload()
            try:
                parsed, report = _run(payload, dry_run=True)
            except FormatError as error:
                return render(
                    request,
                    "admin/quizzes/question_import.html",
                    {**context, "form": form, "error": str(error)},
                    status=400,
                )
            return render(
                request,
                "admin/quizzes/question_import_preview.html",
                {
                    **context,
                    "title": "Check the import",
                    "parsed": parsed,
                    "report": report,
                    "created": set(report.created),
                    "updated": set(report.updated),
                    "confirm": ImportConfirmForm(initial={"payload": ImportConfirmForm.sign(payload)}),
                    "payload": payload,
                },
            )
        return render(request, "admin/quizzes/question_import.html", {**context, "form": form}, status=400)
    return render(request, "admin/quizzes/question_import.html", {**context, "form": ImportUploadForm()})
