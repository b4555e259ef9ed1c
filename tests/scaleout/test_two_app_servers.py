"""Two gunicorn app servers on one PostgreSQL (and one Redis when REDIS_URL is set), as behind a balancer.

One candidate's requests alternate between the servers through a whole timed attempt: log in on one and go on
on the other (sessions live in the database), autosave, a stale save refused, the same attempt submitted from
both at once (scored once), and the overdue-attempt task run by a worker process on either machine.
"""

import json
import secrets
import threading
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from bench.load import Browser, Gunicorn
from quizzes import bank, services
from quizzes.models import Attempt, AttemptSlot, CompetencyScore
from tests.processes import child_env, manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PASSWORD = "two-servers-password-1"


@pytest.fixture
def servers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Several app servers share one PostgreSQL; SQLite is the one-machine setup (a file that a second "
            "machine cannot open), so this proof runs in the PostgreSQL pass of CI."
        )
    # Production settings shared by both machines: one secret (sessions and CSRF tokens), no dev mode.
    production = {
        "CPSPREP_DEV": "0", "CPSPREP_ENV_FILE": "/dev/null", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(tmp_path / "static"), "DJANGO_DEBUG": "0",
        "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_SETTINGS_MODULE": "cpsprep.settings",
    }  # fmt: skip
    env = child_env(**production)
    # with the servers' own settings, so the manifest of hashed names they serve from is written
    manage("collectstatic", "--noinput", **production)
    started = []
    try:
        for name in ("a", "b"):
            started.append(
                Gunicorn(
                    workers=1, threads=2, env=env, log=tmp_path / f"{name}.log", ready_path="/accounts/login/"
                )
            )
        yield started
    finally:
        for server in started:
            server.stop()


class Candidate:
    """One person whose browser is sent to either server; the cookies go with them, as through a balancer."""

    def __init__(self, servers):
        self.browsers = [Browser(server.port) for server in servers]
        cookies: dict[str, str] = {}
        for browser in self.browsers:
            browser.cookies = cookies

    def on(self, server: int) -> Browser:
        return self.browsers[server]


def test_one_attempt_goes_through_two_app_servers(servers, casey, olu, make_quiz):
    quiz = make_quiz(4, mode="exam", time_limit_minutes=30)
    bank.questions_set_status(questions=[item.question for item in quiz.items.all()], status="published")
    hasher = PBKDF2PasswordHasher()  # the servers' own hasher (the suite swaps in a quick one)
    casey.password = hasher.encode(PASSWORD, hasher.salt())
    casey.save(update_fields=["password"])
    person = Candidate(servers)

    # Log in on A, carry on on B: the session is in the database, not in A's memory.
    assert person.on(0).get(reverse("login")).status == 200
    login = person.on(1).post(reverse("login"), [("username", "casey"), ("password", PASSWORD)])
    assert login.status == 302, login.body[:500]
    assert "Signed in as casey" in person.on(0).get(reverse("study:dashboard")).body

    started = person.on(1).post(reverse("quizzes:attempt_start", args=[quiz.slug]))
    attempt = Attempt.objects.get(user=casey, quiz=quiz)
    assert started.location == reverse("quizzes:attempt_question", args=[attempt.pk, 1])
    assert attempt.deadline is not None

    # Each page on one server, its autosave on the other.
    slots = {s.position: s for s in AttemptSlot.objects.filter(attempt=attempt)}
    for position in range(1, 5):
        page = person.on(position % 2).get(reverse("quizzes:attempt_question", args=[attempt.pk, position]))
        assert page.status == 200 and f"Question {position} of 4" in page.body
        choice = slots[position].choice_order[0]
        saved = person.on((position + 1) % 2).post(
            reverse("quizzes:attempt_answer_save", args=[attempt.pk, position]),
            [("choice", choice), ("sequence", 0)],
            json_reply=True,
        )
        assert (saved.status, json.loads(saved.body)) == (200, {"saved": True, "sequence": 1})

    # A save from a tab that loaded question 1 before the save above is refused on either server.
    stale = person.on(0).post(
        reverse("quizzes:attempt_answer_save", args=[attempt.pk, 1]),
        [("choice", slots[1].choice_order[1]), ("sequence", 0)],
        json_reply=True,
    )
    assert stale.status == 409 and "changed in another tab" in json.loads(stale.body)["message"]
    assert AttemptSlot.objects.get(pk=slots[1].pk).selected_id == slots[1].choice_order[0]

    # Submit from both servers at the same moment: one scoring, one result.
    barrier = threading.Barrier(2)
    replies = [None, None]

    def submit(server: int) -> None:
        browser = Browser(servers[server].port)
        browser.cookies = person.on(server).cookies
        barrier.wait()
        replies[server] = browser.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))

    threads = [threading.Thread(target=submit, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    result_url = reverse("quizzes:attempt_result", args=[attempt.pk])
    assert [(r.status, r.location) for r in replies] == [(302, result_url)] * 2
    attempt.refresh_from_db()
    assert (attempt.status, attempt.correct_count, attempt.question_count) == ("submitted", 4, 4)
    scores = CompetencyScore.objects.filter(attempt=attempt)
    assert sum(scores.values_list("asked", flat=True)) == 4  # scored once, not twice
    assert "100%" in person.on(0).get(result_url).body.replace(" ", "")

    # Olu's attempt runs out while nobody looks; a worker on either machine closes it, once.
    overdue = services.attempt_start(user=olu, quiz=quiz)
    Attempt.objects.filter(pk=overdue.pk).update(deadline=overdue.deadline - timedelta(hours=1))
    for _machine in ("a", "b"):
        manage("run_worker", "--batch")
    overdue.refresh_from_db()
    assert overdue.status == "submitted"
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path="quizzes.tasks.close_overdue_attempts")
    assert [(run.status, run.return_value) for run in runs] == [("SUCCESSFUL", 1)]
