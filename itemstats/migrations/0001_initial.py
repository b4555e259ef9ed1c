"""Item statistics, taken over from cohorts with their tables and rows (cohorts.0006 let go of them).

The content types move too, so the permissions granted to trainers and instructors (view item quality, view
item analysis) keep working under the new app label."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["itemanalysis", "itemquality", "questionstatistics", "questionstatisticsrun"]


def relabel(label_from: str, label_to: str):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=label_from, model__in=MODELS).update(app_label=label_to)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cohorts", "0006_item_statistics_move_to_itemstats"),
        ("quizzes", "0006_attempt_slot_selections"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ItemQuality",
                    fields=[],
                    options={
                        "verbose_name": "item quality",
                        "verbose_name_plural": "item quality",
                        "proxy": True,
                        "indexes": [],
                        "constraints": [],
                    },
                    bases=("quizzes.question",),
                ),
                migrations.CreateModel(
                    name="QuestionStatistics",
                    fields=[
                        (
                            "question",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="response_statistics",
                                serialize=False,
                                to="quizzes.question",
                            ),
                        ),
                        (
                            "responses",
                            models.PositiveIntegerField(
                                help_text="Responses to `version` in submitted attempts."
                            ),
                        ),
                        (
                            "earlier_responses",
                            models.PositiveIntegerField(default=0, help_text="Responses to older versions."),
                        ),
                        (
                            "facility",
                            models.FloatField(help_text="Percent right; empty: not enough data.", null=True),
                        ),
                        (
                            "discrimination",
                            models.FloatField(
                                help_text="Discrimination index; empty: not enough data.", null=True
                            ),
                        ),
                        (
                            "version",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="quizzes.questionversion",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "question statistics",
                        "db_table": "cohorts_questionstatistics",
                    },
                ),
                migrations.CreateModel(
                    name="QuestionStatisticsRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("attempt_count", models.PositiveIntegerField()),
                        ("latest_submitted_at", models.DateTimeField(null=True)),
                        ("computed_at", models.DateTimeField()),
                    ],
                    options={
                        "db_table": "cohorts_questionstatisticsrun",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("id", 1)), name="questionstatisticsrun_single_row"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ItemAnalysis",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "attempts",
                            models.CharField(
                                choices=[
                                    ("first", "First attempt of each candidate"),
                                    ("last", "Last attempt of each candidate"),
                                    ("best", "Best attempt of each candidate"),
                                    ("all", "All attempts"),
                                ],
                                max_length=5,
                            ),
                        ),
                        ("attempt_count", models.PositiveIntegerField()),
                        ("latest_submitted_at", models.DateTimeField(null=True)),
                        ("computed_at", models.DateTimeField()),
                        ("data", models.JSONField()),
                        (
                            "cohort",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="cohorts.cohort",
                            ),
                        ),
                        (
                            "quiz",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="quizzes.quiz",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "item analysis",
                        "verbose_name_plural": "item analyses",
                        "db_table": "cohorts_itemanalysis",
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("cohort__isnull", False)),
                                fields=("quiz", "cohort", "attempts"),
                                name="itemanalysis_one_per_cohort_scope",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("cohort__isnull", True)),
                                fields=("quiz", "attempts"),
                                name="itemanalysis_one_per_quiz_scope",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel("cohorts", "itemstats"), relabel("itemstats", "cohorts")),
    ]
