"""Public reads go to the replica, everything else to the primary (config/db_router.py).

The replica here is the test database through a connection of its own, as the settings make it
from DATABASE_REPLICA_URL (TEST MIRROR): it sees what is committed, like a real replica, and
not the test's own transaction. The suite itself runs without DATABASE_REPLICA_URL, so each
test here that needs the alias adds it, with the router and the middleware.
"""

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext

from config import db_router
from config.db_router import REPLICA, WROTE_COOKIE, ReplicaMiddleware
from tests.makers import make_commune
from units.models import Commune

# The replica is a connection of the test's own, not made at the start of the session.
pytestmark = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])

PUBLIC_PAGE = "/en/titles/"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"


class Clock:
    """Wall time and monotonic time, moved on by the test."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(db_router, "time", clock)
    return clock


@contextmanager
def replica_elsewhere(**changes):
    """The replica's alias with these settings changed, on a connection of their own."""
    settings_dict, connection = connections.settings[REPLICA], connections[REPLICA]
    connections.settings[REPLICA] = {**settings_dict, **changes}
    connections[REPLICA] = connections.create_connection(REPLICA)
    try:
        yield
    finally:
        # The same connection again: the test's transaction on it is rolled back at its end.
        connections.settings[REPLICA] = settings_dict
        connections[REPLICA] = connection


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup) -> Iterator[None]:
    """The replica's alias for this module's tests, as the settings make it: the test database
    through a connection of its own. Added before each test's database access is checked, which
    allows only the aliases it is told of (pytestmark)."""
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    replica = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        # SQLite's in-memory test database, shared by two connections, locks every table the
        # test's transaction wrote for the other connection: reading it uncommitted does not
        # wait. (On PostgreSQL the replica sees what is committed, as a real one does.)
        options = {**default["OPTIONS"], "init_command": "PRAGMA read_uncommitted = 1"}
        replica["OPTIONS"] = options
    connections.settings[REPLICA] = replica
    yield
    if hasattr(connections._connections, REPLICA):
        connections[REPLICA].close()
        del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(settings, monkeypatch, clock) -> None:
    """A configured replica: the router, the middleware, and a process that never checked it."""
    settings.DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(AUTHENTICATION) + 1, "config.db_router.ReplicaMiddleware")
    settings.MIDDLEWARE = middleware
    monkeypatch.setattr(db_router, "health", db_router.ReplicaHealth())


def queries_on_each(client, method: str = "get", path: str = PUBLIC_PAGE, **kwargs):
    """The response, and how many queries the primary and the replica each ran for it."""
    cache.clear()  # else a public page is served from the cache, without a query
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = getattr(client, method)(path, **kwargs)
    return response, len(primary), len(replica)


def primary_queries(client, path: str = PUBLIC_PAGE):
    """For a replica that is down: even capturing its queries would connect to it."""
    cache.clear()
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        response = client.get(path)
    return response, len(primary)


def reads_of(path: str, rf, method: str = "get", **kwargs) -> str:
    """Where a request to `path` reads a commune from, as the router answers inside it."""

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(router.db_for_read(Commune))

    return ReplicaMiddleware(view)(getattr(rf, method)(path, **kwargs)).content.decode()


def test_a_public_page_reads_from_the_replica(replica, client):
    response, on_primary, on_replica = queries_on_each(client)
    assert response.status_code == 200
    # The catalogue, committed by the migrations, is on the replica too.
    assert response.context["titles"]
    assert on_replica > 0
    assert on_primary == 0
    assert WROTE_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/", "/en/honours/", "/es/titles/", "/api/v1/awards"])
def test_public_addresses_read_from_the_replica(replica, rf, path):
    assert reads_of(path, rf) == REPLICA


@pytest.mark.parametrize(
    "path", ["/admin/", "/en/admin/", "/es/admin/login/", "/en/admin/awards/decision/"]
)
def test_the_admin_reads_from_the_primary_in_every_language(replica, rf, path):
    assert reads_of(path, rf) == DEFAULT_DB_ALIAS


def test_a_staff_member_reads_a_public_page_from_the_primary(replica, staff_client):
    response, on_primary, on_replica = queries_on_each(staff_client)
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


def test_a_staff_page_reads_from_the_primary(replica, staff_client):
    response, on_primary, on_replica = queries_on_each(staff_client, path="/en/admin/")
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_request_that_may_write_reads_the_primary(replica, rf, method):
    assert reads_of("/en/search/", rf, method) == DEFAULT_DB_ALIAS


