"""The public rolls' read model: the tallies, and the versions of the cached roll pages.

The pages across years (home, list of years, catalogue) read `AwardTally`, a few rows a year,
instead of counting every award. Every public roll page is cached under its year's version
(see `awards.views.cached_page`); an award changing recounts its year and gives that year,
the pages across years and the pages of records a new version, which retires all their
cached pages at once.

`awards.models` imports `years_changed()` for its `save()` methods, so this module imports no
model when it loads: it reads them only when it recounts.
"""

import logging
import secrets
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from config.cache import warn_uncached

# The version of the pages that look across years, which change with any year.
ACROSS_YEARS = "all"
# The version of the pages of one record (a commune, unit, person or decision): they change
# with any award, and with any change of a record they show (`records_changed()`).
RECORDS = "records"
_pending = threading.local()
logger = logging.getLogger(__name__)


def years_changed(years: set[int]) -> None:
    """Recount the years' tallies and retire their cached pages once the transaction commits.

    Saving a decision's fifty awards in one transaction registers fifty callbacks; the first
    does the work for all of them and the rest find nothing pending. After a rollback the years
    stay pending and are recounted at the next commit, which is harmless.
    """
    if not years:
        return
    _pending.__dict__.setdefault("years", set()).update(years)
    transaction.on_commit(_recount_pending)


def _recount_pending() -> None:
    years = _pending.__dict__.pop("years", set())
    if not years:
        return
    # Retired before the recount as well as after: were the recount to fail, no page would be
    # served for a day with an award revoked or a person unlisted since.
    _retire([*years, ACROSS_YEARS, RECORDS])
    recount_tallies(years)
    _retire([*years, ACROSS_YEARS, RECORDS])


def records_changed(**kwargs) -> None:
    """Retire the cached pages of records once the transaction commits: a person renamed or
    unlisted, a unit that ended. Connected to the saves and deletions of what they show
    (awards.apps); awards retire them through `years_changed()`. A merge saving a thousand
    rows in one transaction writes the version once."""
    _pending.__dict__["records"] = True
    transaction.on_commit(_retire_pending_records)


def _retire_pending_records() -> None:
    if _pending.__dict__.pop("records", False):
        _retire([RECORDS])


def everything_changed(**kwargs) -> None:
    """Retire every cached page once the transaction commits: a title renamed, a commune
    renamed, which every roll that lists them shows (awards.apps)."""
    _pending.__dict__["everything"] = True
    transaction.on_commit(_retire_pending_everything)


def _retire_pending_everything() -> None:
    from awards.models import FIRST_YEAR, LAST_YEAR

    if _pending.__dict__.pop("everything", False):
        _retire([*range(FIRST_YEAR, LAST_YEAR + 1), ACROSS_YEARS, RECORDS])


# Kinds of pages whose retirement the cache refused (down): retired again by this process as
# soon as the cache answers it (stored_page). A lock: a process may serve on several threads.
_unretired: set = set()
_unretired_lock = threading.Lock()


def _retire(kinds: list) -> None:
    """New versions for these kinds of pages, so that every page stored under an older one is
    made again. Called once a save has committed: a cache that refuses the write must not fail
    the save (nor the recount after it), so the kinds are kept to be retired again."""
    with _unretired_lock:
        kinds = sorted({*kinds, *_unretired}, key=str)
    if not kinds:
        return
    try:
        cache.set_many({_version_key(kind): _new_version() for kind in kinds}, timeout=None)
    except Exception:
        logger.error(
            "cache unavailable: pages of %s not retired; retried once the cache answers",
            ", ".join(map(str, kinds)),
            exc_info=True,
        )
        with _unretired_lock:
            _unretired.update(kinds)
        return
    with _unretired_lock:
        _unretired.difference_update(kinds)


def recount_tallies(years: set[int]) -> None:
    """Recount the years from the awards: work bounded by those years, never the table."""
    from awards.models import AwardTally, Commendation

    with transaction.atomic():
        AwardTally.objects.filter(year__in=years).delete()
        rows = (
            Commendation.objects.public()
            .filter(year__in=years)
            .recipient_kinds()
            .values("year", "title", "recipient_kind")
            .annotate(total=Count("id"))
            .order_by()
        )
        AwardTally.objects.bulk_create(
            AwardTally(
                year=row["year"],
                title_id=row["title"],
                recipient_kind=row["recipient_kind"],
                total=row["total"],
            )
            for row in rows
        )


def roll_version(year: int | str) -> int:
    """The version of the year's cached pages (`ACROSS_YEARS` for the pages across years).

    Versions never expire, and a new one is random rather than the next number: a version the
    cache forgot (evicted, or flushed) must not come back as one that old pages are stored under.
    Each year asked for keeps a key: ask only for years that can have a roll.
    """
    return cache.get_or_set(_version_key(year), _new_version, timeout=None)


def stored_page(year: int | str, key: str) -> tuple[int, object | None]:
    """The version of the year's pages, and the page stored under `key` if it was stored with
    that version (else None): one round trip to the cache when both are there, as a cached
    page should cost no more. Pages are stored as `(version, page)` with `store_page()`."""
    version_key = _version_key(year)
    try:
        found = cache.get_many([version_key, key])
    except Exception:  # the cache is down: the page is made, not stored (store_page)
        warn_uncached(logger, "cache unavailable: %s served uncached", key)
        return 0, None
    if _unretired:  # the cache answers again: what saves could not retire meanwhile, now
        _retire([])
        return 0, None  # made uncached this once, under versions just changed
    version = found.get(version_key)
    if version is None:
        return roll_version(year), None
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return version, stored[1]
    return version, None


def store_page(key: str, version: int, page: object, seconds: int) -> None:
    if not version:
        return  # the cache did not answer for the version
    try:
        cache.set(key, (version, page), seconds)
    except Exception:  # full (a maxmemory without eviction) or down: the page was made anyway
        warn_uncached(logger, "cache unavailable: %s not stored", key)


def _version_key(year: int | str) -> str:
    return f"honours:{year}:version"


# A version: random in its low VERSION_RANDOM_BITS, the tenth of a second it was made above them
# (about 2^58 today: an int every cache keeps exactly).
VERSION_RANDOM_BITS = 24


def _new_version() -> int:
    made = time.time_ns() // 100_000_000
    return made << VERSION_RANDOM_BITS | secrets.randbits(VERSION_RANDOM_BITS)


def version_age(version: int) -> float:
    """Seconds since `version` was made (a version of before they carried their time is old)."""
    return time.time() - (version >> VERSION_RANDOM_BITS) / 10
