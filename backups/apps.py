from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups of the whole site (database and uploaded files) that restore, and the whole
    registry's export in an open format that imports into an empty registry. No models."""

    name = "backups"
    verbose_name = _("Backups")
