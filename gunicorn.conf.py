"""gunicorn settings for CPS Prep (`gunicorn -c gunicorn.conf.py cpsprep.wsgi`); docs/deploy.md explains them.

Threaded workers (gthread) suit this app: a request spends much of its time waiting on the database, so a
few processes with a few threads each keep two cores busy without a process per connection. Every value can
be changed from the environment without editing this file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))  # one per core
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is stuck: the worker is restarted. Imports and exports are the slowest
# requests (seconds), far below it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # behind a proxy on the same machine
# Recycle workers now and then so a slow leak in any library cannot grow without bound; the jitter keeps
# them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Logs go to stderr, where systemd's journal (or the container runtime) keeps them with Django's own.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy's address is trusted for X-Forwarded-* (Django reads X-Forwarded-Proto when BEHIND_TLS_PROXY=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
