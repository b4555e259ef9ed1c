from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.demo import DEMO_PASSWORD, demo_users_create


class Command(BaseCommand):
    help = "Create the demo candidate, trainer and instructor (development mode only)."

    def handle(self, *args, **options):
        if not settings.DEV_MODE:
            raise CommandError("Demo accounts are only created in development mode (CPSPREP_DEV=1).")
        users = demo_users_create()
        self.stdout.write("Demo accounts (development only), password for each: " + DEMO_PASSWORD)
        for user, role in users:
            self.stdout.write(f"  {user.username:<12} {role}")
