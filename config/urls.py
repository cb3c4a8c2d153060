from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Emulation and commendation registry")
admin.site.site_title = _("Emulation registry")
admin.site.index_title = _("Records")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("awards.urls")),
]
