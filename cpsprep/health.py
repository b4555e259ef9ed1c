"""What /healthz reports to a load balancer: can this app server reach its database, and is the schema the
code expects in place (no migration left to apply)?"""

from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    # The migration files only change with a deploy, and a deploy restarts the process, so reading them once
    # per process is enough; what the database has applied is asked on every check.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def health_problems() -> list[str]:
    """An empty list when this server can serve requests; otherwise what is wrong, in a few words.

    One query when all is well: reading the applied migrations proves the database answers too.
    """
    try:
        applied = set(MigrationRecorder(connection).migration_qs.values_list("app", "name"))
    except DatabaseError as exc:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return [f"database unreachable ({type(exc).__name__})"]
        return ["no migrations applied (run manage.py migrate)"]
    pending = len(_migrations_on_disk() - applied)
    return [f"{pending} migration(s) not applied"] if pending else []
