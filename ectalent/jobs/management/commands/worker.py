"""``ectalent worker``: the background worker of the platform.

django-tasks' database worker (``db_worker``: claims each queued task once, with row locks, so several workers on
several machines can run side by side), plus a heartbeat in the shared cache every few seconds (``/readyz`` reports
it) and the reminder round (``ectalent remind``) every ``--remind-every`` seconds.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.management import call_command
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ectalent.core.health import HEARTBEAT_KEY

logger = logging.getLogger(__name__)
HEARTBEAT_EVERY = 10


class Command(DbWorkerCommand):
    help = "运行后台任务进程（含心跳和到期提醒）/ run the background worker with heartbeat and reminders"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--remind-every", type=int, default=300,
                            help="seconds between reminder rounds (0: never)")

    def handle(self, *args, remind_every: int, **options):
        options["reload"] = False
        worker_id = options["worker_id"]
        stop = threading.Event()
        threading.Thread(target=self._housekeeping, args=(worker_id, remind_every, stop), daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()

    def _housekeeping(self, worker_id: str, remind_every: int, stop: threading.Event) -> None:
        next_remind = time.monotonic() + (remind_every or float("inf"))
        while not stop.is_set():
            try:
                caches["jobs"].set(HEARTBEAT_KEY, {"at": time.time(), "worker": worker_id}, timeout=3600)
            except Exception:
                logger.warning("worker heartbeat not stored", exc_info=True)
            if time.monotonic() >= next_remind:
                try:
                    call_command("remind", verbosity=0)
                except Exception:
                    logger.exception("reminder round failed")
                finally:
                    close_old_connections()
                next_remind = time.monotonic() + remind_every
            stop.wait(HEARTBEAT_EVERY)
