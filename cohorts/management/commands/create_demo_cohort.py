from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cohorts.demo import DEMO_COHORT_SLUG, demo_cohort_create


class Command(BaseCommand):
    help = "Create the demo class of the demo instructor (development mode only; after create_demo_users)."

    def handle(self, *args, **options):
        if not settings.DEV_MODE:
            raise CommandError("The demo class is only created in development mode (CPSPREP_DEV=1).")
        cohort = demo_cohort_create()
        if cohort is None:
            self.stdout.write(f"The demo class exists already: /cohorts/{DEMO_COHORT_SLUG}/")
        else:
            self.stdout.write(
                f"Demo class created for 'instructor' (join code {cohort.join_code}): /cohorts/{cohort.slug}/"
            )
