"""Running the project's own commands as separate processes against the test database.

The suite's SQLite test database is a file in var/ and its PostgreSQL one a real database, so a worker or an
app server started here sees what a `transaction=True` test has committed, exactly as another machine would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def current_database_url() -> str:
    """The URL of the database this test runs on, for a child process's DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this one's, pointed at the test database."""
    return {**os.environ, "DATABASE_URL": current_database_url(), "PYTHONUNBUFFERED": "1", **extra}


def manage(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run `manage.py <args>` in a child process and wait for it; fail the test if it fails."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done
