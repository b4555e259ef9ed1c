"""Moving item statistics from cohorts to itemstats moved no data: a database migrated to the last release
with cohorts (0005), holding stored statistics, keeps every row and the trainers' permissions to read them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The schema of that release: cohorts and quizzes as they were then (quizzes' later columns have no database
# default, so the old models could not write rows beside them), no itemstats yet.
BEFORE = [
    ("cohorts", "0005_item_analysis_plural"),
    ("quizzes", "0006_attempt_slot_selections"),
    ("itemstats", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_stored_statistics_keeps_the_rows_and_permissions():
    old = _migrate(BEFORE)
    Competency = old.get_model("competencies", "Competency")
    Question = old.get_model("quizzes", "Question")
    QuestionVersion = old.get_model("quizzes", "QuestionVersion")
    Quiz = old.get_model("quizzes", "Quiz")
    Cohort = old.get_model("cohorts", "Cohort")
    now = datetime.datetime(2026, 11, 30, 15, 0, tzinfo=datetime.UTC)
    framework = old.get_model("competencies", "Framework").objects.create(slug="ma", name="Massachusetts")
    competency = Competency.objects.create(
        framework=framework, slug="peer-support", name="Peer support", kind="core", description="D"
    )
    question = Question.objects.create(
        key="q-1", title="Q", competency=competency, scenario="S", stem="What?"
    )
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        content_hash="x",
        title="Q",
        competency=competency,
        scenario="S",
        stem="?",
    )
    quiz = Quiz.objects.create(slug="mock", title="Mock")
    cohort = Cohort.objects.create(name="Spring", slug="spring", starts_on=datetime.date(2026, 3, 1))
    old.get_model("cohorts", "ItemAnalysis").objects.create(
        quiz=quiz, cohort=cohort, attempts="all", attempt_count=7, computed_at=now, data={"format": 2}
    )
    old.get_model("cohorts", "QuestionStatistics").objects.create(
        question=question, version=version, responses=31, facility=80.0, discrimination=25.0
    )
    old.get_model("cohorts", "QuestionStatisticsRun").objects.create(pk=1, attempt_count=7, computed_at=now)
    # The grant cohorts.0002 made (made again here: a flushed test database has no groups left).
    trainers, _ = old.get_model("auth", "Group").objects.get_or_create(name="Trainers")
    trainers.permissions.add(
        *old.get_model("auth", "Permission").objects.filter(
            content_type__app_label="cohorts", codename__in=["view_itemquality", "view_itemanalysis"]
        )
    )
    assert set(trainers.permissions.values_list("content_type__app_label", "codename")) >= {
        ("cohorts", "view_itemquality"),
        ("cohorts", "view_itemanalysis"),
    }

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    analysis = new.get_model("itemstats", "ItemAnalysis").objects.get()
    assert (analysis.quiz_id, analysis.cohort_id, analysis.attempt_count) == (quiz.pk, cohort.pk, 7)
    assert analysis.data == {"format": 2}
    stats = new.get_model("itemstats", "QuestionStatistics").objects.get()
    assert (stats.question_id, stats.version_id, stats.responses, stats.facility) == (
        question.pk,
        version.pk,
        31,
        80,
    )
    assert new.get_model("itemstats", "QuestionStatisticsRun").objects.get().attempt_count == 7
    trainers = new.get_model("auth", "Group").objects.get(name="Trainers")
    assert set(trainers.permissions.values_list("content_type__app_label", "codename")) >= {
        ("itemstats", "view_itemquality"),
        ("itemstats", "view_itemanalysis"),
    }
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"cohorts_itemanalysis", "cohorts_questionstatistics", "cohorts_questionstatisticsrun"} <= tables
