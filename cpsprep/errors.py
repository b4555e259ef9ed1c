"""Error pages in the site's own layout, so a refusal is a clear message rather than a bare status."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400, "That request could not be read", "Please go back and try again.")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 403, "Not allowed", "Your account cannot open this page.")


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
