"""Trainers work the problem-report queue; instructors may read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Trainers": ["view_problemreport", "change_problemreport"], "Instructors": ["view_problemreport"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("study")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="study", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="study"))


class Migration(migrations.Migration):
    dependencies = [("study", "0001_initial"), ("quizzes", "0002_groups")]

    operations = [migrations.RunPython(grant, revoke)]
