"""Stateless app servers and SQLite however it is chosen: what one process stores, another can read; nothing a
request needs lives only in one process's memory."""

import json
import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from tests.cpsprep.production import ROOT

REDIS = ("127.0.0.1", 6379)


def _python(code: str, **env: str) -> str:
    """Run `code` with Django set up, in a fresh process with the given environment (development mode)."""
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    full_env.update(CPSPREP_DEV="1", DJANGO_SETTINGS_MODULE="cpsprep.settings", **env)
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def test_without_redis_each_process_has_its_own_cache_and_sessions_live_in_the_database():
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("this run has REDIS_URL set")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_with_redis_url_two_processes_share_one_cache():
    env = {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"cpsprep-test-{secrets.token_hex(6)}",
    }
    written = _python(
        "from django.core.cache import caches\n"
        "cache = caches['default']\n"
        "cache.set('counter', 0, 60)\n"
        "cache.incr('counter')\n"
        "print(type(cache).__module__ + '.' + type(cache).__name__)",
        **env,
    )
    assert written == "django.core.cache.backends.redis.RedisCache"
    read = _python(
        "from django.core.cache import cache\nprint(cache.incr('counter'))\ncache.delete('counter')", **env
    )
    assert read == "2"  # the second app server counts on from the first one's value


def test_sqlite_chosen_by_database_url_gets_the_same_tuning(tmp_path):
    database = tmp_path / "moved" / "site.sqlite3"
    database.parent.mkdir()
    code = (
        "import json\n"
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "print(json.dumps({\n"
        "  'journal_mode': cursor.execute('PRAGMA journal_mode').fetchone()[0],\n"
        "  'busy_timeout': cursor.execute('PRAGMA busy_timeout').fetchone()[0],\n"
        "  'foreign_keys': cursor.execute('PRAGMA foreign_keys').fetchone()[0],\n"
        "  'transaction_mode': connection.transaction_mode,\n"
        "  'test_name': connection.settings_dict['TEST']['NAME'],\n"
        "}))"
    )
    tuned = json.loads(_python(code, DATABASE_URL=f"sqlite:///{database}"))
    assert tuned == {
        "journal_mode": "wal",
        "busy_timeout": 20_000,
        "foreign_keys": 1,
        "transaction_mode": "IMMEDIATE",
        "test_name": str(database.with_name("test-site.sqlite3")),
    }
