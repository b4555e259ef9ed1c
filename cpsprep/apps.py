from django.apps import AppConfig


class CpsprepConfig(AppConfig):
    name = "cpsprep"
    verbose_name = "CPS Prep operations"

    def ready(self) -> None:
        from cpsprep import checks  # noqa: F401  (registers the deployment checks)