def test_a_visitor_who_posted_reads_the_primary_for_a_while_then_the_replica(
    replica, client, clock
):
    response, _, on_replica = queries_on_each(client, "post", "/en/search/")
    assert on_replica == 0
    assert response.cookies[WROTE_COOKIE]["max-age"] == db_router.read_your_writes_seconds()

    clock.advance(db_router.read_your_writes_seconds() - 1)
    response, on_primary, on_replica = queries_on_each(client)
    assert (on_primary > 0, on_replica) == (True, 0)

    clock.advance(2)
    response, on_primary, on_replica = queries_on_each(client)
    assert (on_primary, on_replica > 0) == (0, True)


def test_a_forged_write_mark_is_ignored(replica, rf):
    rf.cookies[WROTE_COOKIE] = "9999999999"
    assert reads_of(PUBLIC_PAGE, rf) == REPLICA


def test_a_request_that_writes_reads_what_it_wrote_and_marks_its_visitor(replica, rf):
    where = []

    def view(request: HttpRequest) -> HttpResponse:
        where.append(router.db_for_read(Commune))
        commune = make_commune()
        where.append(commune._state.db)
        where.append(router.db_for_read(Commune))
        return HttpResponse()

    response = ReplicaMiddleware(view)(rf.get(PUBLIC_PAGE))
    assert where == [REPLICA, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    assert WROTE_COOKIE in response.cookies


def test_writes_never_go_to_the_replica(replica, rf):
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_write(Commune))
        return HttpResponse()

    ReplicaMiddleware(view)(rf.get(PUBLIC_PAGE))
    seen.append(router.db_for_write(Commune))
    assert seen == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]


def test_a_row_read_from_the_replica_may_be_related_to_one_of_the_primary(replica):
    commune = make_commune()
    from_replica = Commune(pk=commune.pk, name=commune.name)
    from_replica._state.db = REPLICA
    assert router.allow_relation(from_replica, commune) is True


def test_migrations_never_run_on_the_replica(replica):
    assert router.allow_migrate(REPLICA, "awards") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "awards") is True


def test_sessions_are_read_from_the_primary_even_in_a_public_request(replica, rf):
    from django.contrib.sessions.models import Session

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(router.db_for_read(Session))

    assert ReplicaMiddleware(view)(rf.get(PUBLIC_PAGE)).content == b"default"


def test_outside_a_request_everything_reads_the_primary(replica):
    """The task worker, management commands and the shell."""
    assert router.db_for_read(Commune) == DEFAULT_DB_ALIAS
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        list(Commune.objects.all())
    assert len(on_replica) == 0


def test_a_replica_that_is_down_is_skipped_until_it_answers_again(replica, client, clock, caplog):
    caplog.set_level(logging.WARNING, logger="config.db_router")
    closed_port = {"NAME": "registry", "HOST": "127.0.0.1", "PORT": 1}
    postgresql = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"connect_timeout": 2}}
    with replica_elsewhere(**closed_port, **postgresql):
        for _ in range(3):
            response, on_primary = primary_queries(client)
            assert response.status_code == 200
            assert on_primary > 0
    assert [r.getMessage()[:16] for r in caplog.records] == ["Replica skipped:"]
    assert "down" in caplog.records[0].getMessage()

    response, on_primary, on_replica = queries_on_each(client)
    assert on_replica == 0  # not asked again yet
    clock.advance(db_router.CHECK_SECONDS)
    response, on_primary, on_replica = queries_on_each(client)
    assert (on_primary, on_replica > 0) == (0, True)
    assert [r.getMessage()[:13] for r in caplog.records][1:] == ["Replica back:"]


def test_a_replica_that_lags_is_skipped_until_it_catches_up(
    replica, client, clock, monkeypatch, settings
):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    lag = [30.0]
    monkeypatch.setattr(db_router, "replica_lag", lambda: lag[0])
    _, on_primary, on_replica = queries_on_each(client)
    assert (on_primary > 0, on_replica) == (True, 0)

    lag[0] = 2.0
    clock.advance(db_router.CHECK_SECONDS - 1)
    assert queries_on_each(client)[2] == 0
    clock.advance(1)
    assert queries_on_each(client)[2] > 0


