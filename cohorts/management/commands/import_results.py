"""Import paper or offline exam results from a CSV file as submitted, scored attempts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cohorts import paper, services
from cohorts.management.lookup import cohort_by_slug, quiz_by_slug


class Command(BaseCommand):
    help = "Import a CSV with header candidate,1,2,…,n (letters of the chosen choices). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--quiz", metavar="SLUG", required=True)
        parser.add_argument(
            "--cohort", metavar="SLUG", help="Add every candidate in the file to this cohort."
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create inactive accounts for candidates who have none (and add them to the cohort).",
        )

    def handle(self, *args, **options):
        quiz = quiz_by_slug(options["quiz"])
        cohort = cohort_by_slug(options["cohort"])
        try:
            text = Path(options["path"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from error
        try:
            summary = paper.results_import(
                quiz=quiz, text=text, cohort=cohort, create_missing=options["create_missing"]
            )
        except services.CohortError as error:
            raise CommandError("\n".join([error.message, *error.lines])) from error
        self.stdout.write(f"Imported {summary.attempts} attempts.")
        if summary.created_accounts:
            self.stdout.write(f"Created inactive accounts: {', '.join(summary.created_accounts)}")
