from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import bank
from quizzes.formats import FormatError

PARSERS = bank.PARSERS


class Command(BaseCommand):
    help = (
        "Import questions from GIFT, Aiken, CSV or JSON files (docs/import-export.md). All or nothing: "
        "a file with any error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--format", choices=sorted(PARSERS), default="json")
        parser.add_argument("--framework", default="", help="Framework slug, if the file does not name one.")
        parser.add_argument(
            "--competency",
            default="",
            help="Competency (slug or name) for questions whose file names none or an unknown category.",
        )
        parser.add_argument(
            "--quiz", default="", help="Create this quiz (or append to it) with the questions."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="Import the rest when the file has question types we do not serve, and list them.",
        )

    def handle(self, *args, paths, format, framework, competency, quiz, dry_run, skip_unsupported, **options):
        for path in paths:
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: cannot read ({error.strerror})") from None
            try:
                report = bank.file_import(
                    parsed=PARSERS[format](raw),
                    framework_slug=framework,
                    default_competency=competency,
                    quiz_slug=quiz,
                    skip_unsupported=skip_unsupported,
                    dry_run=dry_run,
                )
            except FormatError as error:
                raise CommandError(f"{path}: {error}\nNothing was imported from this file.") from None
            prefix = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{prefix} {path}: {report.summary()}")
            for item in report.skipped:
                self.stdout.write(f"  skipped {item}")
            for warning in report.warnings:
                self.stdout.write(f"  warning: {warning}")
