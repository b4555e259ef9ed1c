"""Backups of the database the site runs on, safe while it serves."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    pass


def backup_file_name(vendor: str) -> str:
    suffix = "sqlite3" if vendor == "sqlite" else "pgdump"
    return f"cpsprep-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


def database_backup(*, destination: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `destination` (a file, or a folder to put a dated file in)
    and return its path. The copy appears whole or not at all."""
    connection = connections[alias]
    if destination.is_dir():
        destination = destination / backup_file_name(connection.vendor)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(Path(connection.settings_dict["NAME"]), partial)
        elif connection.vendor == "postgresql":
            _postgresql_backup(connection.settings_dict, partial)
        else:
            raise BackupError(f"No backup method for {connection.vendor}; use the database's own tool.")
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


def _sqlite_backup(source: Path, target: Path) -> None:
    # SQLite's online backup API copies every page in one step, inside one read transaction: the copy is a
    # single consistent moment, and in WAL mode the server's writers carry on while it runs.
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"The copy failed SQLite's integrity check: {verdict}")
    finally:
        dst.close()
        src.close()


def _postgresql_backup(settings_dict: dict, target: Path) -> None:
    # pg_dump reads in one repeatable-read snapshot, so it too is consistent while the site serves; the custom
    # format is compressed and restored with pg_restore.
    env = dict(os.environ)
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        if settings_dict.get(key):
            env[f"PG{key}"] = str(settings_dict[key])
    try:
        result = subprocess.run(
            ["pg_dump", "--format=custom", f"--file={target}", settings_dict["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise BackupError("pg_dump is not installed (apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
