import os
import socket
import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs.periodic import periodic_enqueue_due


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue, and enqueue the periodic ones when due "
        "(settings.PERIODIC_TASKS). Run one or more on any machine that reaches the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when there is nothing to do."
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Enqueue what is due, run every task that is ready, then exit (for tests and one-off runs).",
        )

    def handle(self, *args, interval: float, batch: bool, **options):
        # A worker id names the machine and process in each task's row, so an operator can see who ran it.
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
        # The library's worker in batch mode runs every ready task and returns; this loop adds the schedule.
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        )

        # SIGTERM or Ctrl-C: exit at once when idle, or after the task that is running.
        worker.configure_signals()
        self.stdout.write(f"Worker {worker_id} is running tasks from the database queue.")
        while worker.running:
            for path in periodic_enqueue_due():
                self.stdout.write(f"Enqueued periodic task {path}.")
            worker.run()
            if batch:
                return
            time.sleep(interval)
