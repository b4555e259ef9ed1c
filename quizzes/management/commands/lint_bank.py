import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import bank, lint, lint_sources
from quizzes.formats import FormatError


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


class Command(BaseCommand):
    help = (
        "Lint the question bank (docs/content-guide.md): each item's flaws, near-duplicates, patterns in "
        "quiz orders, reading figures and the choice-only baseline. Without files, the database's published "
        "bank (and each question's stored findings, which admin shows, are refreshed); with files, those "
        "JSON question files (and any cpsprep-quizzes file among them). Exits with an error when the bank "
        "breaks a threshold or has a flaw."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="cpsprep-questions / cpsprep-quizzes JSON files"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--warnings", action="store_true", help="List warnings too (text format).")

    def handle(self, *args, paths, format, warnings, **options):
        taxonomy = lint_sources.taxonomy()
        if paths:
            try:
                files = lint_sources.read_files(paths)
            except FormatError as error:
                raise CommandError(str(error)) from None
            questions, quizzes = files.questions, files.quizzes
            source = ", ".join(str(p) for p in paths)
        else:
            # Refresh what admin shows too: a database migrated from before the linter has no stored findings.
            bank.questions_lint()
            questions = lint_sources.questions_for_lint()
            quizzes = lint_sources.quizzes_from_db(questions)
            source = "the database"
        report = lint.lint(
            questions,
            names=taxonomy.names,
            core=taxonomy.core,
            distractors=taxonomy.distractors,
            quizzes=quizzes,
        )
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "source": source,
                        "thresholds": lint.asdict(lint.THRESHOLDS),
                        "figures": report.figures.as_dict(),
                        "per_file": {name: f.as_dict() for name, f in report.per_file.items()},
                        "failures": report.failures,
                        "findings": [lint.asdict(f) for f in report.findings],
                        "quiz_findings": [lint.asdict(f) for f in report.quiz_findings],
                        "logit_cues": report.logit_cues,
                        "giveaways": {
                            name or "bank": [dict(lint.asdict(c), points_to=c.points_to) for c in cues]
                            for name, cues in report.cues.items()
                        },
                    },
                    indent=2,
                )
            )
        else:
            self._text(report, source, warnings)
        if report.failures or report.flaws:
            raise CommandError(
                f"the bank breaks {len(report.failures)} threshold(s) and has {len(report.flaws)} flaw(s)"
            )

    def _text(self, report: lint.Report, source: str, warnings: bool) -> None:
        t = lint.THRESHOLDS
        f = report.figures
        w = self.stdout.write
        w(f"Bank linted from {source}: {f.published} published questions")
        w(f"  by competency: {f.by_competency}")
        w(f"  by kind: {f.by_kind}; by difficulty: {f.by_difficulty}")
        w(f"  contrast: {f.contrast}; per distractor concept: {f.contrast_by_concept}")
        w(f"  contrast items by their main distractor: {f.contrast_by_main_distractor}")
        w(f"  'which is NOT core' items per concept: {f.not_core_by_concept}")
        rows = [
            (
                "choice-only baseline (the best model and split)",
                _pct(f.baseline),
                f"<= {t.baseline_accuracy:.0%}",
            ),
            *(
                (f"  {model}, {scheme}", _pct(value), "")
                for model, schemes in f.baseline_by_model.items()
                for scheme, value in schemes.items()
            ),
            ("  chance", _pct(f.chance), f"({f.baseline_items} single-answer items)"),
            ("key is the longest choice", _pct(f.key_longest_rate), f"<= {t.key_longest_rate:.0%}"),
            ("key is the second-longest", _pct(f.second_longest_rate), ""),
            (
                "median choice grade (Flesch-Kincaid)",
                f"{f.median_choice_grade:.1f}",
                f"<= {t.median_choice_grade:g}",
            ),
            (
                "highest item grade",
                f"{f.max_item_grade:.1f} ({f.max_item_grade_key})",
                f"<= {t.max_item_grade:g}",
            ),
            ("median item words", f"{f.median_item_words:g}", f"<= {t.median_item_words:g}"),
            ("longest choice, words", str(f.max_choice_words), f"<= {t.max_choice_words}"),
            ("items with British spelling", str(f.british_spelling_items), "0"),
            ("key positions (single answer)", str(f.key_positions), ""),
            (
                "absolute words in keys / wrong choices",
                f"{_pct(f.absolute_in_keys)} / {_pct(f.absolute_in_wrong)}",
                "",
            ),
        ]
        for label, value, limit in rows:
            w(f"  {label:<50} {value:<22} {limit}")
        if report.per_file:
            w("Per file:")
            for name, pf in report.per_file.items():
                w(
                    f"  {name}: {pf.published} published, baseline {_pct(pf.baseline_kfold)}, key longest "
                    f"{_pct(pf.key_longest_rate)}, median choice grade {pf.median_choice_grade:.1f}, "
                    f"median item words {pf.median_item_words:g}, positions {pf.key_positions}, "
                    f"kinds {pf.by_kind}"
                )
        w(
            "Giveaways: what the choice-only baseline learns "
            "(use these on both keys and wrong choices, or on neither)"
        )
        for name, cues in report.cues.items():
            if cues:
                w(f"  {name or 'whole bank'}:")
                for cue in cues:
                    w(f"    points to the {cue.points_to}: {cue}")
        if report.logit_cues:
            w("  what the logit leans on:")
            for cue in report.logit_cues:
                w(f"    {cue}")
        shown = [x for x in report.findings if warnings or x.level == "flaw"]
        w(
            f"Findings: {len(report.flaws)} flaw(s), {len(report.findings) - len(report.flaws)} warning(s)"
            + ("" if warnings else " (add --warnings to list them)")
        )
        for x in shown:
            w(f"  {x.key} [{x.check}{'' if x.level == 'flaw' else ', warning'}] {x.message}")
        w(f"Quiz orders: {len(report.quiz_findings)} pattern(s)")
        for x in report.quiz_findings:
            w(f"  {x.key} [{x.check}] {x.message}")
        for failure in report.failures:
            w(f"THRESHOLD BROKEN: {failure}")
