from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Emulation and commendation")

    def ready(self) -> None:
        from awards import changes
        from awards.rolls import everything_changed, records_changed

        # The triggers that tell a kept import check whether the registry changed since.
        post_migrate.connect(changes.install, sender=self, dispatch_uid="awards change journal")

        # What the cached pages show besides awards: the records' own pages show these
        # (awards.rolls.RECORDS); every roll shows the titles' and communes' names.
        retiring = {
            "awards.Decision": records_changed,
            "awards.EmulationMovement": records_changed,
            "awards.EmulationCluster": records_changed,
            "awards.Pact": records_changed,
            "awards.PactSignatory": records_changed,
            "awards.RuralStandardRecognition": records_changed,
            "units.CommuneSuccessor": records_changed,
            "units.Unit": records_changed,
            "units.UnitSuccessor": records_changed,
            "units.Person": records_changed,
            "units.Household": records_changed,
            "units.Commune": everything_changed,
            "awards.EmulationTitle": everything_changed,
        }
        for label, receiver in retiring.items():
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=label, dispatch_uid=f"cached pages:{label}")
