"""The open API as HTTP: errors in JSON, throttling per client, caching, its schema and docs."""

import datetime
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import RequestFactory

from api.views import ClientThrottle
from tests.makers import CommittingClient, committed

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()["detail"]


# Errors


@pytest.mark.parametrize(
    "cursor",
    [
        "xx",
        "",  # empty: the first page, not an error (below)
        "WzIwMjNd:forged",
        signing.Signer(salt="api.cursor.awards").sign_object([2024, 1, "a"]),  # wrong shape
        signing.Signer(salt="api.cursor.units").sign_object([1]),  # another list's
        signing.Signer(salt="api.cursor.awards", key="another-key").sign_object([1, 1, "a", 1]),
        "\x00",
        "é" * 400,
    ],
)
def test_a_cursor_the_api_did_not_give_is_refused_with_a_message(client, registry, cursor):
    response = client.get(API + "awards", {"cursor": cursor})
    if cursor == "":
        assert response.status_code == 200
        return
    if len(cursor) > 500:
        assert error(response, 400)
        return
    assert "cursor" in error(response, 400)


def test_a_cursor_of_one_list_is_refused_by_another(client, registry):
    communes = client.get(API + "communes", {"limit": 1}).json()["next"]
    cursor = re.search(r"cursor=([^&]+)", communes).group(1)
    from urllib.parse import unquote

    response = client.get(API + "units", {"cursor": unquote(cursor)})
    assert error(response, 400).startswith("This cursor was not given by this list")


@pytest.mark.parametrize(
    "url",
    [
        "awards/999999",
        "decisions/999999",
        "decisions/999999/awards",
        "titles/nothing-of-the-sort",
        "communes/999999",
        "units/999999",
        "people/999999",
        "pacts/999999",
        "no-such-list",
        "awards/1/more",
    ],
)
def test_an_unknown_id_or_address_is_a_json_404(client, registry, url):
    assert error(client.get(API + url), 404)


@pytest.mark.parametrize(
    "url",
    [
        "awards?limit=201",
        "awards?limit=0",
        "awards?limit=x",
        "awards?year=1800",
        "awards?year=20245",
        "awards?kind=aliens",
        "awards?title=no-such-title",
        "awards?unit=99999999999999999999999",
        "awards?q=%00",
        "awards?commune_name=%00",
        "communes?q=%00",
        "communes?province=%00",
        "units?current=maybe",
        "decisions?year=0",
        "awards/99999999999999999999999",
        "awards/-1",
        "awards/x",
        f"awards?q={'a' * 101}",
    ],
)
def test_bad_parameters_are_a_400_that_says_which(client, registry, url):
    response = client.get(API + url)
    assert error(response, 400)
    assert response.json()["errors"][0]["loc"][0] in ("query", "path")


def test_an_unexpected_failure_is_a_json_500(client, registry, monkeypatch):
    from api import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "award_out", broken)
    response = client.get(API + "awards")
    assert error(response, 500) == "Server error."


def test_a_database_that_is_down_is_a_json_503_with_retry_after(client, registry, monkeypatch):
    from django.db import OperationalError

    from api import views

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "award_out", down)
    response = client.get(API + "awards")
    assert error(response, 503)
    assert response["Retry-After"] == "30"


# Throttling


