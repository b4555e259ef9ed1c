"""The site's URLs plus /bench/hello/, the cheapest Django page the same server stack can answer."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cpsprep.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cpsprep.urls import urlpatterns as site_urls


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world.", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *site_urls]
