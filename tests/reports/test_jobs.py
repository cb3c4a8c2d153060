"""Background exports: queued once, run once, given up and run again when their worker dies,
failed with a reason after too many runs (reports.jobs). Real workers: tests/test_worker.py."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from reports import jobs
from reports.jobs import Run, WorkerLost
from reports.models import ExportJob
from tests.makers import committed, make_member

pytestmark = pytest.mark.django_db
SUMMARY = ExportJob.Kind.SUMMARY_PDF


def silent(job: ExportJob, seconds: int = 600) -> ExportJob:
    """As if the worker running `job` had been killed `seconds` ago."""
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=job.attempts or 1, heartbeat_at=timezone.now()
        - datetime.timedelta(seconds=seconds),
    )  # fmt: skip
    job.refresh_from_db()
    return job


def test_asking_twice_for_the_same_export_queues_it_once(
    admin_user, django_capture_on_commit_callbacks
):
    parameters = {"year": 2024, "commune": None, "cluster": None}
    waiting = ExportJob.objects.create(
        kind=SUMMARY, parameters={**parameters, "language": "en"}, requested_by=admin_user
    )
    assert jobs.request(SUMMARY, parameters, admin_user) == waiting
    other_year = jobs.request(SUMMARY, {**parameters, "year": 2023}, admin_user)
    assert other_year != waiting and ExportJob.objects.count() == 2
    with translation.override("es"):  # the same export in another language: a file of its own
        assert jobs.request(SUMMARY, parameters, admin_user) not in (waiting, other_year)


def test_a_job_another_run_took_or_that_ended_is_not_run_again(year_of_awards):
    done = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}, status="done")
    running = ExportJob.objects.create(
        kind=SUMMARY, parameters={"year": 2024}, status="running", attempts=1
    )
    for job in (done, running):
        jobs.run_export.call(job.pk)
        job.refresh_from_db()
        assert not job.file and job.attempts == (1 if job == running else 0)


def test_a_run_given_up_can_no_longer_write_the_job(year_of_awards):
    job = silent(ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}))
    first_run = Run(job)
    ExportJob.objects.filter(pk=job.pk).update(attempts=2)  # another run took it
    with pytest.raises(WorkerLost):
        first_run.advance(50, "Laying out")
    assert not first_run.finish(status="failed", error="late")
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("running", "", 2)


def test_a_job_whose_worker_died_is_run_again_by_another(year_of_awards):
    job = silent(ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}))
    with committed():  # queued again once that commits; the immediate backend runs it then
        assert jobs.recover() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == ("done", 2, 100)
    with job.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_a_job_whose_worker_still_speaks_is_left_alone(year_of_awards):
    job = silent(ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}), seconds=5)
    assert jobs.recover() == 0
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)


def test_a_job_whose_workers_died_too_often_fails_and_says_why(settings):
    settings.EXPORT_ATTEMPTS = 2
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="reports.jobs.run_export",
        backend_name="database", run_after=timezone.now(), status=TaskResultStatus.RUNNING,
    )  # fmt: skip
    job = ExportJob.objects.create(
        kind=SUMMARY, parameters={"year": 2024}, attempts=2, task_id=str(task.pk)
    )
    silent(job)
    assert jobs.recover() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert "stopped 2 times" in job.error
    task.refresh_from_db()  # the queue's row no longer says it is running
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "reports.jobs.WorkerLost"


def test_the_page_of_a_job_whose_worker_died_runs_it_again(staff_client, year_of_awards):
    job = silent(ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}))
    page = staff_client.get(reverse("admin:reports_export", args=[job.pk]))
    assert "Its worker stopped; waiting for another worker" in page.text
    page = staff_client.get(reverse("admin:reports_export", args=[job.pk]))  # it refreshes
    assert "Download the file" in page.text
    job.refresh_from_db()
    assert job.attempts == 2


def test_a_job_left_waiting_without_a_live_task_is_queued_again(year_of_awards, settings):
    """Its task failed before it could claim the job (the database busy), or was deleted."""
    job = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}, task_id="lost")
    with committed():
        assert jobs.recover() == 0  # it has not waited long: a worker may be busy
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=settings.EXPORT_WORKER_TIMEOUT + 5)
    )
    with committed():
        assert jobs.recover() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)


def test_a_job_waiting_in_the_queue_is_left_there(monkeypatch):
    monkeypatch.setattr(jobs, "run_export", jobs.run_export.using(backend="database"))
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="reports.jobs.run_export",
        backend_name="database", run_after=timezone.now(), status=TaskResultStatus.READY,
    )  # fmt: skip
    job = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}, task_id=str(task.pk))
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert jobs.recover() == 0  # a long queue, not a lost task
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.FAILED)
    assert jobs.recover() == 1  # its task failed before it claimed the job


def test_a_summary_whose_commune_is_gone_fails_instead_of_covering_everything(year_of_awards):
    job = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024, "commune": 999_999})
    jobs.run_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and not job.file


def test_a_waiting_export_shows_its_progress_and_refreshes(staff_client):
    job = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}, progress=40)
    page = staff_client.get(reverse("admin:reports_export", args=[job.pk])).text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'value="40"' in page
    assert "No task worker has taken this export yet" not in page
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = staff_client.get(reverse("admin:reports_export", args=[job.pk])).text
    assert "No task worker has taken this export yet" in page


def test_a_failed_export_says_why(staff_client):
    job = ExportJob.objects.create(kind=SUMMARY, parameters={})
    jobs.run_export.enqueue(job.pk)  # no year: the run fails
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None and job.error == "'year'"
    page = staff_client.get(reverse("admin:reports_export", args=[job.pk])).text
    assert "The export failed" in page


def test_the_export_list_shows_a_commune_editor_only_their_own(client, admin_user):
    from units.models import Commune

    commune = Commune.objects.create(name="Đồng Rui", district="Tiên Yên")
    editor = make_member("bien-tap", "editor", commune=commune)
    mine = ExportJob.objects.create(kind=SUMMARY, parameters={"year": 2024}, requested_by=editor)
    theirs = ExportJob.objects.create(
        kind=SUMMARY, parameters={"year": 2024}, requested_by=admin_user
    )
    client.force_login(editor)
    listed = client.get(reverse("admin:reports_exportjob_changelist")).context["cl"].result_list
    assert list(listed) == [mine]
    assert client.get(reverse("admin:reports_export", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:reports_export", args=[mine.pk])).status_code == 200


def test_finished_exports_are_purged_with_their_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def export(status: str, days_ago: int) -> ExportJob:
        job = ExportJob.objects.create(kind=SUMMARY, status=status, parameters={"year": 2024})
        job.file.save(f"summary-{job.pk}.pdf", ContentFile(b"%PDF-1.7"), save=False)
        job.finished_at = timezone.now() - datetime.timedelta(days=days_ago)
        job.save()
        return job

    old, recent = export(ExportJob.Status.DONE, 8), export(ExportJob.Status.DONE, 1)
    failed, waiting = export(ExportJob.Status.FAILED, 8), export(ExportJob.Status.PENDING, 30)
    old_file, recent_file = tmp_path / old.file.name, tmp_path / recent.file.name
    assert old_file.exists()
    old_task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="reports.jobs.run_export",
        backend_name="database", run_after=timezone.now(), status=TaskResultStatus.SUCCESSFUL,
        finished_at=timezone.now() - datetime.timedelta(days=8),
    )  # fmt: skip
    out = io.StringIO()

    call_command("purge_exports", stdout=out, stderr=io.StringIO())

    assert set(ExportJob.objects.all()) == {recent, waiting}
    assert not old_file.exists()
    assert not (tmp_path / failed.file.name).exists()
    assert recent_file.exists()
    assert not DBTaskResult.objects.filter(pk=old_task.pk).exists()
    assert out.getvalue() == "2 export(s) and 1 finished task(s) deleted.\n"


def test_a_user_may_have_only_so_many_exports_waiting(staff_client, django_user_model, settings):
    """One account cannot fill the queue every office's exports wait in: the next one is
    refused with a message, back on the page it was asked from; the same one still waits."""
    settings.EXPORTS_WAITING_PER_USER = 2
    user = django_user_model.objects.get(username="staff")
    for year in (2022, 2023):
        ExportJob.objects.create(
            kind=SUMMARY, requested_by=user,
            parameters={"year": year, "commune": None, "cluster": None, "language": "en"},
        )  # fmt: skip
    summary = reverse("admin:reports_summary")
    refused = staff_client.get(summary, {"year": 2024, "format": "pdf"}, follow=True)
    assert refused.redirect_chain[0][0] == f"{summary}?year=2024"
    assert "You have 2 exports waiting: ask for this one when one is done." in refused.text
    assert ExportJob.objects.count() == 2
    again = staff_client.get(summary, {"year": 2023, "format": "pdf"})  # waiting already
    assert again["Location"] == reverse(
        "admin:reports_export", args=[ExportJob.objects.get(parameters__year=2023).pk]
    )
    ExportJob.objects.filter(parameters__year=2022).update(status=ExportJob.Status.DONE)
    queued = staff_client.get(summary, {"year": 2024, "format": "pdf"})  # one was done
    job = ExportJob.objects.get(parameters__year=2024)
    assert queued["Location"] == reverse("admin:reports_export", args=[job.pk])
