from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """Django's admin, with `admin.site` being the registry's site with two-step login."""

    default_site = "config.admin.RegistryAdminSite"

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Staff manage their own device at /admin/two-step/; django-otp's device admin would show
        # every staff member's secret key (and so a copy of their second factor) to superusers.
        self.module.site.unregister(TOTPDevice)
