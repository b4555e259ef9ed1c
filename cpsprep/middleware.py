import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from cpsprep.health import health_problems


class ContentSecurityPolicyMiddleware:
    """Send the project's Content-Security-Policy on every response.

    Django's admin still writes a few inline style attributes, so its pages alone may use them; no page
    may run an inline script.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


class MethodNotAllowedPageMiddleware:
    """Give an empty 405 a short site page: someone who follows a stale link to an address that only takes a
    button's POST (log out, submit) should read what happened, not a blank page.

    The status and the Allow header stay; a request asking for JSON (the autosave script) keeps its response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or request.headers.get("Accept") == "application/json"
        ):
            return response
        page = render(request, "405.html", status=405)
        page.headers["Allow"] = response.headers.get("Allow", "")
        return page


class HealthCheckMiddleware:
    """Answer GET/HEAD /healthz: 200 "ok" when the database answers and every migration is applied, 503 with
    the reason otherwise.

    A middleware at the top of the list rather than a view, so a load balancer's probe costs two small queries
    and nothing else: no SSL redirect (probes speak plain HTTP to the app server), no ALLOWED_HOSTS check
    (they come by IP address), no session, no user.
    """

    PATH = "/healthz"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != self.PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        problems = health_problems()
        response = HttpResponse(
            "ok\n" if not problems else "".join(f"{p}\n" for p in problems),
            content_type="text/plain; charset=utf-8",
            status=503 if problems else 200,
        )
        response.headers["Cache-Control"] = "no-store"
        return response


class PrivatePagesMiddleware:
    """Send `Cache-Control: private, no-store` with every response to a logged-in person.

    A middleware, not a decorator on chosen views: every page a logged-in person sees is personal (their name
    in the header, their attempts, their class), so no new view can forget it. Pages for anonymous visitors
    (home, quiz list) stay cacheable; Django's log-in page already sends no-store itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


MAX_DATABASE_INT = 2**63 - 1
_WHOLE_NUMBER = re.compile(r"-?\d+")


class RefuseUnstorableInputMiddleware:
    """Answer 400 to a request carrying a value no database query can hold: a NUL character in its address,
    query or form fields, or a whole number in its query string past the 64-bit range.

    PostgreSQL refuses NULs outright ("A string literal cannot contain NUL"), and SQLite cannot bind an int
    past 64 bits (OverflowError), so either would surface as a 500 wherever the value reached a query: a
    search box, a members list, an admin filter such as ?user=99999999999999999999. Refusing them here covers
    every page at once. Uploaded files are not looked at: the importers read them and say what is wrong.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self._problem(request)
        if problem:
            return render(
                request,
                "error.html",
                {"title": "That request could not be read", "message": f"{problem} Nothing was saved."},
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def _problem(request: HttpRequest) -> str | None:
        nul = "It contains a NUL character, which no page accepts."
        if "\x00" in request.path:
            return nul
        sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return nul
        for values in request.GET.lists():
            for value in values[1]:
                if _WHOLE_NUMBER.fullmatch(value) and (len(value) > 20 or abs(int(value)) > MAX_DATABASE_INT):
                    return "A number in its address is too large to be anything here."
        return None


MAX_FORMSET_ROWS = 300  # more rows than any real formset here: a quiz's questions, a question's choices


def _small_count(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) < 6 and int(value) <= MAX_FORMSET_ROWS


class BoundFormsetsMiddleware:
    """Answer 400 at once to a form post claiming more formset rows than any page has.

    Django builds up to `absolute_max` (2,000) forms for a management form's TOTAL_FORMS, whatever was
    posted, and the admin renders each with its widgets: a forged TOTAL_FORMS of 2^63 kept a worker busy
    for half a minute. DATA_UPLOAD_MAX_NUMBER_FIELDS bounds the fields; this bounds the rows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            for key, value in request.POST.items():
                if key.endswith("-TOTAL_FORMS") and not _small_count(value):
                    return render(
                        request,
                        "error.html",
                        {
                            "title": "That form could not be read",
                            "message": f"It claims more than {MAX_FORMSET_ROWS} rows. Reload the page "
                            "and try again; nothing was saved.",
                        },
                        status=400,
                    )
        return self.get_response(request)
