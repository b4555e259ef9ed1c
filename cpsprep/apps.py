from django.apps import AppConfig


class CpsprepConfig(AppConfig):
    """The project package as an app, so its migrations can add what Django's auth tables lack."""

    name = "cpsprep"
    verbose_name = "CPS Prep"
