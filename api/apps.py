from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        from awards.rolls import records_changed

        # The API's ETags follow the version of the records' pages (awards.rolls.RECORDS),
        # which everything it shows retires (awards.apps) but a pact's target changed alone:
        # the pacts' page is never cached, the API's pacts are.
        for signal in (post_save, post_delete):
            signal.connect(
                records_changed, sender="awards.PactTarget", dispatch_uid="api etags:PactTarget"
            )
