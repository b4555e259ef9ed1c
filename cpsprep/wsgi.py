"""The WSGI application gunicorn serves (`gunicorn cpsprep.wsgi`, configured by gunicorn.conf.py)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpsprep.settings")
application = get_wsgi_application()


def _warn_when_in_development_mode() -> None:
    # settings.py no longer reads `.env`, so only a real CPSPREP_DEV=1 in the server's environment gets here.
    # Loud, on every worker's start, rather than fatal: benchmarks and tests may serve development settings
    # through gunicorn on purpose; a production service reads this line in its log (and check --deploy fails).
    from django.conf import settings

    from cpsprep.checks import DEV_MODE_MESSAGE

    if settings.DEV_MODE:
        print(f"WARNING: CPS Prep is serving in DEVELOPMENT mode. {DEV_MODE_MESSAGE}", file=sys.stderr)


_warn_when_in_development_mode()
