from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The office's reports: the yearly summary, the circular's forms, the spreadsheets and
    PDFs, and the background jobs that make the long ones. It only reads the awards."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import checks  # noqa: F401  (registers the system checks)
