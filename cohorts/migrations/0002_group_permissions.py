"""Let trainers and instructors read item quality flags and stored item analyses in admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view_itemquality", "view_itemanalysis"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure ours exist now.
    config = apps.get_app_config("cohorts")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.filter(content_type__app_label="cohorts", codename__in=VIEW))
    assert len(perms) == len(VIEW), perms
    for name in ["Trainers", "Instructors"]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Trainers", "Instructors"]):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="cohorts", codename__in=VIEW)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0001_initial"),
        ("quizzes", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
