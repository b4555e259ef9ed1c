"""The documented production environment (deploy/cpsprep.env.example), for tests that run real processes."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "cpsprep.env.example"
# What a test process inherits and production would not have.
NOT_IN_PRODUCTION = {"CPSPREP_DEV", "DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def documented_environment() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def production_environment(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment file as documented, with a real secret and its folders under `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    env.update(documented_environment())
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        CPSPREP_VAR_DIR=str(data_dir / "var"),
        STATIC_ROOT=str(data_dir / "staticfiles"),
        CPSPREP_ENV_FILE=str(data_dir / "no.env"),
    )
    return env | overrides


def manage(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
