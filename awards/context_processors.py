from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict:
    """The current page in each language, for the switcher: plain links, no form, no script."""
    # request.GET rather than the raw query string: a cached page keeps only the parameters it
    # reads (awards.views.cached_page), and so do its links.
    try:
        query = request.GET.urlencode()
    except SuspiciousOperation:  # e.g. too many fields: the 400 page for it has links too
        query = ""
    path = f"{request.path}?{query}" if query else request.path
    return {
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _ in settings.LANGUAGES
        ]
    }


def office(request: HttpRequest) -> dict:
    """The office the registry is kept by, for the public pages' header and footer."""
    return {"office_name": settings.OFFICE_NAME, "office_emblem": settings.OFFICE_EMBLEM}