def test_a_standby_that_replayed_nothing_yet_is_skipped(replica, rf, monkeypatch):
    monkeypatch.setattr(db_router, "replica_lag", lambda: None)
    assert reads_of(PUBLIC_PAGE, rf) == DEFAULT_DB_ALIAS


def test_a_query_failing_on_the_replica_has_it_checked_at_the_next_request(
    replica, client, settings, monkeypatch
):
    """The failed request is not tried again on the primary (a 503), but the next one asks."""
    settings.ROOT_URLCONF = "tests.test_errors"
    client.raise_request_exception = False
    checks = []
    monkeypatch.setattr(db_router, "replica_lag", lambda: checks.append(1) or 0.0)
    client.get(PUBLIC_PAGE)
    assert client.get("/en/fail/database-gone/").status_code == 503
    assert db_router.health.checked_at is None
    client.get(PUBLIC_PAGE)
    assert len(checks) == 2


def test_the_health_check_says_whether_the_replica_is_read(replica, client, monkeypatch, clock):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode().startswith("ok\nreplica: ok, ")

    monkeypatch.setattr(db_router, "replica_lag", lambda: 60.0)
    clock.advance(db_router.CHECK_SECONDS)
    response = client.get("/healthz")
    # The app server still serves everything from the primary: healthy.
    assert response.status_code == 200
    assert response.content.decode() == "ok\nreplica: skipped, 60.0 s behind (more than 10 s)"


def test_the_real_lag_query_runs_on_the_replica(replica):
    """On PostgreSQL the mirror is no standby (0); on SQLite there is no lag to ask."""
    assert db_router.replica_lag() == 0.0


def settings_of(**environment: str) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'replica': s.DATABASES.get('replica'), "
        "'routers': s.DATABASE_ROUTERS, 'middleware': s.MIDDLEWARE, "
        "'max_lag': s.REPLICA_MAX_LAG_SECONDS}, default=str))"
    )
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REPLICA"))}
    variables.update(SECRET_KEY="test-only", DEBUG="false", **environment)
    variables["DJANGO_SETTINGS_MODULE"] = "config.settings"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=variables,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return {"error": done.stderr}
    return json.loads(done.stdout)


def test_the_settings_make_the_replica_from_its_url():
    found = settings_of(
        DATABASE_URL="postgres://registry@db1:5432/registry",
        DATABASE_REPLICA_URL="postgres://registry@db2:5432/registry",
        REPLICA_MAX_LAG_SECONDS="30",
    )
    replica = found["replica"]
    assert (replica["HOST"], replica["TEST"], replica["CONN_HEALTH_CHECKS"]) == (
        "db2",
        {"MIRROR": "default"},
        True,
    )
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert found["routers"] == ["config.db_router.ReplicaRouter"]
    middleware = found["middleware"]
    assert middleware.index("config.db_router.ReplicaMiddleware") == (
        middleware.index(AUTHENTICATION) + 1
    )
    assert found["max_lag"] == 30


def test_without_a_replica_url_nothing_is_routed():
    found = settings_of()
    assert found["replica"] is None
    assert found["routers"] == []
    assert "config.db_router.ReplicaMiddleware" not in found["middleware"]
    assert found["max_lag"] == 10
    assert "config.db_router.ReplicaMiddleware" not in django_settings.MIDDLEWARE


def test_a_maximum_lag_below_a_second_stops_the_app():
    assert "REPLICA_MAX_LAG_SECONDS=0 must be 1 or more" in settings_of(
        REPLICA_MAX_LAG_SECONDS="0"
    ).get("error", "")


class Later:
    """The wall clock of the cached pages' versions, a minute on."""

    @staticmethod
    def time() -> float:
        return time.time() + 60


def replica_queries(client) -> int:
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get(PUBLIC_PAGE).status_code == 200
    return len(replica)


def test_a_page_read_from_the_replica_just_after_a_change_is_served_not_stored(
    replica, client, monkeypatch
):
    """The replica may not have replayed the change that retired the page's version yet: a
    page made from it then is not kept (it would be served for a day), the next is, once the
    replica has had the time to catch up."""
    from awards import rolls

    cache.clear()  # every version new: just made
    assert replica_queries(client) > 0
    assert replica_queries(client) > 0  # served, not stored
    monkeypatch.setattr(rolls, "time", Later)
    assert replica_queries(client) > 0  # stored this time
    assert replica_queries(client) == 0  # from the cache
