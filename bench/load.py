"""Load benchmark: N candidates take a 20-question timed exam against gunicorn, beside a hello-world page.

Fills the database named by the environment (use a scratch one: it is migrated, the bank loaded, and the
bench candidates' attempts cleared), starts gunicorn on a loopback port with the production settings plus
/bench/hello/ (bench/settings.py), and runs, against that one server:

1. log-in of every candidate (a real PBKDF2 check each);
2. every candidate pressing Start on the same exam within --start-spread seconds;
3. closed-loop throughput, --concurrency clients for --phase seconds each: the question page, the answer
   save, and the hello-world page; with the server's CPU per request from /proc/<pid>/stat of its workers;
4. the exam itself: each candidate views each question, thinks (--think seconds, ±50 %), saves an answer,
   and submits at the end; answer-save p50/p95/p99, errors and "database is locked" counted.

    CPSPREP_VAR_DIR=/tmp/NAME-bench .venv/bin/python bench/load.py --candidates 100 --think 5
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/load.py ...

`--configs 2x4,4x2,1x8` first runs phase 3 for each gunicorn workers x threads configuration, then the whole
run with the one whose question pages went fastest. Figures and how to read them: docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TICK = os.sysconf("SC_CLK_TCK")
LOCKED = "database is locked"


def server_env() -> dict[str, str]:
    """Production settings (no development mode, no .env file) with the bench's hello-world URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("CPSPREP_DEV", "DJANGO_DEBUG")}
    var = Path(env.setdefault("CPSPREP_VAR_DIR", str(ROOT / "var" / "bench")))
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        CPSPREP_ENV_FILE=os.devnull,
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(var / "static"),
        SECURE_COOKIES="0",  # plain HTTP on loopback: no Secure cookies, no redirect to HTTPS
        SECURE_SSL_REDIRECT="0",
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the server --------------------------------------------------------------------------------------------


class Gunicorn:
    """`gunicorn cpsprep.wsgi` with gthread workers, from command-line flags only."""

    def __init__(
        self, *, workers: int, threads: int, env: dict[str, str], log: Path, ready_path: str = "/bench/hello/"
    ):
        self.port = free_port()
        self.workers, self.threads, self.log = workers, threads, log
        command = [
            sys.executable, "-m", "gunicorn", "cpsprep.wsgi:application",
            # not ./gunicorn.conf.py, which gunicorn reads by default: its max_requests recycles workers
            # mid-measurement, and a new worker's CPU counter starts again from zero
            "--config", os.devnull,
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread", "--timeout", "60",
            "--error-logfile", str(log), "--log-level", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(self.port).get(ready_path).status == 200 and len(self.worker_pids()) == workers:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        """User + system CPU of the workers so far (fields 14 and 15 of /proc/<pid>/stat)."""
        total = 0
        for pid in self.worker_pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / TICK

    def locked_count(self) -> int:
        return self.log.read_text(errors="replace").count(LOCKED) if self.log.exists() else 0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- the client ---------------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: str
    location: str
    seconds: float


class Browser:
    """One candidate's keep-alive connection with its cookies, as a browser would hold them."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, data: list | None = None, json_reply: bool = False) -> Reply:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if method == "POST":
            body = urlencode([*(data or []), ("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if json_reply:
            headers["Accept"] = "application/json"
        for retry in (True, False):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # a worker recycled the kept-alive connection: reconnect once
                if not retry:
                    raise
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Reply(response.status, text, response.headers.get("Location", ""), seconds)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: list | None = None, json_reply: bool = False) -> Reply:
        return self.request("POST", path, data, json_reply)


QUESTION = re.compile(r'name="sequence" value="(\d+)"')
CHOICE = re.compile(r'name="choices?" id="choice-(\d+)"')


def save_data(page: str) -> list[tuple[str, str]] | None:
    """The form fields that save a random answer on this question page (a set of one tick for multiple
    response); None when the page is not a question page."""
    sequence = QUESTION.search(page)
    choices = CHOICE.findall(page)
    if not sequence or not choices:
        return None
    pick = random.choice(choices)
    if 'name="multiple"' in page:
        return [("multiple", "1"), ("choices", pick), ("sequence", sequence.group(1))]
    return [("choice", pick), ("sequence", sequence.group(1))]


@dataclass
class Tally:
    """Latencies by kind of request, and what went wrong."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, reply: Reply, ok: bool) -> None:
        with self.lock:
            self.seconds.setdefault(kind, []).append(reply.seconds)
            if not ok:
                self.errors[f"{kind} {reply.status}"] += 1
                if LOCKED in reply.body:
                    self.errors[LOCKED] += 1

    def summary(self, kind: str) -> dict:
        values = sorted(self.seconds.get(kind, []))
        if not values:
            return {}

        def pct(p: float) -> float:
            return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 1)

        return {"n": len(values), "p50_ms": pct(0.5), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
                "max_ms": round(values[-1] * 1000, 1)}  # fmt: skip


