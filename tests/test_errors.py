"""When something fails, the visitor gets a page of the site in their language, never a traceback.

This module is also the URLconf of the tests that need a view that fails: the site's own URLs,
plus /fail/<kind>/ in each language.
"""

from unittest import mock

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

import config.urls
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401

pytestmark = pytest.mark.django_db

FAILURES = {
    "bad-request": BadRequest,
    "forbidden": PermissionDenied,
    "missing": Http404,
    "broken": ZeroDivisionError,
    "database-gone": OperationalError,
}


def fail(request: HttpRequest, kind: str) -> HttpResponse:
    raise FAILURES[kind]("on purpose")


urlpatterns = [
    *config.urls.urlpatterns,
    *i18n_patterns(path("fail/<slug:kind>/", fail), prefix_default_language=False),
]

PREFIXES = {"vi": "", "en": "/en", "es": "/es"}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def visitor(production) -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


def assert_site_page(response, language: str, status: int) -> str:
    """The site's layout in the page's language, with a way back to the home page."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert '<header class="site-header">' in page  # the site's header
    main = page.split("<main", 1)[1]
    assert f'href="{PREFIXES[language]}/"' in main
    assert "<script" not in page and "style=" not in page  # the strict CSP allows neither
    return page


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize(
    ("kind", "status"),
    [("bad-request", 400), ("forbidden", 403), ("missing", 404), ("broken", 500)],
)
def test_an_error_page_is_in_the_site_layout_and_language(visitor, language, kind, status):
    response = visitor.get(f"{PREFIXES[language]}/fail/{kind}/")
    assert_site_page(response, language, status)


@pytest.mark.parametrize("language", PREFIXES)
def test_an_address_that_does_not_exist_gets_the_site_404(visitor, language):
    response = visitor.get(f"{PREFIXES[language]}/no-such-page/")
    page = assert_site_page(response, language, 404)
    # The same address in another language does not exist either: each language's home page.
    assert 'href="/es/" lang="es"' in page


@pytest.mark.parametrize("language", PREFIXES)
def test_a_host_that_is_not_ours_gets_the_site_400(visitor, language):
    response = visitor.get(f"{PREFIXES[language]}/", headers={"host": "attacker.example"})
    assert_site_page(response, language, 400)


def test_a_query_of_too_many_fields_gets_the_site_400(visitor, settings):
    """The error page's language links read the query too: they must not fail again."""
    fields = "&".join(["a"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = visitor.get(f"/en/honours/?{fields}")
    assert_site_page(response, "en", 400)


@pytest.mark.parametrize("language", PREFIXES)
def test_a_form_posted_without_its_csrf_token_gets_the_site_403(production, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{PREFIXES[language]}/admin/login/", {"username": "someone"})
    page = assert_site_page(response, language, 403)
    if language == "en":
        assert "reload the page and send it again" in page


def database_down(error: type[Exception] = OperationalError):
    """Every query fails as it does when the database server cannot be reached."""
    return mock.patch.object(
        connection, "ensure_connection", side_effect=error("connection refused")
    )


@pytest.mark.parametrize("language", PREFIXES)
def test_the_500_page_shows_when_the_database_is_down_too(visitor, django_user_model, language):
    # A logged-in visitor: the page reads neither the session nor the user from the database.
    visitor.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    with database_down():
        response = visitor.get(f"{PREFIXES[language]}/fail/broken/")
    assert_site_page(response, language, 500)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_public_page_answers_503_when_the_database_is_down(visitor, language, error):
    with database_down(error):
        response = visitor.get(f"{PREFIXES[language]}/honours/")
    assert_site_page(response, language, 503)
    assert int(response["Retry-After"]) > 0


def test_a_database_error_raised_by_a_view_is_a_503_too(visitor):
    response = visitor.get("/en/fail/database-gone/")
    assert_site_page(response, "en", 503)


def test_healthz_answers_ok_when_the_database_answers(visitor, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_healthz_answers_503_when_the_database_is_down(visitor, error):
    with database_down(error):
        response = visitor.get("/healthz")
    assert response.status_code == 503


def test_livez_answers_without_touching_the_database(visitor, django_assert_num_queries):
    with django_assert_num_queries(0), database_down():
        response = visitor.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("vi", "Chưa có lượt khen thưởng nào được công bố cho năm này."),
        ("en", "No award has been published for this year."),
    ],
)
def test_a_year_without_awards_says_why_it_is_not_found(visitor, language, reason):
    """With DEBUG off: the reason the view gave, in the visitor's language."""
    page = assert_site_page(visitor.get(f"{PREFIXES[language]}/honours/1990/"), language, 404)
    assert reason in page


def test_django_s_own_reasons_are_never_shown(visitor):
    response = visitor.get("/en/decisions/999999/")
    page = assert_site_page(response, "en", 404)
    assert "matches the given query" not in page and "Decision" not in page.split("<main")[-1]
