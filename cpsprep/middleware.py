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
