from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import in_period, period_is_ordered


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


class StatisticalRegime(models.Model):
    """A circular's statistical reporting regime for emulation and commendation, as data: what
    its forms print in their header, the reporting period they count, when the report is due,
    and the periods it governs. The law changes by adding a regime, not by editing code."""

    circular = models.CharField(_("circular"), max_length=50, unique=True)
    header = models.CharField(
        _("header line"),
        max_length=200,
        help_text=_("Printed under the form's number: Ban hành theo Thông tư số … ngày …"),
    )
    due = models.CharField(
        _("due"), max_length=100, help_text=_("Ngày nhận báo cáo, as the forms print it.")
    )
    # The reporting period of year Y ends on this day of Y and starts on the other, of Y or,
    # when it comes later in the calendar, of Y - 1 (1 December to 30 November).
    period_starts_month = models.PositiveSmallIntegerField(_("period starts (month)"))
    period_starts_day = models.PositiveSmallIntegerField(_("period starts (day)"))
    period_ends_month = models.PositiveSmallIntegerField(_("period ends (month)"))
    period_ends_day = models.PositiveSmallIntegerField(_("period ends (day)"))
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        verbose_name = _("statistical reporting regime")
        verbose_name_plural = _("statistical reporting regimes")
        ordering = ["-valid_from"]
        constraints = [period_is_ordered("statistical_regime_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.circular

    def clean(self) -> None:
        for month, day in (
            (self.period_starts_month, self.period_starts_day),
            (self.period_ends_month, self.period_ends_day),
        ):
            try:
                date(2001, month, day)  # a year with no 29 February: every year has the day
            except (TypeError, ValueError):
                raise ValidationError(
                    _("%(day)s/%(month)s is not a day of every year.")
                    % {"day": day, "month": month}
                ) from None

    def period(self, year: int) -> tuple[date, date]:
        """The first and last day that the report on `year` counts (by decision date)."""
        ends = date(year, self.period_ends_month, self.period_ends_day)
        starts = date(year, self.period_starts_month, self.period_starts_day)
        if starts > ends:
            starts = starts.replace(year=year - 1)
        return starts, ends

    @classmethod
    def for_year(cls, year: int) -> "StatisticalRegime | None":
        """The regime in force on the last day of the year's reporting period."""
        # A few rows, and each has its own period: compared here, not by the database.
        return next((r for r in cls.objects.all() if in_period(r, r.period(year)[1])), None)


class EmulationBody(models.Model):
    """A body that does the emulation and commendation work of a ministry, central body or
    province (form 0604.N counts them by kind), in the period in which it existed."""

    class Kind(models.TextChoices):
        MINISTRY_DEPARTMENT = "ministry_department", _("department of a ministry or central body")
        DIVISION_OF_DEPARTMENT = (
            "division_of_department",
            _("division or section of such a department"),
        )
        BOARD_OF_HOME_AFFAIRS = (
            "board_of_home_affairs",
            _("board of a provincial Department of Home Affairs"),
        )
        DIVISION_OF_HOME_AFFAIRS = (
            "division_of_home_affairs",
            _("division of a provincial Department of Home Affairs"),
        )

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation and commendation body")
        verbose_name_plural = _("emulation and commendation bodies")
        ordering = ["name"]
        constraints = [period_is_ordered("emulation_body_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.name


class EmulationOfficer(models.Model):
    """A civil servant doing emulation and commendation work in one of the bodies, while they
    did (form 0605.N counts them by age, training and years in the field). Staff only."""

    class Training(models.TextChoices):
        ELEMENTARY = "elementary", _("elementary")
        INTERMEDIATE = "intermediate", _("intermediate")
        COLLEGE = "college", _("college")
        UNIVERSITY = "university", _("university")
        POSTGRADUATE = "postgraduate", _("postgraduate")

    body = models.ForeignKey(
        EmulationBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="officers"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    is_female = models.BooleanField(_("female"), default=False)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    training = models.CharField(_("training"), max_length=20, choices=Training)
    in_the_field_since = models.DateField(
        _("in emulation and commendation work since"),
        help_text=_("Counted for the years of work in the field, on the form 0605.N."),
    )
    valid_from = models.DateField(_("in this body from"), null=True, blank=True)
    valid_until = models.DateField(_("in this body until"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation and commendation officer")
        verbose_name_plural = _("emulation and commendation officers")
        ordering = ["full_name"]
        constraints = [
            period_is_ordered("emulation_officer_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="emulation_officer_born_in_a_real_year",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
