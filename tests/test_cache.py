"""The shared Redis cache when Redis fails: pages are made uncached, quickly, and said once."""

import logging
import socket
import time

import pytest
from redis import Redis
from redis.exceptions import ConnectionError, TimeoutError

from config import cache as shared_cache
from config.cache import CacheUnavailable, RedisCache


@pytest.fixture
def refused_url() -> str:
    """The address of a port nothing listens on: Redis stopped, its connections refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def redis_cache(url: str) -> RedisCache:
    return RedisCache(url, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}})


def test_a_failed_redis_is_not_asked_again_for_a_moment_and_said_once(refused_url, caplog):
    cache = redis_cache(refused_url)
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        with pytest.raises(ConnectionError):
            cache.get("version")
        started = time.monotonic()
        for _ in range(100):  # a page's calls, and the next pages'
            with pytest.raises(CacheUnavailable):
                cache.get("version")
        assert time.monotonic() - started < 0.1  # no connection tried, no timeout waited
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "cache unavailable" in caplog.records[0].getMessage()


def test_a_failed_redis_is_asked_again_after_a_moment_and_said_when_it_answers(
    refused_url, caplog, monkeypatch
):
    monkeypatch.setattr(shared_cache, "DOWN_SECONDS", 0.05)
    cache = redis_cache(refused_url)
    with pytest.raises(ConnectionError):
        cache.get("version")
    with pytest.raises(CacheUnavailable):
        cache.get("version")
    time.sleep(0.1)
    with pytest.raises(ConnectionError) as still_down:
        cache.get("version")  # the moment is over: asked, and still refused
    assert not isinstance(still_down.value, CacheUnavailable)
    # Redis answers again (its replies stubbed at the client: nothing listens here).
    monkeypatch.setattr(Redis, "execute_command", lambda self, *args, **options: b"2")
    time.sleep(0.1)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("version") == 2
        assert cache.get("version") == 2
    assert [record.getMessage() for record in caplog.records] == ["cache available again"]


def test_a_redis_that_never_answers_costs_a_page_one_timeout_not_one_a_call():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never says a word
        cache = redis_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        for _ in range(3):  # a page makes two or three
            with pytest.raises((TimeoutError, ConnectionError)):  # then CacheUnavailable
                cache.get_many(["version", "page"])
        assert time.monotonic() - started < 1.5  # one timeout (1 s), not one a call


def test_a_failed_redis_is_still_written_to_and_a_failed_write_trips_the_breaker(refused_url):
    """A save retires its pages by a write (awards.rolls): tried whenever it is made, so that it
    reaches a Redis that answers again however recently it failed."""
    cache = redis_cache(refused_url)
    with pytest.raises(ConnectionError):
        cache.set_many({"version": 1})  # a pipeline, not a single command
    with pytest.raises(CacheUnavailable):
        cache.get("version")
    with pytest.raises(ConnectionError) as written:
        cache.set_many({"version": 2})
    assert not isinstance(written.value, CacheUnavailable)
