import pytest

from cpsprep import settings as site_settings


@pytest.fixture
def database_queue(settings):
    """The site's own TASKS (the database backend): enqueued tasks wait in the database for a worker."""
    settings.TASKS = site_settings.TASKS
