"""Every URL the resolver knows (the site's and admin's), opened by every role: no 5xx, and nobody's personal
data reaches a role that may not see it.

The URL list is built by walking the resolver, so a new page is covered the day it is added: its arguments
are filled from the names below (a new argument name fails the test until it is given a value).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cohorts.models import Assignment, Cohort, Membership, ResultsImport
from itemstats.models import ItemAnalysis
from quizzes import services as quiz_services
from quizzes.models import Accommodation, AttemptSlot, VersionChoice
from study.models import Bookmark, ProblemReport, ReviewCard, StudySession
from tests.quizzes.factories import UserFactory

# What must not cross: each candidate's name, address, drill title and report text.
SECRETS = {
    "alex": ["alexcand", "alex.private@", "ALEXDRILL", "ALEXREPORT"],
    "bailey": ["baileycand", "bailey.private@", "BAILEYDRILL", "BAILEYREPORT"],
}
# Who may see which of them. An instructor sees their own members' names and addresses, never a drill; a
# trainer reads problem reports without their reporter.
ALLOWED = {
    "anonymous": set(),
    "alex": set(SECRETS["alex"]),
    "bailey": set(SECRETS["bailey"]),
    "instructor_alex": {"alexcand", "alex.private@"},
    "instructor_bailey": {"baileycand", "bailey.private@"},
    "trainer": {"ALEXREPORT", "BAILEYREPORT"},
}


def _walk(patterns, namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            params = set(getattr(pattern, "converters", {}) or {}) | set(
                getattr(getattr(pattern, "regex", None), "groupindex", {}) or {}
            )
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), params


def _take(user, quiz, *, submitted=True):
    attempt = quiz_services.attempt_start(user=user, quiz=quiz, personal=not quiz.is_published)
    for slot in AttemptSlot.objects.filter(attempt=attempt):
        slot.selected = VersionChoice.objects.filter(version=slot.version).order_by("position").first()
        slot.save(update_fields=["selected"])
    return quiz_services.attempt_submit(attempt=attempt) if submitted else attempt


@pytest.fixture
def world(db, make_quiz):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    people = {
        "alex": UserFactory(username="alexcand", email="alex.private@example.org"),
        "bailey": UserFactory(username="baileycand", email="bailey.private@example.org"),
        "instructor_alex": UserFactory(username="ines", is_staff=True),
        "instructor_bailey": UserFactory(username="ivan", is_staff=True),
        "trainer": UserFactory(username="tess", is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    for name in ("alex", "bailey"):
        people[name].groups.add(Group.objects.get_or_create(name="Candidates")[0])
    for name in ("instructor_alex", "instructor_bailey"):
        people[name].groups.add(Group.objects.get(name="Instructors"))
    people["trainer"].groups.add(Group.objects.get(name="Trainers"))
    quiz = make_quiz(3, title="Mock exam", slug="mock-exam")
    objects = {"quiz": quiz}
    for name, slug in (("alex", "class-a"), ("bailey", "class-b")):
        user = people[name]
        cohort = Cohort.objects.create(name=f"Class {slug}", slug=slug, starts_on=datetime.date(2026, 3, 1))
        cohort.instructors.add(people[f"instructor_{name}"])
        Membership.objects.create(cohort=cohort, user=user, joined_at=long_ago)
        Assignment.objects.create(
            cohort=cohort, quiz=quiz, due_at=timezone.now() + datetime.timedelta(days=7)
        )
        drill = make_quiz(
            2, title=f"{name.upper()}DRILL weak areas", slug=f"{name}-drill", is_published=False
        )
        StudySession.objects.create(user=user, kind=StudySession.Kind.DRILL, quiz=drill)
        attempt = _take(user, quiz)
        _take(user, drill)
        question = attempt.slots.first().question
        ProblemReport.objects.create(question=question, reporter=user, message=f"{name.upper()}REPORT text")
        Bookmark.objects.create(user=user, question=question)
        ReviewCard.objects.create(user=user, question=question, due=timezone.now())
        Accommodation.objects.create(user=user, extra_time_percent=50)
        ItemAnalysis.objects.create(
            quiz=quiz, cohort=cohort, attempts="all", attempt_count=1, computed_at=timezone.now(), data={}
        )
        ResultsImport.objects.create(quiz=quiz, cohort=cohort, digest=name * 8, attempts=1)
        objects[name] = {"attempt": attempt, "cohort": cohort, "drill": drill}
    objects["open_attempt"] = _take(people["alex"], make_quiz(1, slug="open-one"), submitted=False)
    return people, objects


def _admin_objects():
    """For each registered model, its first object: the change, delete and history pages open it."""
    out = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            out[f"{model._meta.app_label}_{model._meta.model_name}"] = first.pk
    return out


def _urls(objects) -> list[str]:
    alex = objects["alex"]
    by_model = _admin_objects()
    urls = []
    for name, params in _walk(get_resolver().url_patterns):
        values = {
            "slug": alex["cohort"].slug if name.startswith("cohorts:") else objects["quiz"].slug,
            "quiz_slug": objects["quiz"].slug,
            "attempt_id": alex["attempt"].pk,
            "position": 1,
            "kind": "drill",
            "token": "bad-token",
            "uidb64": "MQ",
            "app_label": "quizzes",
        }
        if name.startswith("admin:"):
            model = next((key for key in by_model if name.startswith(f"admin:{key}_")), None)
            values["object_id"] = values["pk"] = values["id"] = by_model.get(model, 1)  # none: a 404
        if name in ("admin:view_on_site",):
            continue
        missing = params - set(values)
        assert not missing, f"{name} takes {missing}: give the matrix a value for it"
        urls.append(reverse(name, kwargs={k: values[k] for k in params}))
        if name.startswith("cohorts:") and "slug" in params:  # the other class too
            urls.append(reverse(name, kwargs={**{k: values[k] for k in params}, "slug": "class-b"}))
    urls.append(
        objects["open_attempt"] and reverse("quizzes:attempt_question", args=[objects["open_attempt"].pk, 1])
    )
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *[inline(model, admin.site) for inline in model_admin.inlines]]:
            for field in owner.autocomplete_fields:
                urls.append(
                    reverse("admin:autocomplete")
                    + f"?app_label={owner.model._meta.app_label}&model_name={owner.model._meta.model_name}"
                    f"&field_name={field}&term=a"
                )
    return sorted(set(urls))


ROLES = ["anonymous", "alex", "bailey", "instructor_alex", "instructor_bailey", "trainer", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_no_url_leaks_personal_data_or_fails_for(world, role):
    people, objects = world
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    urls = _urls(objects)
    assert len(urls) > 80  # the site's pages and admin's: a broken walk must not pass quietly
    leaks, errors = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
            continue
        if role == "superuser":
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        for owner, secrets in SECRETS.items():
            for secret in secrets:
                if secret in text and secret not in ALLOWED[role]:
                    leaks.append(f"{url}: {secret} ({owner}'s)")
    assert not errors, errors
    assert not leaks, leaks
