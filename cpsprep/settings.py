"""CPS Prep settings. Every deploy-time value comes from the environment (see README, "Configuration")."""

from pathlib import Path

import dj_database_url

from cpsprep.env import envbool, envint, envlist, envstr, load_env_file, required

BASE_DIR = Path(__file__).resolve().parent.parent
load_env_file(envstr("CPSPREP_ENV_FILE", str(BASE_DIR / ".env")))
VAR_DIR = Path(envstr("CPSPREP_VAR_DIR", str(BASE_DIR / "var")))

# Development mode is what `make run` and `make test` use: debug pages, a fixed dev-only secret and the demo
# accounts. Anything else must say its secret and host names out loud.
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
    "crispy_forms",
    "crispy_bootstrap5",
    "competencies",
    "quizzes",
    "study",
    "cohorts",
    "django_tasks",
    "django_tasks_db",
    "jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cpsprep.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cpsprep.middleware.MethodNotAllowedPageMiddleware",  # after auth and messages: its page uses both
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# The embedded default is SQLite in var/, tuned for a web server: WAL lets readers and one writer work at
# once, IMMEDIATE transactions take the write lock up front (so two writers queue instead of one failing
# half-way with "database is locked"), and the busy timeout is how long a writer waits for its turn.
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
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # A file, not Django's shared in-memory default, so tests with concurrent clients meet the same
            # locking as the server does.
            "TEST": {"NAME": str(VAR_DIR / "test-cpsprep.sqlite3")},
        }
    }

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
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None

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
    # The database worker's own logger notes every idle poll; each task's start and end still log through
    # "django_tasks", and failures through both.
    "loggers": {"django_tasks_db": {"level": "WARNING"}},
}
