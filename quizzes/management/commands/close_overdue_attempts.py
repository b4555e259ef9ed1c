from django.core.management.base import BaseCommand

from quizzes.services import attempts_close_overdue


class Command(BaseCommand):
    help = "Submit every attempt whose deadline and grace period have passed, with its saved answers (cron)."

    def handle(self, *args, **options):
        closed = attempts_close_overdue()
        if options["verbosity"]:
            self.stdout.write(f"{closed} overdue attempt(s) submitted.")
