from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from api.views import api, index, not_found_json
from awards import sitemaps
from config import db_router


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and reaches its database (503 when it cannot).

    With a replica, a second line says whether public pages read from it: a replica that is
    down or behind is skipped, so the app server is still healthy (200)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, InterfaceError):
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    replica = db_router.replica_health()
    body = "ok" if replica is None else f"ok\nreplica: {replica}"
    return HttpResponse(body, content_type="text/plain")


def livez(request: HttpRequest) -> HttpResponse:
    """The process answers, touching nothing else. Also the benchmark's trivial baseline view."""
    return HttpResponse("ok", content_type="text/plain")


# Every page carries its language in the URL: /honours/2024/ is Vietnamese, /en/honours/2024/
# English, /es/admin/ the admin in Spanish. A URL always shows the same page, so it can be
# cached and linked, and switching language is a plain link: no form, no cookie, no script.
urlpatterns = [
    path("healthz", healthz),
    path("livez", livez),
    # One sitemap for the three languages: each address lists its translations (hreflang).
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    # The open API: JSON, the same in every language, so without a language prefix.
    path("api/v1/", index, name="api_index"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<path>.*)$", not_found_json),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("awards.urls")),
    prefix_default_language=False,
)

# The site's own pages when something fails (config/errors.py), in the visitor's language.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
