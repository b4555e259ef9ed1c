"""docs/deploy.md, followed as written: the documented environment file, migrate, collectstatic,
check --deploy, the first staff account, gunicorn with gunicorn.conf.py, then what the proxy and a browser
would ask of it.

The database is SQLite in a temporary folder whichever database the suite runs on: the recipe is the same for
PostgreSQL but for DATABASE_URL, and the suite's own database must not be migrated or filled from here.
"""

import gzip
import http.client
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie

import brotli
import pytest

from tests.cpsprep.production import ROOT, documented_environment, free_port, manage, production_environment

pytestmark = pytest.mark.slow
HOST = documented_environment()["ALLOWED_HOSTS"].split(",")[0]
PASSWORD = "a-long-staff-password-for-tests"


class ThroughTheProxy:
    """What Caddy or nginx sends on: the public host name, X-Forwarded-Proto, and the browser's cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: str | None = None, headers: dict | None = None):
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://{HOST}{path}"  # Django checks it on HTTPS POSTs
        sent.update(headers or {})
        sent = {k: v for k, v in sent.items() if v is not None}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        encoding = response.headers.get("Content-Encoding")
        text = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, lambda b: b)(raw)
        return response, raw, text.decode("utf-8", "replace")


def _start_gunicorn(env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cpsprep.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Readiness, as a load balancer sees it: poll /healthz until the server answers (or give up).
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stderr.read()}")
        try:
            conn = http.client.HTTPConnection(
                "127.0.0.1", int(env["GUNICORN_BIND"].rsplit(":", 1)[1]), timeout=5
            )
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    pytest.fail("gunicorn did not answer /healthz within a minute")


def _stop(server: subprocess.Popen) -> str:
    server.send_signal(signal.SIGTERM)
    _, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr
    return stderr


def test_the_deployment_recipe_gives_a_working_production_server(tmp_path):
    port = free_port()
    env = production_environment(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}")
    assert "CPSPREP_DEV" not in env

    # Install steps, in the order of docs/deploy.md.
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
        done = manage(env, *step, timeout=300)
        assert done.returncode == 0, f"{step}: {done.stderr}"
    checked = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout
    staff = manage(
        env | {"STAFF_ACCOUNT_PASSWORD": PASSWORD},
        *("create_staff_account", "--role", "trainer", "--username", "tess", "--email", "tess@example.org"),
    )
    assert staff.returncode == 0, staff.stderr
    hashed = list((tmp_path / "staticfiles" / "vendor" / "bootstrap").glob("bootstrap.min.*.css"))
    assert len(hashed) == 1 and hashed[0].with_name(hashed[0].name + ".gz").exists()

    server = _start_gunicorn(env)
    try:
        proxy = ThroughTheProxy(port)

        # A public page: compressed HTML, HSTS as configured, the stylesheet under its hashed name.
        response, raw, html = proxy.request("GET", "/")
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip" and len(raw) < len(html.encode()) / 2
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "no-store" not in response.headers.get("Cache-Control", "")
        css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', html)
        assert css, "the page links Bootstrap under its content-hashed name"

        # The hashed file: far-future and immutable, compressed with brotli or gzip, as the browser accepts.
        for accept, encoding in [("br, gzip", "br"), ("gzip", "gzip")]:
            response, raw, text = proxy.request("GET", css.group(1), headers={"Accept-Encoding": accept})
            assert response.status == 200
            assert response.headers["Content-Encoding"] == encoding
            assert "max-age=315360000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]
            assert ".btn{" in text and len(raw) < len(text.encode()) / 4

        # Plain HTTP is sent to HTTPS; the load balancer's probe by IP address is not.
        response, _, _ = proxy.request("GET", "/", headers={"X-Forwarded-Proto": None})
        assert response.status == 301 and response.headers["Location"] == f"https://{HOST}/"
        response, _, body = proxy.request(
            "GET", "/healthz", headers={"X-Forwarded-Proto": None, "Host": "10.0.0.7"}
        )
        assert (response.status, body) == (200, "ok\n")

        # The first staff account logs in; their pages are never stored by a browser or proxy.
        _, _, login_page = proxy.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "tess", "password": PASSWORD}
        )
        response, _, _ = proxy.request("POST", "/accounts/login/", body=form)
        assert response.status == 302, "log-in refused"
        assert {"sessionid", "csrftoken"} <= set(proxy.cookies)
        response, _, page = proxy.request("GET", "/admin/")
        assert response.status == 200 and "Site administration" in page
        response, _, page = proxy.request("GET", "/dashboard/")
        assert response.status == 200 and "Your dashboard" in page
        assert response.headers["Cache-Control"] == "private, no-store"
    finally:
        first_log = _stop(server) if server.poll() is None else server.stderr.read()
    assert "DEVELOPMENT" not in first_log and "Traceback" not in first_log

    # A restart (as after an upgrade) keeps the session: sessions live in the database, not in a process.
    server = _start_gunicorn(env)
    try:
        response, _, page = proxy.request("GET", "/admin/")
        assert response.status == 200 and "Site administration" in page
    finally:
        _stop(server)
