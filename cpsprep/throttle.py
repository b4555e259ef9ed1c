"""Log-in throttling with django-axes: who is counted, and the page a locked-out person reads.

Failures are counted per account and per client address, in the database (axes' database handler), so the
count holds across workers and restarts without Redis. See README, "Log-in throttling".
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def client_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name typed, counted without case or surrounding spaces, so 'Casey ' and 'casey' share a count."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()[:150]


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the TLS proxy (BEHIND_TLS_PROXY) it is the last X-Forwarded-For entry,
    the one our own proxy appended; anything to its left was sent by the client and may be made up."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1][:45]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The 429 page: no form to try again, and the time by which the lock lifts.

    Failures during the lock do not extend it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so it
    lifts at most one cool-off from now, whoever keeps trying meanwhile.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cool_off.total_seconds() / 60)
    until = timezone.localtime(timezone.now() + cool_off)
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "until": until, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
