"""A cohort's scores per candidate and per core competency, as CSV (the dashboard's download)."""

from django.core.management.base import BaseCommand

from cohorts import exports
from cohorts.dashboard import cohort_dashboard
from cohorts.management.lookup import cohort_by_slug


class Command(BaseCommand):
    help = "Print a cohort's scores as CSV: one row per member, with a column per core competency."

    def add_arguments(self, parser):
        parser.add_argument("cohort", metavar="COHORT_SLUG")

    def handle(self, *args, **options):
        cohort = cohort_by_slug(options["cohort"])
        rows = exports.scores_rows(cohort_dashboard(cohort=cohort))
        self.stdout.write(exports.to_csv(rows), ending="")
