from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import bank
from quizzes.formats import FormatError, jsonfmt

PARSERS = {"json": jsonfmt.parse}


class Command(BaseCommand):
    help = "Import questions from a file. All or nothing: a file with any error changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--format", choices=sorted(PARSERS), default="json")
        parser.add_argument("--framework", default="", help="Framework slug, if the file does not name one.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, paths, format, framework, dry_run, **options):
        for path in paths:
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: cannot read ({error.strerror})") from None
            try:
                named_framework, parsed = PARSERS[format](raw)
                report = bank.questions_import(
                    parsed=parsed, framework_slug=framework or named_framework, dry_run=dry_run
                )
            except FormatError as error:
                raise CommandError(f"{path}: {error}. Nothing was imported from this file.") from None
            prefix = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{prefix} {path}: {report.summary()}")
