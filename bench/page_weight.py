"""Benchmark: the first load of a timed exam's question page on a 360 px phone over slow 3G.

Follows docs/deploy.md in a temporary folder (the documented production environment, migrate,
collectstatic, load_content, gunicorn with gunicorn.conf.py), logs a candidate in and starts a timed mock
exam, then opens the question page in Debian's Chromium (Playwright) with a 360 x 780 phone viewport, an empty
cache, and Chromium's own network throttling (CDP Network.emulateNetworkConditions): 400 ms round trip,
400 kbit/s each way, the "slow 3G" profile of WebPageTest. It reports the bytes transferred (what DevTools
calls "transferred": headers and compressed bodies, summed from Network.loadingFinished) and the time to the
load event, for the first load and for the next question (hashed static files then come from the cache).

    .venv/bin/python bench/page_weight.py [--runs 3] [--latency-ms 400] [--kbps 400]

The browser talks plain HTTP to gunicorn on a loopback port and adds the header the TLS proxy would add
(X-Forwarded-Proto: https), so the settings are exactly the documented ones but ALLOWED_HOSTS.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cpsprep.production import free_port, manage, production_environment  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a-long-bench-password"
SETUP = """
from django.contrib.auth import get_user_model
from quizzes import services
from quizzes.models import Quiz
user = get_user_model().objects.create_user("phone", "phone@example.org", "{password}")
quiz = Quiz.objects.filter(mode="exam").order_by("pk").first()
attempt = services.attempt_start(user=user, quiz=quiz)
print(attempt.pk, attempt.slots.count())
"""


def _request(port: int, method: str, path: str, cookies: dict, body: str | None = None):
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1{path}",
        }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    return response.status, text


def _log_in(port: int) -> dict:
    cookies: dict = {}
    _, page = _request(port, "GET", "/accounts/login/", cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "phone", "password": PASSWORD})
    status, _ = _request(port, "POST", "/accounts/login/", cookies, form)
    assert status == 302, "log-in refused"
    return cookies


def _load(
    browser, base: str, cookies: dict, paths: list[str], latency_ms: int, kbps: int, accept: str | None
) -> list[dict]:
    """Open `paths` one after another in a fresh phone context; return bytes, time and resources of each."""
    context = browser.new_context(
        base_url=base,
        viewport={"width": 360, "height": 780},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        extra_http_headers={"X-Forwarded-Proto": "https"} | ({"Accept-Encoding": accept} if accept else {}),
    )
    context.add_cookies([{"name": k, "value": v, "url": base} for k, v in cookies.items()])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    throughput = kbps * 1000 / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": throughput,
            "uploadThroughput": throughput,
        },
    )
    responses: dict[str, dict] = {}
    finished: dict[str, int] = {}
    cdp.on(
        "Network.responseReceived",
        lambda e: responses.__setitem__(
            e["requestId"],
            {
                "url": e["response"]["url"],
                "encoding": {k.lower(): v for k, v in e["response"]["headers"].items()}.get(
                    "content-encoding", "-"
                ),
                "cached": e["response"].get("fromDiskCache", False),
            },
        ),
    )
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    loads = []
    for path in paths:
        responses.clear()
        finished.clear()
        page.goto(path, wait_until="load")
        page.wait_for_timeout(200)  # let the last loadingFinished events arrive
        timing = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd}; })()"
        )
        resources = [{**responses[rid], "bytes": size} for rid, size in finished.items() if rid in responses]
        loads.append({"bytes": sum(finished.values()), "load_ms": timing["load"], "resources": resources})
    context.close()
    return loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=400)
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument(
        "--accept-encoding",
        help='what the browser accepts, e.g. "gzip, deflate" for a browser without brotli',
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cpsprep-weight-") as folder:
        port = free_port()
        env = production_environment(
            Path(folder), GUNICORN_BIND=f"127.0.0.1:{port}", ALLOWED_HOSTS="127.0.0.1"
        )
        for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
            done = manage(env, *step, timeout=600)
            assert done.returncode == 0, done.stderr
        done = manage(env, "shell", "--verbosity", "0", "-c", SETUP.format(password=PASSWORD))
        assert done.returncode == 0, done.stderr
        attempt_id, slots = (int(x) for x in done.stdout.split())
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cpsprep.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    if _request(port, "GET", "/healthz", {})[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            cookies = _log_in(port)
            paths = [f"/attempts/{attempt_id}/q/1/", f"/attempts/{attempt_id}/q/{min(2, slots)}/"]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                runs = [
                    _load(
                        browser,
                        f"http://127.0.0.1:{port}",
                        cookies,
                        paths,
                        args.latency_ms,
                        args.kbps,
                        args.accept_encoding,
                    )
                    for _ in range(args.runs)
                ]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=60)

    accepted = args.accept_encoding or "Chromium's own Accept-Encoding"
    network = f"{args.latency_ms} ms RTT, {args.kbps} kbit/s"
    print(f"Question page of a timed exam, 360 px phone, {network}, accepting {accepted}:")
    for index, name in enumerate(["first load (empty cache)", "next question (warm cache)"]):
        sizes = [run[index]["bytes"] / 1024 for run in runs]
        times = [run[index]["load_ms"] / 1000 for run in runs]
        each = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"  {name}: {statistics.median(sizes):.1f} KiB transferred, load event at "
            f"{statistics.median(times):.2f} s (median of {len(runs)}; each: {each})"
        )
    print("  resources of the first load (last run):")
    fetched = [r for r in runs[-1][0]["resources"] if not r["url"].startswith("data:")]
    for resource in sorted(fetched, key=lambda r: -r["bytes"]):
        path = urllib.parse.urlsplit(resource["url"]).path
        print(f"    {resource['bytes'] / 1024:6.1f} KiB  {resource['encoding']:<5} {path}")


if __name__ == "__main__":
    main()
