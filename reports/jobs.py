"""The office's long exports, run by a task worker rather than inside a request.

A job is a row of ExportJob, which the requester's page watches; a task of Django's tasks
framework (django.tasks) is only what runs it. In production the tasks are rows of the
django-tasks-db backend, taken by `manage.py worker` processes on any machine that reaches the
database; tests use the immediate backend, which runs a task where it is enqueued.

A job is queued once the request that asked for it commits: a request never holds a
transaction open while a PDF is laid out. Every run of a job claims it with a conditional
UPDATE (attempt n), says it is alive at each step, and writes its outcome only while the job
is still its run. Times are the database's (workers may run on machines whose clocks differ).
A worker killed mid-run (SIGKILL, out of memory, its machine lost) falls silent; `recover()`,
which every worker calls each minute and the job's page calls when it is shown, then queues
the job again, up to EXPORT_ATTEMPTS runs, after which the job fails and says why. A run given
up that wakes later can no longer write the job. A job left waiting without a live task (its
task lost, or failed before it could claim the job) is queued again too.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, QuerySet, Value
from django.db.models.functions import Now
from django.tasks import TaskResultStatus, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Decision, EmulationCluster
from reports.models import ExportJob
from reports.pdf import render
from reports.summaries import summarise
from units.models import Commune, StaffScope

logger = logging.getLogger(__name__)
Status = ExportJob.Status
WAITING = (Status.PENDING, Status.RUNNING)


class WorkerLost(Exception):
    """What the task result of a run whose worker stopped records."""


class TooManyWaiting(Exception):
    """The user has EXPORTS_WAITING_PER_USER exports waiting already; the message says so."""


def request(kind: str, parameters: dict, user: User) -> ExportJob:
    """The job making this export for `user`, in the language they read: theirs already
    waiting for the same export (a second click queues nothing), or a new one, queued when
    the transaction commits. A user may have EXPORTS_WAITING_PER_USER exports waiting: one
    account cannot fill the queue that every office's exports wait in."""
    parameters = {**parameters, "language": translation.get_language() or settings.LANGUAGE_CODE}
    with transaction.atomic():
        # One request of a user at a time: two clicks must not both find nothing and add two.
        User.objects.select_for_update().filter(pk=user.pk).exists()
        waiting = list(ExportJob.objects.filter(requested_by=user, status__in=WAITING))
        for job in waiting:
            if job.kind == kind and job.parameters == parameters:
                return job
        if len(waiting) >= settings.EXPORTS_WAITING_PER_USER:
            raise TooManyWaiting(
                ngettext(
                    "You have %(count)d export waiting: ask for this one when it is done.",
                    "You have %(count)d exports waiting: ask for this one when one is done.",
                    len(waiting),
                )
                % {"count": len(waiting)}
            )
        job = ExportJob.objects.create(kind=kind, parameters=parameters, requested_by=user)
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = run_export.enqueue(job_id)
    ExportJob.objects.filter(pk=job_id, status=Status.PENDING, task_id="").update(task_id=result.id)


@task()
def run_export(job_id: int) -> None:
    """Run a waiting job, if it is still waiting: a job another run took, or that ended, is
    left alone."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.PENDING).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=Now(), progress=0
    )
    if not claimed:
        return
    job = ExportJob.objects.get(pk=job_id)
    with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
        _run(job)


def _run(job: ExportJob) -> None:
    run = Run(job)
    try:
        content, name = MAKERS[job.kind](job, run.advance)
        run.advance(95, _("Saving the file"))
        stored = job.file.storage.save(
            job.file.field.generate_filename(job, name), ContentFile(content)
        )
        if not run.finish(status=Status.DONE, file=stored, progress=100, step=""):
            job.file.storage.delete(stored)  # given up meanwhile: another run makes it
    except Exception as error:  # the requester sees what went wrong instead of a hung page
        run.finish(status=Status.FAILED, error=str(error) or error.__class__.__name__)
        raise


class Run:
    """One run of a job: what it writes goes to the job only while the job is this run's."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.mine = ExportJob.objects.filter(
            pk=job.pk, status=Status.RUNNING, attempts=job.attempts
        )

    def advance(self, progress: int, step: str) -> None:
        """How far the run is, for the requester's page; also its sign of life."""
        if not self.mine.update(progress=progress, step=step[:200], heartbeat_at=Now()):
            raise WorkerLost(_("This run was given up: another run makes the file."))

    def finish(self, **outcome) -> bool:
        return bool(self.mine.update(finished_at=Now(), heartbeat_at=None, **outcome))


def _silent_since() -> ExpressionWrapper:
    """EXPORT_WORKER_TIMEOUT seconds ago, by the database's clock."""
    timeout = timedelta(seconds=settings.EXPORT_WORKER_TIMEOUT)
    return ExpressionWrapper(Now() - Value(timeout), output_field=DateTimeField())


