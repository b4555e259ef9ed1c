"""Benchmark: CPU and Python calls per question page, answer save, attempt start and hello-world, in process.

No server and no network: Django's test client calls the full middleware stack and the views in this
process, so the figures are the application's own cost, steadier than anything measured through a server on
a shared machine. Python function calls per request (counted by cProfile) do not depend on the machine's load
at all; CPU per request is the best of six rounds of `time.process_time()`.

    CPSPREP_VAR_DIR=/tmp/NAME-cpu .venv/bin/python bench/page_cpu.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME_cpu .venv/bin/python bench/page_cpu.py
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(label: str, request, rounds: int = 6, per_round: int = 40) -> None:
    request()  # warm caches (templates, URL resolver)
    best = min(_cpu_ms(request, per_round) for _ in range(rounds))
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(10):
        request()
    profile.disable()
    calls = pstats.Stats(profile).total_calls // 10
    print(f"{label:28s} {best:6.2f} ms CPU   {calls:6d} Python calls")


def _cpu_ms(request, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        request()
    return (time.process_time() - started) / n * 1000


def main() -> None:
    from bench.load import server_env

    os.environ.update(server_env())
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from bench import scenario
    from quizzes import services
    from quizzes.models import AttemptSlot, Quiz

    scenario.prepare(candidates=40)
    call_command("collectstatic", "--noinput", verbosity=0)  # the pages link hashed names once deployed
    quiz = Quiz.objects.get(slug=scenario.EXAM_SLUG)
    people = iter(get_user_model().objects.filter(username__startswith="bench-").order_by("username"))
    person = next(people)
    attempt = services.attempt_start(user=person, quiz=quiz)
    client = Client()
    client.force_login(person)
    page = f"/attempts/{attempt.pk}/q/5/"
    slot = AttemptSlot.objects.get(attempt=attempt, position=5)
    sequence = [slot.sequence]

    def save() -> None:
        choice = slot.choice_order[sequence[0] % 2]
        response = client.post(f"{page}save/", {"choice": choice, "sequence": sequence[0]})
        assert response.status_code == 200, response.content
        sequence[0] += 1

    print(f"database: {django.db.connection.vendor}")
    measure("question page (GET)", lambda: client.get(page))
    measure("answer save (POST)", save)
    measure("hello world (GET)", lambda: client.get("/bench/hello/"))
    measure("attempt start (service)", lambda: services.attempt_start(user=next(people), quiz=quiz), 3, 6)


if __name__ == "__main__":
    main()
