"""Benchmark: item analysis and the cohort dashboard on a million responses.

Builds, in the database named by the environment (use a scratch one: it is migrated and filled), a 50-question
quiz and 20,000 submitted attempts by the 2,000 members of one cohort (1,000,000 responses) with bulk inserts,
then times computing the item analysis, showing the stored report, showing the dashboard, and computing and
showing the item quality statistics that trainers read in admin.

    CPSPREP_DEV=1 CPSPREP_VAR_DIR=/tmp/NAME-bench .venv/bin/python bench/item_analysis.py
    CPSPREP_DEV=1 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME \
        .venv/bin/python bench/item_analysis.py

Options: --attempts, --questions, --members (smaller runs), --budget SECONDS (stop building when exceeded).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpsprep.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--budget", type=float, default=1800, help="seconds allowed for building the data")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from cohorts.models import Cohort, Membership
    from competencies.models import Competency
    from itemstats import services
    from quizzes.models import Attempt, AttemptSlot, Choice, CompetencyScore, Question, Quiz, QuizItem
    from quizzes.versions import current_versions

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Competency.objects.exists():
        call_command("loaddata", str(ROOT / "fixtures" / "competencies.json"), verbosity=0)
    core = list(Competency.objects.core())
    distractors = list(Competency.objects.distractors())
    User = get_user_model()
    tag = f"bench{args.attempts}x{args.questions}"
    if Attempt.objects.filter(quiz__slug=tag).exists():
        print(f"Reusing the data already built for {tag}.")
        quiz = Quiz.objects.get(slug=tag)
        cohort = Cohort.objects.get(slug=tag)
    else:
        rng = random.Random(7)
        with transaction.atomic():
            questions = Question.objects.bulk_create(
                [
                    Question(
                        key=f"{tag}-{i:03d}", title=f"Bench question {i + 1}", competency=core[i % len(core)],
                        status=Question.Status.PUBLISHED, scenario="A scenario.", stem="What now?",
                        explanation="Because.",
                    )
                    for i in range(args.questions)
                ]
            )  # fmt: skip
            Choice.objects.bulk_create(
                [
                    Choice(
                        question=q, position=p, text=f"Choice {p}", is_correct=p == 0, feedback="Why.",
                        concept=q.competency if p == 0 else distractors[(p - 1) % len(distractors)],
                    )
                    for q in questions
                    for p in range(4)
                ]
            )  # fmt: skip
            quiz = Quiz.objects.create(title=tag, slug=tag, is_published=True, pass_mark=70)
            QuizItem.objects.bulk_create(
                [QuizItem(quiz=quiz, question=q, position=i + 1) for i, q in enumerate(questions)]
            )
            questions = list(
                Question.objects.filter(pk__in=[q.pk for q in questions]).prefetch_related("choices")
            )
            questions.sort(key=lambda q: q.key)
            versions = current_versions(questions)
            choice_ids = {
                q.pk: list(versions[q.pk].choices.order_by("position").values_list("pk", flat=True))
                for q in questions
            }
            users = User.objects.bulk_create(
                [User(username=f"{tag}-m{i}", email=f"{tag}-m{i}@example.org") for i in range(args.members)]
            )
            cohort = Cohort.objects.create(
                name=tag, slug=tag, starts_on=timezone.now().date(), join_code=tag[:16]
            )
            Membership.objects.bulk_create([Membership(cohort=cohort, user=u) for u in users])
        ability = {u.pk: rng.gauss(0, 1) for u in users}
        difficulty = {q.pk: rng.gauss(0, 1) for q in questions}
        now = timezone.now()
        made = 0
        batch = 500
        while made < args.attempts:
            if time.perf_counter() - started > args.budget:
                print(f"Budget reached after {made} attempts; statistics below are for those.")
                break
            size = min(batch, args.attempts - made)
            with transaction.atomic():
                rows = []
                for k in range(size):
                    user = users[(made + k) % len(users)]
                    marks = []
                    for q in questions:
                        p = 1 / (1 + math.exp(difficulty[q.pk] - ability[user.pk]))
                        marks.append(rng.random() < p)
                    rows.append((user, marks))
                attempts = Attempt.objects.bulk_create(
                    [
                        Attempt(
                            user=user, quiz=quiz, status=Attempt.Status.SUBMITTED, started_at=now,
                            submitted_at=now, pass_mark=70, correct_count=sum(marks),
                            question_count=len(marks),
                            score_percent=(Decimal(100 * sum(marks)) / len(marks)).quantize(Decimal("0.01")),
                            passed=sum(marks) * 100 >= 70 * len(marks),
                        )
                        for user, marks in rows
                    ]
                )  # fmt: skip
                slots = []
                scores = []
                for attempt, (_, marks) in zip(attempts, rows, strict=True):
                    right: dict[int, list[int]] = {}
                    for i, (q, mark) in enumerate(zip(questions, marks, strict=True)):
                        ids = choice_ids[q.pk]
                        chosen = ids[0] if mark else ids[1 + rng.randrange(3)]
                        slots.append(
                            AttemptSlot(
                                attempt=attempt, position=i + 1, question=q, version=versions[q.pk],
                                choice_order=ids, selected_id=chosen, is_correct=mark,
                            )
                        )  # fmt: skip
                        tally = right.setdefault(q.competency_id, [0, 0])
                        tally[0] += int(mark)
                        tally[1] += 1
                    scores += [
                        CompetencyScore(attempt=attempt, competency_id=c, correct=r, asked=a)
                        for c, (r, a) in right.items()
                    ]
                AttemptSlot.objects.bulk_create(slots, batch_size=5000)
                CompetencyScore.objects.bulk_create(scores, batch_size=5000)
            made += size
            if made % 5000 == 0:
                print(f"  {made} attempts built ({time.perf_counter() - started:.0f} s)", flush=True)
    built = time.perf_counter() - started
    attempts_n = Attempt.objects.filter(quiz=quiz).count()
    responses = AttemptSlot.objects.filter(attempt__quiz=quiz).count()
    with connection.cursor() as cursor:  # fresh planner statistics after the bulk load, as in production
        cursor.execute("ANALYZE")

    def timed(label: str, fn) -> float:
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        print(f"| {vendor} | {label} | {elapsed:.2f} s |", flush=True)
        return elapsed

    # A superuser: may read every cohort (staff alone may not) and the item quality list in admin.
    staff, _ = User.objects.update_or_create(
        username=f"{tag}-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(staff)
    page = reverse("itemstats:item_analysis", args=[cohort.slug, quiz.slug])

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    print(f"\n{vendor}: {attempts_n} attempts, {responses} responses, built in {built:.0f} s\n")
    print("| database | step | time |\n|---|---|---|")
    for mode in ["all", "first", "last", "best"]:
        timed(
            f"compute item analysis, cohort, {mode} attempts",
            lambda mode=mode: services.item_analysis_compute(quiz=quiz, cohort=cohort, attempts=mode),
        )
    timed("compute item analysis, everyone, all attempts", lambda: services.item_analysis_compute(quiz=quiz))
    timed("show stored item analysis page (fresh, no recompute)", lambda: get(page))
    timed("show stored item analysis page again", lambda: get(page))
    timed(
        "item analysis CSV download (stored)",
        lambda: get(reverse("itemstats:item_analysis_csv", args=[cohort.slug, quiz.slug])),
    )
    timed(
        f"cohort dashboard, {args.members} members",
        lambda: get(reverse("cohorts:dashboard", args=[cohort.slug])),
    )
    timed(
        "compute item quality statistics of every question (all submitted attempts)",
        lambda: services.question_statistics_compute(force=True),
    )
    quality = reverse("admin:itemstats_itemquality_changelist")
    timed("show the item quality list in admin (stored)", lambda: get(quality))
    timed("show the item quality list filtered by a flag (stored)", lambda: get(quality + "?flag=any"))


if __name__ == "__main__":
    main()
