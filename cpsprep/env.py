"""Small typed readers for settings that come from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def load_env_file(path) -> None:
    """Read KEY=VALUE lines from a local, git-ignored file into the environment; real variables win.

    `make` writes `.env` with CPSPREP_DEV=1 on a developer's machine, so `manage.py runserver` works there
    without exporting anything. Only manage.py calls this, and only for runserver; deployments set real
    environment variables (docs/deploy.md).
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE - {''})}, not {raw!r}.")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks around items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def required(name: str, value, why: str):
    """Stop start-up with a clear message when a production setting is missing."""
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. {why} Set it in the environment, or set CPSPREP_DEV=1 for local development."
        )
    return value


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_url(url: str) -> dict:
    """Email settings from one URL: smtp://user:password@host:587 (STARTTLS; `?ssl=1` or smtps:// for
    implicit TLS, `?tls=0` for neither), console://, file:///absolute/folder or dummy://. User and password
    are percent-decoded, so an '@' in either is written %40."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {sorted(_EMAIL_BACKENDS)}://, not {parts.scheme or url!r}."
        )
    out: dict = {"EMAIL_BACKEND": _EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        out["EMAIL_FILE_PATH"] = unquote(parts.path)
    if scheme not in ("smtp", "smtps"):
        return out
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl") in _TRUE
    try:
        port = parts.port or (465 if ssl else 587)
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    out.update(
        EMAIL_HOST=parts.hostname or "localhost",
        EMAIL_PORT=port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_SSL=ssl,
        EMAIL_USE_TLS=not ssl and query.get("tls", "1") in _TRUE,
    )
    return out
