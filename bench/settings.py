"""Settings for benchmarks only: the site's own settings plus a hello-world page to compare against.

Never used by the site: gunicorn gets it from bench/load.py through DJANGO_SETTINGS_MODULE.
"""

from cpsprep.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
