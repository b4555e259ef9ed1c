"""Item analysis of a quiz on the command line, as JSON or CSV."""

import json

from django.core.management.base import BaseCommand, CommandError

from cohorts import exports, item_analysis, services
from cohorts.models import AttemptsCounted, Cohort
from quizzes.models import Quiz


class Command(BaseCommand):
    help = "Print the item analysis of a quiz (all candidates, or one cohort's members) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("quiz", metavar="QUIZ_SLUG")
        parser.add_argument("--cohort", metavar="SLUG", help="Only this cohort's members.")
        parser.add_argument("--attempts", choices=AttemptsCounted.values, default=AttemptsCounted.ALL)
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        quiz = Quiz.objects.filter(slug=options["quiz"]).first()
        if quiz is None:
            raise CommandError(f"No quiz has the slug '{options['quiz']}'.")
        cohort = None
        if options["cohort"]:
            cohort = Cohort.objects.filter(slug=options["cohort"]).first()
            if cohort is None:
                raise CommandError(f"No cohort has the slug '{options['cohort']}'.")
        try:
            stored = services.item_analysis_current(quiz=quiz, cohort=cohort, attempts=options["attempts"])
        except services.CohortError as error:
            raise CommandError(error.message) from error
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(item_analysis.public_shape(stored.data), indent=2, ensure_ascii=False)
            )
        else:
            self.stdout.write(exports.to_csv(exports.item_analysis_rows(stored.data)), ending="")
