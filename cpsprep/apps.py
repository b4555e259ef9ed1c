from django.apps import AppConfig


class CpsprepConfig(AppConfig):
    """The project package as an app: its migrations add what Django's auth tables lack (the email index),
    its commands run operations, and its checks guard a deployment."""

    name = "cpsprep"
    verbose_name = "CPS Prep"

    def ready(self) -> None:
        from cpsprep import checks  # noqa: F401  (registers the deployment checks)
