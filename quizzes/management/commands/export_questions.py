import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import bank
from quizzes.formats import FormatError


class Command(BaseCommand):
    help = "Export questions as GIFT, Aiken, CSV or JSON (docs/import-export.md says what each format keeps)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(bank.EXPORT_FORMATS), default="json")
        parser.add_argument("--competency", default="", help="Only questions testing this competency (slug).")
        parser.add_argument("--quiz", default="", help="Only the fixed questions of this quiz, in its order.")
        parser.add_argument(
            "-o", "--output", type=Path, help="Write to this file instead of standard output."
        )

    def handle(self, *args, format, competency, quiz, output, **options):
        try:
            export = bank.questions_export(format=format, competency_slug=competency, quiz_slug=quiz)
        except FormatError as error:
            raise CommandError(str(error)) from None
        if output:
            try:
                output.write_text(export.text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{output}: cannot write ({error.strerror})") from None
        else:
            self.stdout.write(export.text, ending="")
        for key in export.left_out:
            sys.stderr.write(f"not exported (Aiken carries only single-answer questions): {key}\n")
        if output:
            self.stderr.write(f"{export.count} question(s) written to {output}.")
