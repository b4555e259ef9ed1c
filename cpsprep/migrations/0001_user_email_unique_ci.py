"""One account per email address, whatever its letter case, enforced by the database.

The sign-up form checks it too, but two sign-ups at the same moment could both pass the check; the index
makes the second fail. Empty emails (accounts made by paper imports, or people who gave none) are many and
allowed: the index is partial.

Addresses already shared before this migration stay with the account that logged in most recently (or the
oldest, if none did) and are cleared on the others, whose owners can set one again from their account page.
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower

INDEX = "auth_user_email_ci_unique"


def clear_shared_emails(apps, schema_editor):
    User = apps.get_model("auth", "User")
    seen: set[str] = set()
    users = (
        User.objects.exclude(email="")
        .annotate(key=Lower("email"))
        .order_by("key", F("last_login").desc(nulls_last=True), "pk")
    )
    for user in users.iterator():
        if user.key in seen:
            User.objects.filter(pk=user.pk).update(email="")
        seen.add(user.key)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(clear_shared_emails, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(email)) WHERE email <> ''",
            f"DROP INDEX {INDEX}",
        ),
    ]
