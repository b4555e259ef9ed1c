import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes import bank
from quizzes.formats import FormatError, jsonfmt


class Command(BaseCommand):
    help = "Load the shipped taxonomy, question bank and quizzes from fixtures/. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=Path(settings.BASE_DIR) / "fixtures")

    @transaction.atomic
    def handle(self, *args, fixtures: Path, verbosity: int = 1, **options):
        call_command("loaddata", str(fixtures / "competencies.json"), verbosity=0)
        total = 0
        for path in sorted((fixtures / "questions").glob("*.json")):
            try:
                framework, parsed = jsonfmt.parse(path.read_bytes())
                report = bank.questions_import(parsed=parsed, framework_slug=framework)
            except FormatError as error:
                raise CommandError(f"{path}: {error}") from None
            total += len(parsed)
            if verbosity > 1:
                self.stdout.write(f"{path.name}: {report.summary()}")
        definitions = json.loads((fixtures / "quizzes.json").read_text())
        try:
            quizzes = bank.quizzes_define(
                definitions=[bank.QuizDefinition(**d) for d in definitions["quizzes"]]
            )
        except FormatError as error:
            raise CommandError(f"quizzes.json: {error}") from None
        if verbosity:
            self.stdout.write(f"{total} questions and {len(quizzes)} quizzes loaded.")
