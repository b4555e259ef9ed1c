"""Trainers edit a quiz's blueprint rules (an inline of the quiz admin); instructors may read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Trainers": "add change delete view", "Instructors": "view"}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_quizrule" for action in actions.split()]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="quizzes", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="quizzes", codename__endswith="_quizrule")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0004_question_kinds_and_weights")]

    operations = [migrations.RunPython(grant, revoke)]
