import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from cpsprep.staff import ROLES, StaffAccountError, staff_account_create

PASSWORD_VARIABLE = "STAFF_ACCOUNT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a trainer, instructor or superuser account. The password is asked for, or read from the "
        f"{PASSWORD_VARIABLE} environment variable when there is no terminal (never from the command line, "
        "where other users could read it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args, role: str, username: str, email: str, **options):
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        try:
            user = staff_account_create(role=role, username=username, email=email, password=password)
        except StaffAccountError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Created {role} {user.username!r}; they log in at /admin/.")

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"No terminal to ask for a password: set {PASSWORD_VARIABLE} instead.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return first
