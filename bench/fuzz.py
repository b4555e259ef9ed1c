"""Fuzz: mutated requests to a running CPS Prep server, over every URL pattern, as every role; counts 5xx.

Loopback only. It prepares its own people and data in the database the server uses (same environment), then
walks the URL resolver (the site's and admin's) and sends GETs and POSTs with hostile path arguments, query
strings and form fields. Run it against a production-mode server on a scratch database, for example:

    export CPSPREP_VAR_DIR=/tmp/NAME-fuzz SECRET_KEY=fuzz ALLOWED_HOSTS=127.0.0.1 SECURE_COOKIES=0 \
        EMAIL_URL=console:// LOG_LEVEL=CRITICAL
    .venv/bin/python manage.py migrate --noinput
    .venv/bin/python manage.py runserver 127.0.0.1:8765 --noreload --insecure &
    .venv/bin/python bench/fuzz.py --base-url http://127.0.0.1:8765 --requests 10000

It prints the count of responses by status class and every URL that answered 5xx. The figures of the last
run are in docs/accounts.md ("Fuzzing").
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import random
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpsprep.settings")

PASSWORD = "fuzz-password-for-a-scratch-db-42"
ROLES = ["anonymous", "alexfz", "baileyfz", "inesfz", "ivanfz", "tessfz", "rootfz"]
HOSTILE = [
    "",
    "0",
    "-1",
    "²",
    "\u0661",
    "9" * 30,
    str(2**63),
    "%00",
    "\x00",
    "abc",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>x</script>",
    '=HYPERLINK("x")',
    "NaN",
    "[]",
    "{}",
    "x" * 5000,
    "\u202e\ufeff",
    "😀",
]
QUERY_KEYS = [
    "picked",
    "q",
    "attempts",
    "p",
    "o",
    "e",
    "user",
    "user__id__exact",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "next",
    "_changelist_filters",
    "all",
    "kind",
    "reports",
    "flag",
]
FORM_KEYS = [
    "names",
    "code",
    "choice",
    "choices",
    "sequence",
    "go",
    "quiz",
    "due_at",
    "upload",
    "payload",
    "confirm",
    "preview",
    "format",
    "share",
    "email",
    "password",
    "message",
    "on",
    "action",
    "_selected_action",
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "items-TOTAL_FORMS",
    "username",
    "old_password",
    "new_password1",
    "new_password2",
    "attempts",
    "create_missing",
]


def _setup() -> list[str]:
    """People with known passwords, two classes with attempts and reports; returns every URL route."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.urls import URLResolver, get_resolver
    from django.utils import timezone

    from cohorts.models import Assignment, Cohort, Membership
    from quizzes import services as quiz_services
    from quizzes.models import AttemptSlot, Quiz, VersionChoice
    from study.models import ProblemReport

    User = get_user_model()
    with transaction.atomic():
        if not Quiz.objects.exists():
            call_command("load_content", verbosity=0)
        quiz = Quiz.objects.published().filter(rules__isnull=True).order_by("pk").first()
        groups = {
            "alexfz": "Candidates",
            "baileyfz": "Candidates",
            "inesfz": "Instructors",
            "ivanfz": "Instructors",
            "tessfz": "Trainers",
        }
        for name in ROLES[1:]:
            user, created = User.objects.get_or_create(
                username=name,
                defaults={
                    "email": f"{name}@example.org",
                    "is_staff": name in ("inesfz", "ivanfz", "tessfz", "rootfz"),
                    "is_superuser": name == "rootfz",
                },
            )
            user.set_password(PASSWORD)
            user.save()
            if name in groups:
                user.groups.add(Group.objects.get_or_create(name=groups[name])[0])
        for member, teacher, slug in (("alexfz", "inesfz", "fuzz-a"), ("baileyfz", "ivanfz", "fuzz-b")):
            cohort, created = Cohort.objects.get_or_create(
                slug=slug, defaults={"name": f"Fuzz {slug}", "starts_on": datetime.date(2026, 1, 1)}
            )
            if not created:
                continue
            cohort.instructors.add(User.objects.get(username=teacher))
            user = User.objects.get(username=member)
            Membership.objects.create(cohort=cohort, user=user)
            Assignment.objects.create(
                cohort=cohort, quiz=quiz, due_at=timezone.now() + datetime.timedelta(days=9)
            )
            attempt = quiz_services.attempt_start(user=user, quiz=quiz)
            for slot in AttemptSlot.objects.filter(attempt=attempt):
                slot.selected = (
                    VersionChoice.objects.filter(version=slot.version).order_by("position").first()
                )
                slot.save(update_fields=["selected"])
            attempt = quiz_services.attempt_submit(attempt=attempt)
            ProblemReport.objects.create(
                question=attempt.slots.first().question, reporter=user, message="fuzz"
            )

    # Full routes, prefixes included, so every pattern can be filled by hand.
    def full(patterns, prefix=""):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from full(entry.url_patterns, prefix + route)
            else:
                yield prefix + route

    return sorted(set(full(get_resolver().url_patterns)))


