"""Production stays production: a stray .env cannot switch development mode on, check --deploy is clean under
the documented environment, personal pages are never cached, and /healthz tells a load balancer the truth."""

import socket
import subprocess
import sys
import threading

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from quizzes import services
from tests.cpsprep.production import ROOT, manage, production_environment


def _stray_dev_env_file(tmp_path) -> dict[str, str]:
    """Production variables without SECRET_KEY, and a leftover `.env` that says CPSPREP_DEV=1."""
    (tmp_path / "stray.env").write_text("CPSPREP_DEV=1\n")
    env = production_environment(tmp_path, CPSPREP_ENV_FILE=str(tmp_path / "stray.env"))
    del env["SECRET_KEY"]
    return env


def test_a_stray_env_file_does_not_turn_management_commands_into_development_mode(tmp_path):
    result = manage(_stray_dev_env_file(tmp_path), "create_demo_users")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr  # production settings, not the public dev secret


def test_a_stray_env_file_does_not_turn_the_wsgi_application_into_development_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import cpsprep.wsgi"],
        cwd=ROOT,
        env=_stray_dev_env_file(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_only_the_development_server_reads_the_env_file(tmp_path):
    env = _stray_dev_env_file(tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(60, server.kill)  # a server that never speaks ends the loop below
    watchdog.start()
    try:
        for line in server.stdout:
            if "Starting development server" in line or "Error" in line:
                break
    finally:
        watchdog.cancel()
        server.terminate()
        server.wait(timeout=30)
    assert "Starting development server" in line, line


def test_a_wsgi_server_in_development_mode_says_so_loudly(tmp_path):
    env = production_environment(tmp_path, CPSPREP_DEV="1")
    result = subprocess.run(
        [sys.executable, "-c", "import cpsprep.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING: CPS Prep is serving in DEVELOPMENT mode" in result.stderr


def test_check_deploy_is_clean_under_the_documented_environment_and_fails_in_development_mode(tmp_path):
    clean = manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert clean.returncode == 0, clean.stderr
    assert "System check identified no issues (0 silenced)" in clean.stdout
    dev = manage(production_environment(tmp_path, CPSPREP_DEV="1"), "check", "--deploy")
    assert dev.returncode != 0 and "cpsprep.E001" in dev.stderr


def test_hsts_comes_from_the_environment(tmp_path):
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD)"
    env = production_environment(tmp_path, SECURE_HSTS_SECONDS="600", SECURE_HSTS_PRELOAD="0")
    result = manage(env, "shell", "--verbosity", "0", "-c", code)
    assert result.stdout.split() == ["600", "False"], result.stderr


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_every_personal_page_is_private_and_never_stored(client, casey, make_quiz):
    quiz = make_quiz(2)
    attempt = services.attempt_start(user=casey, quiz=quiz)
    client.force_login(casey)
    client.post(reverse("quizzes:attempt_submit", args=[attempt.pk]))
    pages = [
        reverse("study:dashboard"),
        reverse("study:progress"),
        reverse("quizzes:attempt_result", args=[attempt.pk]),
        reverse("study:review", args=[attempt.pk]),
        reverse("cohorts:cohort_list"),
        reverse("quizzes:home"),  # the header names the person
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _cache_control(response), url


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, make_quiz):
    make_quiz(2)
    response = client.get(reverse("quizzes:home"))
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)


def test_pages_are_gzipped_for_browsers_that_accept_it(client, make_quiz):
    make_quiz(2)
    response = client.get(reverse("quizzes:home"), headers={"accept-encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_healthz_answers_ok_for_a_probe_by_ip_address_without_a_session(
    client, db, settings, django_assert_max_num_queries
):
    settings.SECURE_SSL_REDIRECT = True  # a probe speaks plain HTTP to the app server: no redirect for it
    with django_assert_max_num_queries(1):
        response = client.get("/healthz", headers={"host": "10.0.0.7"})
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert not response.cookies
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_while_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(
        app="study", name="0002_trainers_handle_problem_reports"
    ).delete()
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"1 migration(s) not applied\n")


@pytest.mark.parametrize("path", ["/healthz/", "/healthzz"])
def test_only_the_exact_health_path_is_the_probe(client, db, path):
    assert client.get(path).status_code == 404
