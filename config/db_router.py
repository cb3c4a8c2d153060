"""Public reads from a streaming replica (DATABASE_REPLICA_URL), everything else from the primary.

`ReplicaMiddleware` decides once a request: the replica only for a public read (GET or HEAD,
outside the admin, nobody logged in, no write of this visitor's in the last moments) while the
replica answers and is no more than REPLICA_MAX_LAG_SECONDS behind. `ReplicaRouter` follows that
choice for reads; writes always go to the primary, and a request that writes reads the primary
from then on. Outside a request (the task worker, management commands, the shell) nothing
chooses the replica, so everything reads the primary.

A public request whose query fails on the replica midway is not tried again on the primary (it
gets the 503 page, as when the primary is down): it forces the next request to check the
replica again, which then finds it down and reads the primary.
"""

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils import translation

REPLICA = "replica"
# How often each process asks the replica whether it answers and how far behind it is.
CHECK_SECONDS = 5
# Set on the response to any request that wrote: its visitor reads the primary for a while.
WROTE_COOKIE = "wrote_at"
# Apps read from the primary whatever the request: a session saved a moment ago must be found,
# and the task queue's state is the worker's, to the row.
PRIMARY_ONLY_APPS = {"sessions", "django_tasks_database"}

# On a standby: 0 when it has replayed all it received (an idle primary sends nothing new, and
# the last replayed transaction may be hours old), else the age of the last one it replayed.
# On a primary (not in recovery): 0. NULL when a standby has replayed nothing yet. "<=", not
# "=": a standby just restarted receives again from the start of a WAL segment, behind what it
# has already replayed (seen here: 28 s "behind" for ever on an idle primary with "=").
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
    END
"""

logger = logging.getLogger(__name__)


@dataclass
class RequestReads:
    """What one request reads from: set by the middleware, changed by the request's first write."""

    replica: bool
    wrote: bool = False


# A context variable, not a thread-local: a request under ASGI may move between threads, and
# one thread may serve several requests' contexts.
_reads: contextvars.ContextVar[RequestReads | None] = contextvars.ContextVar(
    "replica_reads", default=None
)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary, asked on a connection of its own (closed at
    once, so the requests' connections never see a failed check). Raises the database's error
    when the replica does not answer; the alias's connect_timeout bounds the wait."""
    connection = connections.create_connection(REPLICA)
    try:
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute("SELECT 1")
                return 0.0
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
            return None if lag is None else float(lag)
    finally:
        connection.close()


class ReplicaHealth:
    """Whether this process may read from the replica, asked of it at most every CHECK_SECONDS.

    One request checks while the others go on with the last answer; a change between usable and
    skipped is logged once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.checked_at: float | None = None
        self.usable = True  # as assumed before the first check, so that only a fault is logged
        self.state = "not checked yet"

    def is_usable(self) -> bool:
        due = self.checked_at is None or time.monotonic() - self.checked_at >= CHECK_SECONDS
        # The first check is waited for; later ones by the one request that takes the lock.
        if due and self._lock.acquire(blocking=self.checked_at is None):
            try:
                if self.checked_at is None or time.monotonic() - self.checked_at >= CHECK_SECONDS:
                    self.check()
            finally:
                self._lock.release()
        return self.usable

    def check(self) -> None:
        max_lag = settings.REPLICA_MAX_LAG_SECONDS
        try:
            lag = replica_lag()
        except Error as error:
            usable, state = False, f"down ({str(error).strip().splitlines()[0]})"
        else:
            if lag is None:
                usable, state = False, "lag unknown (nothing replayed yet)"
            elif lag > max_lag:
                usable, state = False, f"{lag:.1f} s behind (more than {max_lag} s)"
            else:
                usable, state = True, f"{lag:.1f} s behind"
        if usable != self.usable:
            if usable:
                logger.warning("Replica back: public pages read from it again; %s.", state)
            else:
                logger.warning("Replica skipped: public pages read from the primary; %s.", state)
        self.usable, self.state, self.checked_at = usable, state, time.monotonic()

    def forget(self) -> None:
        """Check again at the next request (a query on the replica just failed)."""
        self.checked_at = None


health = ReplicaHealth()


def replica_health() -> str | None:
    """The replica's state in a line for the health endpoint; None without a replica."""
    if not replica_configured():
        return None
    usable = health.is_usable()
    return f"{'ok' if usable else 'skipped'}, {health.state}"


def reads_replica() -> bool:
    """Whether the request being served reads from the replica."""
    reads = _reads.get()
    return bool(reads and reads.replica)


def read_your_writes_seconds() -> int:
    """How long a visitor who wrote reads the primary: any replica still in use has replayed
    what was committed REPLICA_MAX_LAG_SECONDS before its last check, which is at most
    CHECK_SECONDS old; doubled for clocks that disagree."""
    return 2 * settings.REPLICA_MAX_LAG_SECONDS + CHECK_SECONDS


class ReplicaRouter:
    """Reads where the request's middleware chose, writes and migrations on the primary."""

    def db_for_read(self, model: type[Model], **hints) -> str | None:
        reads = _reads.get()
        if reads and reads.replica and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None  # the primary, or the database of the instance the query starts from

    def db_for_write(self, model: type[Model], **hints) -> str:
        if reads := _reads.get():
            # What this request reads from now on includes what it wrote; its visitor's next
            # requests too (the middleware's cookie).
            reads.replica = False
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool | None:
        # The same rows in both: a unit read from the replica may be given to a new award.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        # The replica replays the primary's schema; it is read-only and cannot be migrated.
        return False if db == REPLICA else None


@cache
def admin_paths() -> tuple[str, ...]:
    """The admin's address in every language (/admin/, /en/admin/, /es/admin/), as the URLconf
    writes them, without the script's prefix."""
    prefix = len(get_script_prefix()) - 1
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("admin:index")[prefix:])
    return tuple(paths)


class ReplicaMiddleware:
    """Chooses, for each request, whether its reads go to the replica (after
    AuthenticationMiddleware: a logged-in visitor reads the primary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reads = RequestReads(replica=self.reads_replica(request))
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if reads.wrote or request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            seconds = read_your_writes_seconds()
            response.set_signed_cookie(
                WROTE_COOKIE,
                str(time.time()),
                salt=WROTE_COOKIE,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        reads = _reads.get()
        if reads and reads.replica and isinstance(exception, Error):
            health.forget()

    def reads_replica(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return False
        if request.path_info.startswith(admin_paths()):
            return False
        # Without a session cookie nobody is logged in, and asking costs no query.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            return False
        if self.wrote_lately(request):
            return False
        return health.is_usable()

    def wrote_lately(self, request: HttpRequest) -> bool:
        wrote_at = request.get_signed_cookie(WROTE_COOKIE, default=None, salt=WROTE_COOKIE)
        try:
            return time.time() - float(wrote_at) < read_your_writes_seconds()
        except (TypeError, ValueError):
            return False