def _fill(route: str, rng: random.Random, known: dict[str, list[str]]) -> str:
    """A concrete path from a route: each <converter:name> or (?P<name>...) gets a real or hostile value."""

    def value(name: str) -> str:
        pool = known.get(name, []) + HOSTILE
        return urllib.parse.quote(rng.choice(pool), safe="")

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + path.lstrip("/")


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: dict | None = None) -> int:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=body, method=method)
        req.add_header("X-CSRFToken", self.csrf())
        req.add_header("Referer", self.base + "/")
        try:
            with self.opener.open(req, timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        status = self.request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"could not log in as {username}: {status}")
        self.request("GET", "/")  # a fresh CSRF token after log-in


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The fuzzer talks to a server on this machine only (127.0.0.1).")

    routes = _setup()
    from cohorts.models import Cohort
    from quizzes.models import Attempt, Question, Quiz

    known = {
        "slug": list(Cohort.objects.values_list("slug", flat=True))
        + list(Quiz.objects.values_list("slug", flat=True)[:5]),
        "quiz_slug": list(Quiz.objects.values_list("slug", flat=True)[:5]),
        "attempt_id": [str(pk) for pk in Attempt.objects.values_list("pk", flat=True)[:10]],
        "position": ["1", "2"],
        "object_id": [str(pk) for pk in Question.objects.values_list("pk", flat=True)[:5]] + ["1"],
        "pk": ["1", "2"],
        "id": ["1"],
        "kind": ["drill", "review"],
        "app_label": ["quizzes", "cohorts", "study", "auth", "axes"],
    }
    rng = random.Random(args.seed)
    sessions = {}
    for role in ROLES:
        session = Session(args.base_url)
        session.request("GET", "/accounts/login/")
        if role != "anonymous":
            session.login(role)
        sessions[role] = session
    # The log-out page would end a session, and the log-in page of a signed-in role changes it: the anonymous
    # session fuzzes those.
    session_changing = ("accounts/logout/", "accounts/login/", "admin/logout/", "accounts/delete/")
    statuses: Counter = Counter()
    failures: Counter = Counter()
    started = time.monotonic()
    for n in range(args.requests):
        role = ROLES[n % len(ROLES)]
        route = rng.choice(routes)
        if role != "anonymous" and any(marker in route for marker in session_changing):
            role = "anonymous"
        path = _fill(route, rng, known)
        if rng.random() < 0.6:
            query = {rng.choice(QUERY_KEYS): rng.choice(HOSTILE) for _ in range(rng.randint(1, 3))}
            path += "?" + urllib.parse.urlencode(query)
        if rng.random() < 0.35:
            form = {rng.choice(FORM_KEYS): rng.choice(HOSTILE) for _ in range(rng.randint(1, 5))}
            status = sessions[role].request("POST", path, form)
        else:
            status = sessions[role].request("GET", path)
        statuses[f"{status // 100}xx"] += 1
        if status >= 500:
            failures[f"{status} {role} {route}"] += 1
    elapsed = time.monotonic() - started
    print(
        f"{args.requests} requests in {elapsed:.0f} s ({args.requests / elapsed:.0f}/s), {len(routes)} routes"
    )
    print("by status:", dict(sorted(statuses.items())))
    for line, count in failures.most_common():
        print(f"  {count:4d} x {line}")
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
