"""Bring stored item statistics up to date, for cron or an operator (the background task does the same)."""

from django.core.management.base import BaseCommand, CommandError

from itemstats import services
from quizzes.models import Quiz


class Command(BaseCommand):
    help = (
        "Compute again the stored item analyses that are out of date (every quiz, or the ones named) and "
        "every question's quality statistics. Safe to run at any time, for example nightly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("quizzes", nargs="*", metavar="QUIZ_SLUG", help="Only these quizzes.")
        parser.add_argument("--force", action="store_true", help="Compute even what is up to date.")

    def handle(self, *args, **options):
        quiz_ids = None
        if options["quizzes"]:
            found = dict(Quiz.objects.filter(slug__in=options["quizzes"]).values_list("slug", "pk"))
            missing = [slug for slug in options["quizzes"] if slug not in found]
            if missing:
                raise CommandError(f"No quiz has the slug {', '.join(repr(s) for s in missing)}.")
            quiz_ids = list(found.values())
        computed = services.item_statistics_refresh(quiz_ids=quiz_ids, force=options["force"])
        self.stdout.write(
            f"Computed {computed} item analys{'i' if computed == 1 else 'e'}s; "
            "question statistics are up to date."
        )
