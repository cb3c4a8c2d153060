"""The pages that answer when something fails: the site's layout, the visitor's language.

They are rendered without the template context processors, so they read neither the session,
the logged-in user nor the messages: a 500 or 503 page must show while the database is down.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from awards.context_processors import languages
from awards.views import NotFound

# Errors of a database that cannot be reached (or dropped the connection), on connecting or on
# a query. On PostgreSQL, OperationalError also covers a statement timeout or a deadlock: worth
# asking again later too.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def render_error(request: HttpRequest, template_name: str, status: int, **context) -> HttpResponse:
    """The language links lead to the same page in another language, as on every page."""
    content = loader.render_to_string(template_name, {**languages(request), **context})
    return HttpResponse(content, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(request, "403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without its CSRF token: usually one left open too long, or no cookies."""
    return render_error(request, "403.html", 403, form_expired=True)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The same address in another language does not exist either: offer each one's home page.
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("home")
        links.append({"code": code, "name": get_language_info(code)["name_local"], "url": url})
    reason = str(exception) if isinstance(exception, NotFound) else ""
    return render_error(request, "404.html", 404, language_links=links, reason=reason)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this while handling the exception, wherever it was raised (a view, a
    middleware, the session saved after the view): a database that is down is a 503."""
    if isinstance(sys.exception(), DATABASE_DOWN):
        response = render_error(request, "503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render_error(request, "500.html", 500)