def test_a_client_beyond_the_rate_is_told_to_wait(client, registry, settings):
    settings.API_THROTTLE_RATE = "3/min"
    for _ in range(3):
        assert client.get(API + "titles?limit=1").status_code == 200
    response = client.get(API + "communes?limit=1")  # every list counts together
    assert "Too many requests" in error(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address is not held back.
    assert client.get(API + "titles?limit=1", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_count_is_kept_in_the_shared_cache(client, registry, settings):
    """Every process that shares the cache counts the same client's requests together: a new
    client (another worker's view of the same address) is held back too, and the count lives
    in the cache, not in a process's memory."""
    settings.API_THROTTLE_RATE = "2/min"
    for _ in range(2):
        assert client.get(API + "titles?limit=1").status_code == 200
    assert CommittingClient().get(API + "titles?limit=1").status_code == 429
    cache.clear()  # what a shared cache forgets, every process forgets
    assert CommittingClient().get(API + "titles?limit=1").status_code == 200


def test_a_cache_that_is_down_leaves_the_api_answering(client, registry, settings, monkeypatch):
    """Redis stopped (deploy/faults): the lists are served, unthrottled and without an ETag,
    never a 500."""
    settings.API_THROTTLE_RATE = "1/min"

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for method in ("add", "incr", "get", "get_many", "get_or_set", "set", "set_many"):
        monkeypatch.setattr(cache, method, down)
    for _ in range(3):  # beyond the rate, which it cannot count
        response = client.get(API + "awards?limit=1")
        assert response.status_code == 200 and response.json()["items"]
        assert "ETag" not in response


def test_an_address_forged_in_x_forwarded_for_does_not_escape_the_throttle(
    client, registry, settings
):
    settings.API_THROTTLE_RATE = "2/min"
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: the connection's address is the client's
    for forged in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        response = client.get(API + "titles?limit=1", HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_the_client(client, registry, settings):
    settings.API_THROTTLE_RATE = "1/min"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {"HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5", **proxy}
    assert client.get(API + "titles", **first).status_code == 200
    # The same client, whatever it writes further left; another client is another count.
    again = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.5", **proxy}
    assert client.get(API + "titles", **again).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.6", **proxy}
    assert client.get(API + "titles", **other).status_code == 200


# Caching


def test_a_response_is_public_for_a_minute_with_an_etag(client, registry):
    response = client.get(API + "awards")
    assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert client.get(API + "awards?limit=3")["ETag"] != response["ETag"]
    assert client.get(API + "awards")["ETag"] == response["ETag"]
    assert "ETag" not in client.get(API + "awards/999999")  # errors are not kept


def test_a_client_holding_the_current_response_gets_a_304_without_a_query(
    client, registry, django_assert_num_queries
):
    tag = client.get(API + "awards")["ETag"]
    with django_assert_num_queries(0):
        response = client.get(API + "awards", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert response["ETag"] == tag
    assert client.get(API + "awards", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_an_award_revoked_changes_the_etag_and_leaves_the_list(client, registry):
    award = registry.public[0]
    tag = client.get(API + "awards")["ETag"]
    with committed():
        award.revoked_on = datetime.date(2025, 5, 1)
        award.revocation_reason = "Sai sót"
        award.save()
    response = client.get(API + "awards", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200
    assert award.pk not in [item["id"] for item in response.json()["items"]]
    assert client.get(API + f"awards/{award.pk}").status_code == 404


def test_a_person_unlisted_changes_the_etag_of_the_people(client, registry):
    tag = client.get(API + "people")["ETag"]
    with committed():
        registry.hoa.listed = False
        registry.hoa.save()
    response = client.get(API + "people", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200
    assert registry.hoa.pk not in [item["id"] for item in response.json()["items"]]


def test_a_pact_target_changed_alone_changes_the_etag(client, registry):
    tag = client.get(API + "pacts")["ETag"]
    with committed():
        target = registry.pacts[0].targets.first()
        target.actual_value = "1"
        target.save()
    assert client.get(API + "pacts", HTTP_IF_NONE_MATCH=tag).status_code == 200


# Schema and docs


def test_the_schema_is_served_with_every_list(client, registry):
    response = client.get(API + "openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for name in ("awards", "decisions", "titles", "communes", "units", "people", "pacts"):
        assert f"/api/v1/{name}" in paths
        parameters = {p["name"] for p in paths[f"/api/v1/{name}"]["get"]["parameters"]}
        assert {"cursor", "limit"} <= parameters
        assert {"200", "400", "429"} <= set(paths[f"/api/v1/{name}"]["get"]["responses"])
    assert "/api/v1/decisions/{pk}/awards" in paths


def test_the_docs_page_needs_nothing_from_elsewhere_and_no_inline_script(client, registry):
    response = client.get(API + "docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/static/ninja/") for source in sources)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    # Only a JSON data block is inline; it does not run, so the CSP lets it be.
    assert all('src="' in tag or "application/json" in tag for tag, _content in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_api_index_links_its_lists_and_docs(client, registry):
    index = client.get(API).json()
    assert index["awards"] == "http://testserver/api/v1/awards"
    assert index["docs"] == "http://testserver/api/v1/docs"
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ({}, "API không có địa chỉ này."),
        ({"Accept-Language": "en"}, "No such address in the API."),
        ({"Accept-Language": "es-ES,es;q=0.9"}, "La API no tiene esta dirección."),
    ],
)
def test_an_error_is_said_in_the_language_asked_for(registry, asked, message):
    response = CommittingClient(headers=asked).get(API + "nowhere")
    assert error(response, 404) == message


def test_requests_at_once_are_each_counted(settings):
    """Many requests of one client at the same moment (threads of app servers sharing the
    cache) are held to the rate exactly: none overwrites another's count."""
    settings.API_THROTTLE_RATE = "100/min"
    throttle = ClientThrottle()
    request = RequestFactory().get("/api/v1/titles", REMOTE_ADDR="203.0.113.7")
    start = threading.Barrier(8)

    def asks() -> int:
        start.wait()
        return sum(throttle.allow_request(request) for _ in range(50))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads taking turns as often as they can: races show
    try:
        with ThreadPoolExecutor(8) as pool:
            allowed = sum(pool.map(lambda _: asks(), range(8)))
    finally:
        sys.setswitchinterval(interval)
    # Unless the minute turned meanwhile, when the new minute's count starts again.
    assert allowed == 100 or (100 < allowed <= 200 and time.time() % 60 < 5)
