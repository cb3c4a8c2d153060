import logging
import os
import threading
import time

from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reports.jobs import recover

logger = logging.getLogger(__name__)
# How often a worker looks for exports whose own worker fell silent (reports.jobs.recover).
RECOVER_EVERY = 60


class Command(db_worker.Command):
    help = (
        "Run a task worker: django-tasks-db's db_worker, which also queues again the exports "
        "whose worker stopped mid-run (on this machine or another). Run as many as there are "
        "cores to spare, on any machine that reaches the database."
    )

    def handle(self, *args, **options) -> None:
        # With --reload, the first process only restarts the one that works (db_worker drops
        # --reload with --batch).
        reload = options["reload"] and not options["batch"]
        if not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            _recover()  # at once: a worker restarted after a crash finds its own lost run
            threading.Thread(target=_keep_recovering, name="recover exports", daemon=True).start()
        super().handle(*args, **options)


def _recover() -> None:
    try:
        recover()
    except Exception:  # SQLite busy, the database restarting, a bug: logged, tried again
        logger.exception("could not look for exports whose worker stopped")
    finally:
        connection.close()  # this thread's own


def _keep_recovering() -> None:
    while True:
        time.sleep(RECOVER_EVERY)
        _recover()
