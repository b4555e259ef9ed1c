"""Item analysis of a quiz on the command line, as JSON or CSV."""

import json

from django.core.management.base import BaseCommand, CommandError

from cohorts.exports import to_csv
from cohorts.management.lookup import cohort_by_slug, quiz_by_slug
from itemstats import exports, item_analysis, selectors, services
from itemstats.models import AttemptsCounted


class Command(BaseCommand):
    help = (
        "Print the item analysis of a quiz (all candidates, or one cohort's members) as JSON or CSV, "
        "computing it first if attempts were submitted since it was stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("quiz", metavar="QUIZ_SLUG")
        parser.add_argument("--cohort", metavar="SLUG", help="Only this cohort's members.")
        parser.add_argument("--attempts", choices=AttemptsCounted.values, default=AttemptsCounted.ALL)
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        quiz = quiz_by_slug(options["quiz"])
        cohort = cohort_by_slug(options["cohort"])
        try:
            stored = selectors.stored_analysis(quiz=quiz, cohort=cohort, attempts=options["attempts"])
        except selectors.NotAnalysable as error:
            raise CommandError(error.message) from error
        # A command is not a page: an operator asking for the analysis gets it up to date.
        analysis = stored.analysis
        if not stored.fresh or analysis.data.get("format") != item_analysis.FORMAT:
            analysis = services.item_analysis_compute(quiz=quiz, cohort=cohort, attempts=options["attempts"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(exports.public_shape(analysis.data), indent=2, ensure_ascii=False)
            )
        else:
            self.stdout.write(to_csv(exports.item_analysis_rows(analysis.data)), ending="")
