import pytest


@pytest.fixture
def database_queue(settings):
    """The production backend: enqueued tasks wait in the database until a worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
