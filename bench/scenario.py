"""The data the load benchmarks run on: the shipped bank, one 20-question timed exam, N candidates.

Call `prepare()` after django.setup(), in a scratch database (it migrates and fills it, and clears the bench
candidates' earlier attempts so every run starts alike).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

EXAM_SLUG = "bench-exam"
PASSWORD = "bench-candidate-password-1"


def username(index: int) -> str:
    return f"bench-{index:04d}"


def prepare(*, candidates: int, questions: int = 20) -> None:
    from quizzes import bank
    from quizzes.models import Attempt, Question, Quiz, QuizItem

    call_command("migrate", verbosity=0)
    if not Question.objects.exists():
        call_command("load_content", verbosity=0)
    quiz, _ = Quiz.objects.update_or_create(
        slug=EXAM_SLUG,
        defaults={
            "title": "Bench exam",
            "mode": "exam",
            "pass_mark": 70,
            "is_published": True,
            "time_limit_minutes": 120,
            "attempts_allowed": None,
        },
    )
    if quiz.items.count() != questions:
        quiz.items.all().delete()
        chosen = list(Question.objects.published().order_by("key")[:questions])
        QuizItem.objects.bulk_create(
            [QuizItem(quiz=quiz, question=q, position=i) for i, q in enumerate(chosen, start=1)]
        )
    # As the bank's imports and admin do: the published questions have their versions frozen.
    bank.questions_set_status(questions=list(Question.objects.published()), status="published")

    User = get_user_model()
    hashed = make_password(PASSWORD)  # one real PBKDF2 hash, shared: each log-in still pays to check it
    wanted = [username(i) for i in range(candidates)]
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create([User(username=name, password=hashed) for name in wanted if name not in have])
    Attempt.objects.filter(user__username__startswith="bench-").delete()
