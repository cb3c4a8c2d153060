"""Django's Redis cache, with one Redis client per connection pool instead of one per call, and
a breaker that leaves a failing Redis alone for a moment.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation,
and redis-py's constructor fills a table of about 170 response callbacks each time: on a cached
page, that was a third of a millisecond per operation, more than the round trip to Redis itself.
A client is safe to share between threads (each command takes a connection from the pool), so
one per pool is kept. Selected by `CACHE_URL=redis://…` (config/settings.py).

A Redis that fails to answer (stopped, or its machine gone) is not read from again for
`DOWN_SECONDS`: meanwhile every read raises `CacheUnavailable` at once, where each would have
waited its own timeout again (half a second to connect, two or three reads a page), and the
outage is logged once when it starts and once when Redis answers again, not with a traceback
for every call of every page. Callers make the page uncached when a read raises. Writes are
always tried: a save retires its pages by a write (awards.rolls), which must reach a Redis
that answers again, however recently it failed.
"""

import logging
import sys
import time

from django.core.cache.backends import redis
from redis import Redis
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0  # a process's; each gunicorn worker finds out for itself


class CacheUnavailable(ConnectionError):
    """Redis failed moments ago and is not asked again yet (see DOWN_SECONDS)."""


def warn_uncached(log: logging.Logger, message: str, *args) -> None:
    """For a caller that goes on without the cache, in its `except`: `message`, with the error,
    unless the error is the breaker's own (the outage was said once, when it started)."""
    if not isinstance(sys.exc_info()[1], CacheUnavailable):
        log.warning(message, *args, exc_info=True)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._down_until = 0.0  # time.monotonic(); 0 while Redis answers

    def get_client(self, key=None, *, write=False):
        if not write and self._down_until and time.monotonic() < self._down_until:
            raise CacheUnavailable("the cache failed moments ago; not read from again yet")
        index = self._get_connection_pool_index(write)  # reads pick a replica at random
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = _Client(self, connection_pool=self._pools[index])
        return client

    def set_many(self, *args, **kwargs):
        # Sent as a pipeline, which is not _Client.execute_command: told here.
        try:
            result = super().set_many(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            self.failed(error)
            raise
        self.answered()
        return result

    def failed(self, error: Exception) -> None:
        if not self._down_until:
            logger.error(
                "cache unavailable (%s): pages are made uncached; asked again every %s s",
                error,
                DOWN_SECONDS,
            )
        self._down_until = time.monotonic() + DOWN_SECONDS

    def answered(self) -> None:
        if self._down_until:
            self._down_until = 0.0
            logger.warning("cache available again")


class _Client(Redis):
    """A Redis client that tells the cache's client whether each command was answered."""

    def __init__(self, cache_client: RedisCacheClient, **kwargs) -> None:
        super().__init__(**kwargs)
        self._cache_client = cache_client

    def execute_command(self, *args, **options):
        try:
            result = super().execute_command(*args, **options)
        except (ConnectionError, TimeoutError) as error:
            self._cache_client.failed(error)
            raise
        self._cache_client.answered()
        return result


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
