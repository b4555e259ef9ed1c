from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cpsprep.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Copy the database to a file while the site keeps serving: SQLite through its online backup API, "
        "PostgreSQL through pg_dump (custom format). DESTINATION is a file or a folder "
        "(default var/backups/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", type=Path)

    def handle(self, *args, destination: Path | None, **options):
        target = destination or Path(settings.VAR_DIR) / "backups"
        if destination is None:
            target.mkdir(parents=True, exist_ok=True)
        try:
            written = database_backup(destination=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backup written to {written} ({written.stat().st_size:,} bytes).")
