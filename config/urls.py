from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers. Also the benchmark's trivial baseline view."""
    return HttpResponse("ok", content_type="text/plain")


# Every page carries its language in the URL: /honours/2024/ is Vietnamese, /en/honours/2024/
# English, /es/admin/ the admin in Spanish. A URL always shows the same page, so it can be
# cached and linked, and switching language is a plain link: no form, no cookie, no script.
urlpatterns = [path("healthz", healthz)]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("units.urls")),
    path("", include("awards.urls")),
    prefix_default_language=False,
)
