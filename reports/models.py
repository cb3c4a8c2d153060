from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """A long export made in the background by a task worker, with its progress, for the
    office's staff (see reports.jobs)."""

    class Kind(models.TextChoices):
        SUMMARY_PDF = "summary_pdf", _("yearly summary (PDF)")
        ANNEX_PDF = "annex_pdf", _("decision's annex (PDF)")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        "auth.User", verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Each run of the job by a worker: a run whose worker stopped beating is given up, and the
    # job run again (up to EXPORT_ATTEMPTS runs); a given-up run can no longer write the job.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The django.tasks result of the current run, and when its worker last said it was alive.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="export_status_beat")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.parameters}"

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Running, and its worker has said nothing for EXPORT_WORKER_TIMEOUT seconds: killed,
        out of memory, or its machine gone."""
        if self.status != self.Status.RUNNING or self.heartbeat_at is None:
            return False
        silent = (timezone.now() - self.heartbeat_at).total_seconds()
        return silent > settings.EXPORT_WORKER_TIMEOUT
