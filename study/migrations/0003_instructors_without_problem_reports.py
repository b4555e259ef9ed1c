"""Instructors no longer read the problem-report queue: it is about the question bank, which trainers keep,
and each report comes from a candidate who may not be in the instructor's class."""

from django.db import migrations


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Instructors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="study", codename="view_problemreport")
        )


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Instructors"):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="study", codename="view_problemreport")
        )


class Migration(migrations.Migration):
    dependencies = [("study", "0002_trainers_handle_problem_reports")]

    operations = [migrations.RunPython(revoke, grant)]
