"""Start-up refuses to run outside development mode without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"CPSPREP_DEV", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"CPSPREP_ENV_FILE": "/nonexistent/.env", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = _check({"ALLOWED_HOSTS": "cpsprep.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_allowed_hosts_stops_start_up_with_a_clear_message():
    result = _check({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_settings_start_when_both_are_given():
    result = _check({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "cpsprep.example.org"})
    assert result.returncode == 0, result.stderr


def test_the_sqlite_default_is_tuned_for_concurrent_writers(settings, db):
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("this run is on PostgreSQL")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_a_local_env_file_fills_in_but_never_overrides_real_variables(tmp_path, monkeypatch):
    from cpsprep.env import load_env_file

    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nCPSPREP_TEST_A=from-file\nCPSPREP_TEST_B='quoted'\nnot a pair\n")
    monkeypatch.setenv("CPSPREP_TEST_A", "from-environment")
    monkeypatch.delenv("CPSPREP_TEST_B", raising=False)
    load_env_file(env_file)
    assert os.environ["CPSPREP_TEST_A"] == "from-environment"
    assert os.environ["CPSPREP_TEST_B"] == "quoted"
    load_env_file(tmp_path / "missing")  # no file, no error


def test_email_settings_come_from_one_url():
    from django.core.exceptions import ImproperlyConfigured

    from cpsprep.env import email_url

    smtp = email_url("smtp://mailer%40example.org:p%40ss@mail.example.org:2525")
    assert smtp["EMAIL_HOST"] == "mail.example.org" and smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_USER"] == "mailer@example.org" and smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    ssl = email_url("smtps://u:p@mail.example.org")
    assert ssl["EMAIL_PORT"] == 465 and ssl["EMAIL_USE_SSL"] is True and ssl["EMAIL_USE_TLS"] is False
    assert email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_url("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with one of"):
        email_url("ftp://x")
