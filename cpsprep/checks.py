"""Deployment checks of our own, beside Django's: `manage.py check --deploy` fails when production would run
in development mode."""

from django.conf import settings
from django.core.checks import Error, Tags, register

DEV_MODE_MESSAGE = (
    "CPSPREP_DEV is on: debug pages, the public development secret when SECRET_KEY is missing, demo accounts."
)


@register(Tags.security, deploy=True)
def development_mode_is_off(app_configs, **kwargs):
    if not settings.DEV_MODE:
        return []
    return [
        Error(
            DEV_MODE_MESSAGE,
            hint="Unset CPSPREP_DEV in the service's environment; development mode is for `make run` only.",
            id="cpsprep.E001",
        )
    ]
