"""CPS Prep settings. Every deploy-time value comes from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from cpsprep.env import email_url, envbool, envint, envlist, envstr, required

BASE_DIR = Path(__file__).resolve().parent.parent
# No `.env` is read here: only `manage.py runserver` reads it (see manage.py), so a file left on a server can
# never turn gunicorn or a management command into development mode.
VAR_DIR = Path(envstr("CPSPREP_VAR_DIR", str(BASE_DIR / "var")))

# Development mode is what `make run` and `make test` use: debug pages, a fixed dev-only secret and the demo
# accounts. Anything else must say its secret and host names out loud. Only a real environment variable (or
# `.env` for runserver) switches it on; cpsprep/wsgi.py warns loudly when a WSGI server finds it on.
DEV_MODE = envbool("CPSPREP_DEV", False)
DEBUG = envbool("DJANGO_DEBUG", DEV_MODE)

if DEV_MODE:
    SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = required("SECRET_KEY", envstr("SECRET_KEY"), "It signs sessions and CSRF tokens.")
    ALLOWED_HOSTS = required(
        "ALLOWED_HOSTS", envlist("ALLOWED_HOSTS"), "It lists the host names this site answers to."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cpsprep",  # its migrations (the email index), operations commands and deployment checks
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "axes",
    "competencies",
    "quizzes",
    "study",
    "cohorts",
    "itemstats",
    "django_tasks_db",
    "jobs",
]

# Where a result page leads: (URL name, label, whether the URL takes the attempt's id). The project wires in
# the apps that own these pages, so the quiz engine links to them without importing them.
QUIZ_RESULT_LINKS = [
    ("study:review", "Review every question", True),
    ("study:dashboard", "Back to your dashboard", False),
]

MIDDLEWARE = [
    # First: a load balancer's probe is answered before the SSL redirect, the host check, sessions and auth.
    "cpsprep.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cpsprep.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files leave here, already compressed
    # Pages are compressed (HTML is ~80 % smaller). BREACH: Django masks the CSRF token afresh on every
    # response and this middleware pads each gzip stream with random bytes (Django 4.2+); see docs/deploy.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cpsprep.middleware.RefuseUnstorableInputMiddleware",  # before a NUL or a huge int reaches a query
    "cpsprep.middleware.BoundFormsetsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cpsprep.middleware.PrivatePagesMiddleware",  # Cache-Control: private, no-store for logged-in people
    "django.contrib.messages.middleware.MessageMiddleware",
    "cpsprep.middleware.MethodNotAllowedPageMiddleware",  # after auth and messages: its page uses both
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out log-in into the 429 page
]

ROOT_URLCONF = "cpsprep.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cpsprep.wsgi.application"

# --- Database -------------------------------------------------------------------------------------------
# The embedded default is SQLite in var/. However SQLite is chosen (the default or DATABASE_URL=sqlite:///…)
# it is tuned for a web server: WAL lets readers and one writer work at once, IMMEDIATE transactions take the
# write lock up front (so two writers queue instead of one failing half-way with "database is locked"), and
# the busy timeout is how long a writer waits for its turn.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cpsprep.sqlite3",
            # Kept per server thread, so a request does not open the file and run the PRAGMAs below each time.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # A file beside the database, not Django's shared in-memory default, so tests with concurrent clients
    # meet the same locking as the server does.
    DATABASES["default"]["TEST"] = {"NAME": str(_sqlite_file.with_name(f"test-{_sqlite_file.name}"))}

# Background jobs: Django's tasks framework (the django-tasks backport) with its database backend, so the
# queue is the database the site already has: SQLite on one machine, PostgreSQL shared by many
# (docs/architecture.md, "Background jobs"). `manage.py run_worker` runs the tasks and enqueues PERIODIC_TASKS
# when due; `make run` starts one beside the dev server; the test suite runs tasks inline (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Task path -> period in seconds. Every worker offers to enqueue these; the database lets one per period.
PERIODIC_TASKS = {
    "quizzes.tasks.close_overdue_attempts": 60,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling (django-axes): the first backend refuses a locked-out account or address before the
# password is checked. Counted per account (name without case) and, separately, per client address; 20
# failures lock for a few minutes, a success resets the count, and failures during the lock don't extend
# it, so the real user waits at most one cool-off. The database handler keeps the counts (no cache, no
# Redis), shared by every worker.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 5))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "cpsprep.throttle.client_username"
AXES_CLIENT_IP_CALLABLE = "cpsprep.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "cpsprep.throttle.locked_out"
AXES_VERBOSE = False

# Email: password resets and email-change links. EMAIL_URL (smtp://user:password@host:587) or the separate
# EMAIL_HOST/PORT/HOST_USER/HOST_PASSWORD/USE_TLS variables; development prints mail to the console. A send
# that fails is logged (Django's password reset) or reported on the page, never a 500.
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CPS Prep <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT_SECONDS", 10)
if envstr("EMAIL_URL"):
    globals().update(email_url(envstr("EMAIL_URL")))
elif envstr("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = envstr("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
elif DEV_MODE:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # the reset email says "three days"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "study:dashboard"
LOGOUT_REDIRECT_URL = "quizzes:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = envstr("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = DEBUG  # serve straight from static/ in development, collected files otherwise
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Static files (deployment) ---------------------------------------------------------------------------
# In production `collectstatic` writes each file under a content-hashed name with .gz and .br beside it;
# whitenoise serves those with a ten-year, immutable Cache-Control, so a changed file gets a new name and a
# browser never asks twice. Development and the tests serve static/ as it is, without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache and sessions (stateless app servers) ----------------------------------------------------------
# With REDIS_URL every app server shares one cache (and with it any counters kept there); without it each
# process has its own local memory, which is right for a single server. Sessions live in the database, so a
# person may land on any app server; nothing else a request needs is kept in a process (docs/deploy.md).
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "cpsprep"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security defaults that hold in every mode; the HTTPS-only ones switch on outside development.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the autosave script reads the token from the form, not the cookie
CSRF_FAILURE_VIEW = "cpsprep.errors.csrf_failure"  # Django's own page has an inline style the CSP blocks
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEV_MODE)
# Off unless asked for (the documented environment turns it on): app servers are also spoken to over plain
# HTTP on loopback, by benchmarks and the scale-out test.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
# HSTS is off unless asked for: once a browser has seen it, the site cannot go back to plain HTTP for that
# long, so the operator turns it on when TLS works (docs/deploy.md gives the values `check --deploy` wants).
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)

# Only our own origin may provide scripts, styles, images and fonts: no inline script, no CDN.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # axes logs every log-in at INFO; lock-outs, which matter, come at WARNING
        "axes": {"level": "WARNING"},
        # The database worker's own logger notes every idle poll; each task's start and end still log
        # through "django_tasks", and failures through both.
        "django_tasks_db": {"level": "WARNING"},
    },
}