def recover(pk: int | None = None) -> int:
    """Give up the runs whose worker fell silent: queue their jobs again, or fail them once
    they have had EXPORT_ATTEMPTS runs; queue again the jobs left waiting without a live task.
    Only job `pk`, if given. Returns how many jobs were given up or queued again."""
    jobs = ExportJob.objects.all() if pk is None else ExportJob.objects.filter(pk=pk)
    given_up = _requeue_orphans(jobs)
    cutoff = _silent_since()
    silent = jobs.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)
    for job in silent.only("pk", "attempts", "task_id"):
        this_run = ExportJob.objects.filter(
            pk=job.pk, status=Status.RUNNING, attempts=job.attempts, heartbeat_at__lt=cutoff
        )
        with transaction.atomic():
            if job.attempts < settings.EXPORT_ATTEMPTS:
                step = _("Its worker stopped; waiting for another worker to make it again.")
                if not this_run.update(status=Status.PENDING, step=step, task_id=""):
                    continue  # it spoke meanwhile, or another recover() took it
                transaction.on_commit(partial(_enqueue, job.pk))
            else:
                error = ngettext(
                    "The worker making this file stopped (killed, out of memory or its machine "
                    "lost). Ask for the file again; if it fails again, tell the administrator.",
                    "The worker making this file stopped %(runs)d times (killed, out of memory "
                    "or its machine lost). Ask for the file again; if it fails again, tell the "
                    "administrator.",
                    job.attempts,
                ) % {"runs": job.attempts}
                if not this_run.update(status=Status.FAILED, error=error, finished_at=Now()):
                    continue
        _forget_task(job.task_id)
        logger.warning("export %s: run %s given up, its worker silent", job.pk, job.attempts)
        given_up += 1
    return given_up


def _requeue_orphans(jobs: QuerySet) -> int:
    """Queue again the jobs waiting for EXPORT_WORKER_TIMEOUT with no task that could still
    run them: lost (deleted from the queue, the backend changed) or failed before it claimed
    the job (the database busy)."""
    requeued = 0
    waiting = jobs.filter(status=Status.PENDING, created_at__lt=_silent_since())
    for job in waiting.only("pk", "task_id"):
        if _task_alive(job.task_id):
            continue
        if ExportJob.objects.filter(pk=job.pk, status=Status.PENDING, task_id=job.task_id).update(
            task_id=""
        ):
            transaction.on_commit(partial(_enqueue, job.pk))
            requeued += 1
    return requeued


def _task_alive(task_id: str) -> bool:
    """Whether the task may still run its job: waiting in the queue, or running."""
    if not task_id or not run_export.get_backend().supports_get_result:
        return False  # the immediate backend ran it already, where it was queued
    try:
        status = run_export.get_result(task_id).status
    except TaskResultDoesNotExist:
        return False
    return status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def _forget_task(task_id: str) -> None:
    """Mark the database backend's result of a lost run as failed, not running for ever."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult  # only where the app is installed

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=Now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="",
    )


def summary_pdf(job: ExportJob, advance: Callable[[int, str], None]) -> tuple[bytes, str]:
    advance(10, _("Counting the year's awards"))
    parameters = job.parameters
    # A scope that no longer exists fails the job: never the whole registry instead.
    commune, cluster = parameters.get("commune"), parameters.get("cluster")
    summary = summarise(
        parameters["year"],
        commune=Commune.objects.get(pk=commune) if commune else None,
        cluster=EmulationCluster.objects.get(pk=cluster) if cluster else None,
    )
    advance(40, _("Laying out the pages"))
    pages = _pages(advance, 40, 90)
    content = render("summary", {"summary": summary}, pages).content
    return content, f"summary-{summary.year}.pdf"


def annex_pdf(job: ExportJob, advance: Callable[[int, str], None]) -> tuple[bytes, str]:
    """A decision's annex in force, as its requester may see it (their scope, now)."""
    user = job.requested_by
    if user is None or not user.is_active:
        raise PermissionError(_("The member of staff who asked for this file is no longer."))
    decision = Decision.objects.get(pk=job.parameters["decision"])
    awards = decision.awards.in_force()
    scope = None if user.is_superuser else StaffScope.objects.filter(user=user).first()
    if scope is not None:
        awards = awards.filter(scope.condition("awards"))
    awards = awards.order_by("title_rank", "recipient_name_folded", "id").select_related("title")
    advance(10, _("Laying out the pages"))
    context = {"decision": decision, "awards": awards}
    content = render("annex", context, _pages(advance, 10, 90)).content
    return content, f"annex-{decision.pk}.pdf"


def _pages(advance: Callable[[int, str], None], start: int, end: int) -> Callable[[int], None]:
    """What the layout calls after each part: a step of progress between `start` and `end`
    (it cannot know the pages to come), and a sign of life."""

    def laid_out(pages: int) -> None:
        progress = end - (end - start) * 0.9 ** max(pages // 10, 1)
        advance(round(progress), _("Laying out the pages: %(pages)d so far") % {"pages": pages})

    return laid_out


MAKERS = {ExportJob.Kind.SUMMARY_PDF: summary_pdf, ExportJob.Kind.ANNEX_PDF: annex_pdf}
