"""Real task workers (`manage.py worker`, the django-tasks-db backend) in processes of their own,
on a database of their own: a worker killed mid-export, and another that finishes the export."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Long enough for a machine under load, short enough for a test: see EXPORT_WORKER_TIMEOUT.
SILENCE = 2


def manage(env: dict, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env, capture_output=True, text=True, check=True, timeout=300, **options,
    )  # fmt: skip


def job_row(database: Path, job_id: int) -> dict:
    with sqlite3.connect(database) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM reports_exportjob WHERE id = ?", [job_id]).fetchone()
        return dict(row)


def wait_for(what, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := what():
            return value
        time.sleep(0.005)
    raise AssertionError(f"still waiting after {seconds} s")


@pytest.fixture
def registry(tmp_path) -> tuple[dict, Path]:
    database = tmp_path / "registry.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "test-only-not-secret",
        "DEBUG": "false",
        "CACHE_URL": "locmemcache://",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database",
        "EXPORT_WORKER_TIMEOUT": str(SILENCE),
    }
    manage(env, "migrate", "--verbosity", "0")
    return env, database


def test_an_export_whose_worker_is_killed_is_finished_by_another(registry):
    env, database = registry
    asked = manage(
        env, "shell", "-c",
        "from django.contrib.auth.models import User; from reports import jobs; "
        "user = User.objects.create_superuser('office'); "
        "print(jobs.request('summary_pdf', {'year': 2024, 'commune': None, 'cluster': None}, "
        "user).pk)",
    )  # fmt: skip
    job_id = int(asked.stdout.split()[-1])
    assert job_row(database, job_id)["status"] == "pending"  # queued, waiting for a worker

    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.05"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: job_row(database, job_id)["status"] == "running")
    finally:
        worker.send_signal(signal.SIGKILL)  # as the kernel's OOM killer would, mid-layout
        worker.wait()
    killed = job_row(database, job_id)
    assert (killed["status"], killed["attempts"], killed["file"]) == ("running", 1, "")

    time.sleep(SILENCE + 0.5)
    # A worker started later (here, one that stops when the queue is empty) finds the silent
    # run, queues the job again and makes the file.
    manage(env, "worker", "--no-reload", "--no-startup-delay", "--batch", "--interval", "0")
    done = job_row(database, job_id)
    assert (done["status"], done["attempts"], done["progress"]) == ("done", 2, 100)
    assert (Path(env["MEDIA_ROOT"]) / done["file"]).read_bytes().startswith(b"%PDF")
    with sqlite3.connect(database) as db:
        tasks = db.execute(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
            "ORDER BY enqueued_at"
        ).fetchall()
    assert tasks == [("FAILED", "reports.jobs.WorkerLost"), ("SUCCESSFUL", "")]
