"""Create the Candidates, Trainers and Instructors groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Candidates": {},
    "Trainers": {
        "competencies": {"framework": "add change delete view", "competency": "add change delete view"},
        "quizzes": {
            "question": "add change delete view",
            "choice": "add change delete view",
            "quiz": "add change delete view",
            "quizitem": "add change delete view",
            "questionversion": "view",
            "versionchoice": "view",
        },
    },
    "Instructors": {
        "competencies": {"framework": "view", "competency": "view"},
        "quizzes": {
            "question": "view",
            "choice": "view",
            "quiz": "view",
            "quizitem": "view",
            "questionversion": "view",
            "versionchoice": "view",
        },
    },
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, by_model in by_app.items():
            for model, actions in by_model.items():
                codenames = [f"{action}_{model}" for action in actions.split()]
                perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
                assert perms.count() == len(codenames), (app_label, model, codenames)
                group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("competencies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
