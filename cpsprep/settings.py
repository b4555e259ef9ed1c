"""CPS Prep settings. Every deploy-time value comes from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from cpsprep.env import email_url, envbool, envint, envlist, envstr, load_env_file, required

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
    "axes",
    "cpsprep",  # the project's own migrations on Django's tables (the email index)
    "competencies",
    "quizzes",
    "study",
    "cohorts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cpsprep.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cpsprep.middleware.RefuseUnstorableInputMiddleware",  # before a NUL or a huge int reaches a query
    "cpsprep.middleware.BoundFormsetsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
    # axes logs every log-in at INFO; lock-outs, which matter, come at WARNING
    "loggers": {"axes": {"level": "WARNING"}},
}
