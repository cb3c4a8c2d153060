from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Emulation and commendation")

    def ready(self) -> None:
        from awards.rolls import records_changed

        # What the cached pages of records show besides awards (awards.rolls.RECORDS).
        for label in [
            "awards.Decision",
            "units.Commune",
            "units.CommuneSuccessor",
            "units.Unit",
            "units.UnitSuccessor",
            "units.Person",
            "units.Household",
        ]:
            for signal in (post_save, post_delete):
                signal.connect(records_changed, sender=label, dispatch_uid=f"records:{label}")
