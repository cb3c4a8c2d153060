from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Places, units and people")

    def ready(self) -> None:
        from units import lookups  # noqa: F401  (registers field__any)
