from django.apps import AppConfig


class ItemstatsConfig(AppConfig):
    name = "itemstats"
    verbose_name = "Item statistics"

    def ready(self) -> None:
        # quizzes announces scored attempts without knowing who listens; item statistics are computed in a
        # background task rather than by the request that scored them (docs/architecture.md says why).
        from itemstats import tasks
        from quizzes.records import attempts_scored

        attempts_scored.connect(tasks.enqueue_refresh, dispatch_uid="itemstats-refresh")
