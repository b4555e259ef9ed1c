"""The operator's commands: the first staff accounts, and a backup taken while the site keeps writing."""

import sqlite3
import subprocess
import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

User = get_user_model()
PASSWORD = "a-long-staff-password-for-tests"


@pytest.fixture
def staff_password(monkeypatch):
    monkeypatch.setenv("STAFF_ACCOUNT_PASSWORD", PASSWORD)


@pytest.mark.parametrize(
    ("role", "can", "cannot"),
    [
        ("trainer", "quizzes.change_question", "cohorts.change_cohort"),
        ("instructor", "quizzes.view_question", "quizzes.change_question"),
        ("superuser", "cohorts.change_cohort", None),
    ],
)
def test_each_role_gets_its_group_and_permissions(db, staff_password, role, can, cannot):
    out = StringIO()
    call_command("create_staff_account", role=role, username="first", email="first@example.org", stdout=out)
    user = User.objects.get(username="first")
    assert user.is_staff and user.check_password(PASSWORD)
    assert user.has_perm(can)
    assert cannot is None or not user.has_perm(cannot)
    assert user.is_superuser == (role == "superuser")
    assert f"Created {role} 'first'" in out.getvalue()


def test_an_existing_name_is_refused_and_nothing_changes(db, staff_password, tess):
    before = tess.password
    with pytest.raises(CommandError, match="already exists; nothing was changed"):
        call_command("create_staff_account", role="superuser", username="TESS", email="t@example.org")
    tess.refresh_from_db()
    assert (tess.password, tess.is_superuser) == (before, False)


def test_a_weak_password_or_a_bad_email_is_refused_with_the_reason(db, monkeypatch):
    monkeypatch.setenv("STAFF_ACCOUNT_PASSWORD", "12345678")
    with pytest.raises(CommandError, match=r"The password was refused: .*too common"):
        call_command("create_staff_account", role="trainer", username="new", email="new@example.org")
    monkeypatch.setenv("STAFF_ACCOUNT_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("create_staff_account", role="trainer", username="new", email="not-an-address")
    assert not User.objects.filter(username="new").exists()


def test_without_a_terminal_or_the_variable_the_command_says_what_to_set(db, monkeypatch):
    monkeypatch.delenv("STAFF_ACCOUNT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", StringIO())
    with pytest.raises(CommandError, match="set STAFF_ACCOUNT_PASSWORD"):
        call_command("create_staff_account", role="trainer", username="new", email="new@example.org")


def _groups_in_copy(path) -> set[str]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return {name for (name,) in copy.execute("SELECT name FROM auth_group")}
    # PostgreSQL: restore the dump into a scratch database, as docs/deploy.md does, and read it there.
    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        env = {
            f"PG{k}": str(settings_dict[k]) for k in ("HOST", "PORT", "USER", "PASSWORD") if settings_dict[k]
        }
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", scratch, str(path)],
            env=env,
            check=True,
            capture_output=True,
        )
        listed = subprocess.run(
            ["psql", "-At", "-d", scratch, "-c", "SELECT name FROM auth_group"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return set(listed.stdout.splitlines())
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_a_backup_taken_while_a_write_is_in_flight_neither_waits_nor_breaks_it(transactional_db, tmp_path):
    """The site's writer holds an open write transaction (as during an answer save) while the backup runs:
    the backup finishes without waiting, holds every committed row and not the unfinished one, and the
    writer then commits normally."""
    Group.objects.create(name="committed before the backup")
    writing, backup_done, outcome = threading.Event(), threading.Event(), {}

    def writer():
        try:
            with transaction.atomic():
                Group.objects.create(name="in flight during the backup")
                writing.set()
                assert backup_done.wait(timeout=60), "the backup never finished"
            outcome["committed"] = True
        except Exception as exc:  # reported to the test below
            outcome["error"] = exc
            writing.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(timeout=30)
        out = StringIO()
        call_command("backup", str(tmp_path / "copy"), stdout=out)
    finally:
        backup_done.set()
        thread.join(timeout=60)
    assert outcome == {"committed": True}
    assert "Backup written to" in out.getvalue()
    names = _groups_in_copy(tmp_path / "copy")
    assert "committed before the backup" in names
    assert "in flight during the backup" not in names
    assert Group.objects.filter(name="in flight during the backup").exists()
    assert not list(tmp_path.glob("*.partial"))


def test_a_backup_into_a_folder_gets_a_dated_name(transactional_db, tmp_path):
    call_command("backup", str(tmp_path), stdout=StringIO())
    (written,) = tmp_path.iterdir()
    assert written.name.startswith("cpsprep-") and written.stat().st_size > 0
