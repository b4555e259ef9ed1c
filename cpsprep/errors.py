"""Error pages in the site's own layout, so a refusal is a clear message rather than a bare status."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

CSRF_EXPIRED = "This form had expired. Go back, reload the page and try again — nothing was saved."


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400, "That request could not be read", "Please go back and try again.")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403, "Not allowed", "Your account cannot open this page.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a stale form (a tab left open across a new login) or a post without a token.

    Django's own page carries an inline style our CSP blocks, and speaks of "CSRF verification"; this one
    says what to do in plain words. The autosave script asks for JSON and shows `message` to the candidate.
    """
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"saved": False, "message": CSRF_EXPIRED}, status=403)
    return render(request, "403_csrf.html", {"message": CSRF_EXPIRED}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(
        request,
        404,
        "Page not found",
        "There is nothing here for your account. The link may be wrong, or the page belongs to someone else.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors here: the error may have come from one of them.
    return HttpResponse(
        "<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1>"
        "<p>The problem has been logged. Please try again in a moment.</p>",
        status=500,
    )
