"""Item statistics moved to the itemstats app. Only Django's idea of the models changes here: the tables
stay where they are, with their rows, and itemstats.0001 takes them over under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0005_item_analysis_plural"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="itemanalysis",
                    name="cohort",
                ),
                migrations.RemoveField(
                    model_name="itemanalysis",
                    name="quiz",
                ),
                migrations.RemoveField(
                    model_name="questionstatistics",
                    name="question",
                ),
                migrations.RemoveField(
                    model_name="questionstatistics",
                    name="version",
                ),
                migrations.DeleteModel(
                    name="QuestionStatisticsRun",
                ),
                migrations.DeleteModel(
                    name="ItemQuality",
                ),
                migrations.DeleteModel(
                    name="ItemAnalysis",
                ),
                migrations.DeleteModel(
                    name="QuestionStatistics",
                ),
            ],
            database_operations=[],
        ),
    ]