@dataclass
class Candidate:
    browser: Browser
    name: str
    attempt_path: str = ""  # /attempts/<id>/


def run_all(function, items, threads: int) -> None:
    """Run function(item) for every item on `threads` threads; re-raise the first failure."""
    queue = list(items)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def work() -> None:
        while True:
            with lock:
                if not queue or failures:
                    return
                item = queue.pop()
            try:
                function(item)
            except BaseException as error:
                failures.append(error)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise failures[0]


# --- phases ---------------------------------------------------------------------------------------------


def log_in(server: Gunicorn, candidates: list[Candidate], tally: Tally) -> dict:
    from bench.scenario import PASSWORD

    def one(candidate: Candidate) -> None:
        candidate.browser.get("/accounts/login/")
        reply = candidate.browser.post(
            "/accounts/login/", [("username", candidate.name), ("password", PASSWORD)]
        )
        tally.add("login", reply, reply.status == 302)

    before = server.cpu_seconds()
    run_all(one, candidates, threads=8)
    return {"cpu_ms_per_login": round((server.cpu_seconds() - before) / len(candidates) * 1000, 1)}


def start_together(
    server: Gunicorn, candidates: list[Candidate], tally: Tally, spread: float, exam: str
) -> dict:
    barrier = threading.Barrier(len(candidates))

    def one(candidate: Candidate) -> None:
        barrier.wait()
        time.sleep(random.uniform(0, spread))
        reply = candidate.browser.post(f"/quizzes/{exam}/start/")
        ok = reply.status == 302 and "/q/1/" in reply.location
        tally.add("start", reply, ok)
        if ok:
            candidate.attempt_path = reply.location.split("/q/")[0] + "/"

    before = server.cpu_seconds()
    run_all(one, candidates, threads=len(candidates))
    return {"cpu_ms_per_start": round((server.cpu_seconds() - before) / len(candidates) * 1000, 1)}


def throughput(server: Gunicorn, candidates: list[Candidate], concurrency: int, seconds: float) -> dict:
    """Closed loop: `concurrency` clients each send the next request as soon as the last one is answered."""
    users = [c for c in candidates if c.attempt_path][:concurrency]
    results = {}
    for kind in ("question_page", "answer_save", "hello"):
        counts = Counter()
        stop = time.monotonic() + seconds

        def loop(candidate: Candidate, kind=kind, stop=stop, counts=counts) -> None:
            browser = Browser(server.port)
            browser.cookies = dict(candidate.browser.cookies)
            position = random.randint(1, 20)
            page = browser.get(f"{candidate.attempt_path}q/{position}/").body
            while time.monotonic() < stop:
                if kind == "hello":
                    reply = browser.get("/bench/hello/")
                    ok = reply.status == 200
                elif kind == "question_page":
                    position = position % 20 + 1
                    reply = browser.get(f"{candidate.attempt_path}q/{position}/")
                    ok = reply.status == 200
                else:
                    data = save_data(page)
                    reply = browser.post(f"{candidate.attempt_path}q/{position}/save/", data, json_reply=True)
                    ok = reply.status == 200
                    if ok:  # carry the new sequence number, as the page's script does
                        sequence = json.loads(reply.body)["sequence"]
                        page = QUESTION.sub(f'name="sequence" value="{sequence}"', page)
                counts["ok" if ok else f"error {reply.status}"] += 1

        cpu = server.cpu_seconds()
        started = time.perf_counter()
        run_all(loop, users, threads=len(users))
        elapsed = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu
        done = sum(counts.values())
        results[kind] = {
            "requests_per_s": round(done / elapsed, 1),
            "cpu_ms_per_request": round(cpu / done * 1000, 2),
            "errors": done - counts["ok"],
        }
    results["question_page_throughput_vs_hello"] = round(
        results["question_page"]["requests_per_s"] / results["hello"]["requests_per_s"], 3
    )
    return results


