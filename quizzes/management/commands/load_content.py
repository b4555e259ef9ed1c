import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes import bank
from quizzes.formats import FormatError, jsonfmt
from quizzes.models import Question


class Command(BaseCommand):
    help = "Load the shipped taxonomy, question bank and quizzes from fixtures/. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=Path(settings.BASE_DIR) / "fixtures")

    @transaction.atomic
    def handle(self, *args, fixtures: Path, verbosity: int = 1, **options):
        call_command("loaddata", str(fixtures / "competencies.json"), verbosity=0)
        shipped: set[str] = set()
        for path in sorted((fixtures / "questions").glob("*.json")):
            try:
                framework, parsed = jsonfmt.parse(path.read_bytes())
                report = bank.questions_import(parsed=parsed, framework_slug=framework, lint_after=False)
            except FormatError as error:
                raise CommandError(f"{path}: {error}") from None
            shipped.update(q.key for q in parsed)
            if verbosity > 1:
                self.stdout.write(f"{path.name}: {report.summary()}")
        try:
            definitions = bank.quiz_definitions_parse(json.loads((fixtures / "quizzes.json").read_text()))
            quizzes = bank.quizzes_define(definitions=definitions)
        except ValueError as error:  # not JSON at all
            raise CommandError(f"quizzes.json: not valid JSON ({error})") from None
        except FormatError as error:
            raise CommandError(f"quizzes.json: {error}") from None
        bank.questions_lint()
        if verbosity:
            self.stdout.write(f"{len(shipped)} questions and {len(quizzes)} quizzes loaded.")
            # Questions a trainer added, or ones an older release shipped, are left as they are: the database
            # is the trainers' as much as ours, and retiring is one admin action away. They are named here so
            # whoever upgrades can decide.
            others = list(
                Question.objects.published()
                .exclude(key__in=shipped)
                .order_by("key")
                .values_list("key", flat=True)
            )
            if others:
                listed = ", ".join(others[:20]) + (" ..." if len(others) > 20 else "")
                self.stdout.write(
                    f"{len(others)} published question(s) are not in the shipped files and were left as they "
                    f"are (retire them in admin if they are no longer wanted): {listed}"
                )
