"""Whether the records an annex's check reads have changed since it was made.

A kept check (awards.imports.stored) may be imported as it is only if nothing it read has
changed since: a person added by another import, an award entered, a rule or a rate amended.
Database triggers note every statement that writes one of those tables (`WATCHED_TABLES`),
whoever runs it: the admin, a bulk QuerySet.update(), a COPY, a psql session. They are
installed after every `migrate` (`install()`, connected in awards.apps), because SQLite drops a
table's triggers when a migration remakes the table.

- PostgreSQL: each statement adds a row to `awards_change_journal`, with its transaction's id.
  A check keeps the snapshot it was made in and the journal's last row it could see; the
  registry has changed if a row was added after that one, or by a transaction the snapshot
  could not see (one under way while the check read). A snapshot does not see its own
  transaction's rows: those written before the state are this transaction's own and are seen
  (tests run a whole flow in one transaction); those after it have a later id. No lock is
  taken: writers never wait on each other for the journal.
- SQLite: each row written adds one to a single counter. SQLite has one writer at a time, so a
  counter read while another transaction writes is the one before that transaction's.

A state is a string (kept in the import's JSON). One from another database, or none, is never
current.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, connections
from django.db.backends.utils import CursorWrapper

# The tables that awards.imports.check() reads (a test captures its queries to keep this true).
WATCHED_TABLES = (
    "awards_authority", "awards_basesalary", "awards_commendation", "awards_competence",
    "awards_competence_titles", "awards_decision", "awards_eligibilityrule",
    "awards_emulationtitle", "awards_initiative", "awards_rewardrate", "awards_rewardrounding",
    "awards_yearlyresult", "units_commune", "units_household", "units_person", "units_unit",
)  # fmt: skip
TRIGGER = "awards_registry_changed"


def install(using: str = "default", **kwargs) -> None:
    """The journal and a trigger on each watched table, where they are missing; and the
    migrate noted as a change, so that no check kept before it is imported as it is."""
    target = connections[using]
    with target.cursor() as cursor:
        # Only those there: `migrate awards zero` sends post_migrate too.
        tables = sorted(set(WATCHED_TABLES) & set(target.introspection.table_names(cursor)))
        if target.vendor == "postgresql":
            _install_postgresql(cursor, tables)
            # A migrate is a change: a migration may have written a table while its trigger
            # was gone (SQLite remakes tables), or the code that checks rows changed with it.
            cursor.execute("INSERT INTO awards_change_journal DEFAULT VALUES")
        elif target.vendor == "sqlite":
            _install_sqlite(cursor, tables)
            cursor.execute("UPDATE awards_change_count SET changes = changes + 1")


def _install_postgresql(cursor: CursorWrapper, tables: list[str]) -> None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS awards_change_journal ("
        " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " xact xid8 NOT NULL DEFAULT pg_current_xact_id(),"
        " at timestamptz NOT NULL DEFAULT now())"
    )
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS awards_change_journal_xact ON awards_change_journal (xact)"
    )
    cursor.execute(
        "CREATE INDEX IF NOT EXISTS awards_change_journal_at ON awards_change_journal (at)"
    )
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN INSERT INTO awards_change_journal DEFAULT VALUES; RETURN NULL; END $$"
    )
    cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER])
    present = {table for (table,) in cursor.fetchall()}
    for table in sorted(set(tables) - present):
        cursor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f'ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
        )


def _install_sqlite(cursor: CursorWrapper, tables: list[str]) -> None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS awards_change_count "
        "(id integer PRIMARY KEY CHECK (id = 1), changes integer NOT NULL)"
    )
    cursor.execute("INSERT OR IGNORE INTO awards_change_count VALUES (1, 0)")
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{table}_{event.lower()} "
                f'AFTER {event} ON "{table}" '
                "BEGIN UPDATE awards_change_count SET changes = changes + 1; END"
            )


def current_state() -> str:
    """The registry's state now, to be kept with a check made from now on."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_current_snapshot()::text, "
                "(SELECT coalesce(max(id), 0) FROM awards_change_journal)"
            )
            snapshot, last = cursor.fetchone()
            return f"postgresql {snapshot} {last}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT changes FROM awards_change_count")
            (changes,) = cursor.fetchone()
            return f"sqlite {changes}"
    return ""


def changed_since(state: str) -> bool:
    """Whether a watched table was written since `state` (True for an unknown state)."""
    vendor, _space, rest = state.partition(" ")
    if vendor != connection.vendor or not rest:
        return True
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            snapshot, _space, last = rest.partition(" ")
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM awards_change_journal WHERE id > %s) "
                "OR EXISTS (SELECT 1 FROM awards_change_journal "
                "WHERE xact >= pg_snapshot_xmin(%s::pg_snapshot) "
                "AND NOT pg_visible_in_snapshot(xact, %s::pg_snapshot) "
                "AND xact IS DISTINCT FROM pg_current_xact_id_if_assigned())",
                [int(last), snapshot, snapshot],
            )
        else:
            cursor.execute("SELECT changes != %s FROM awards_change_count", [int(rest)])
        (changed,) = cursor.fetchone()
    return bool(changed)


def prune() -> int:
    """Forget the journal's rows from before the oldest preview that may still be confirmed
    (IMPORT_PREVIEW_DAYS, and a day): one DELETE by date. Returns how many."""
    if connection.vendor != "postgresql":
        return 0  # a counter: nothing grows
    kept = timedelta(days=settings.IMPORT_PREVIEW_DAYS + 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM awards_change_journal WHERE at < now() - %s", [kept])
        return cursor.rowcount