def take_exam(server: Gunicorn, candidates: list[Candidate], tally: Tally, think: float) -> dict:
    def one(candidate: Candidate) -> None:
        if not candidate.attempt_path:
            return
        browser = candidate.browser
        for position in range(1, 21):
            page = browser.get(f"{candidate.attempt_path}q/{position}/")
            data = save_data(page.body) if page.status == 200 else None
            tally.add("question_page", page, data is not None)
            if data is None:
                continue
            time.sleep(think * random.uniform(0.5, 1.5))
            reply = browser.post(f"{candidate.attempt_path}q/{position}/save/", data, json_reply=True)
            tally.add("answer_save", reply, reply.status == 200 and '"saved": true' in reply.body)
        reply = browser.post(f"{candidate.attempt_path}submit/")
        tally.add("submit", reply, reply.status == 302 and reply.location.endswith("/result/"))
        result = browser.get(reply.location or f"{candidate.attempt_path}result/")
        tally.add("result_page", result, result.status == 200 and "%" in result.body)

    cpu = server.cpu_seconds()
    run_all(one, candidates, threads=len(candidates))
    pages = len(tally.seconds.get("question_page", []))
    return {
        "cpu_ms_per_question_page_and_save": round((server.cpu_seconds() - cpu) / max(pages, 1) * 1000, 2)
    }


# --- the run ------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between page and save")
    parser.add_argument("--start-spread", type=float, default=3.0, help="seconds over which Start is pressed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--configs", default="", help="e.g. 2x4,4x2,1x8: compare, then run with the best")
    parser.add_argument("--concurrency", type=int, default=8, help="clients in the throughput phase")
    parser.add_argument("--phase", type=float, default=8.0, help="seconds per throughput measurement")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    env = server_env()
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import scenario

    scenario.prepare(candidates=args.candidates)
    call_command("collectstatic", "--noinput", verbosity=0)
    vendor = connection.vendor
    connection.close()
    log_dir = Path(env["CPSPREP_VAR_DIR"])

    report: dict = {"database": vendor, "candidates": args.candidates, "think_s": args.think, "configs": {}}
    configs = [tuple(map(int, c.split("x"))) for c in args.configs.split(",") if c] or []
    for workers, threads in configs:
        scenario.prepare(candidates=args.candidates)
        server = Gunicorn(workers=workers, threads=threads, env=env, log=log_dir / "gunicorn-bench.log")
        try:
            people = [Candidate(Browser(server.port), scenario.username(i)) for i in range(args.concurrency)]
            tally = Tally()
            log_in(server, people, tally)
            start_together(server, people, tally, 0, scenario.EXAM_SLUG)
            report["configs"][f"{workers}x{threads}"] = throughput(
                server, people, args.concurrency, args.phase
            )
        finally:
            server.stop()
        print(f"{workers}x{threads}", json.dumps(report["configs"][f"{workers}x{threads}"]), flush=True)
    if configs:
        best = max(report["configs"], key=lambda k: report["configs"][k]["question_page"]["requests_per_s"])
        args.workers, args.threads = map(int, best.split("x"))

    scenario.prepare(candidates=args.candidates)
    log = log_dir / "gunicorn-bench.log"
    log.unlink(missing_ok=True)
    server = Gunicorn(workers=args.workers, threads=args.threads, env=env, log=log)
    report["server"] = f"gunicorn gthread {args.workers} workers x {args.threads} threads"
    try:
        candidates = [Candidate(Browser(server.port), scenario.username(i)) for i in range(args.candidates)]
        tally = Tally()
        report["login"] = log_in(server, candidates, tally)
        report["start"] = start_together(server, candidates, tally, args.start_spread, scenario.EXAM_SLUG)
        report["throughput"] = throughput(server, candidates, args.concurrency, args.phase)
        report["exam"] = take_exam(server, candidates, tally, args.think)
        for kind in ("login", "start", "question_page", "answer_save", "submit", "result_page"):
            report.setdefault("latency", {})[kind] = tally.summary(kind)
        report["errors"] = dict(tally.errors)
        report["database_is_locked_in_server_log"] = server.locked_count()
    finally:
        server.stop()
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    sys.exit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
