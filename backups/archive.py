"""A backup of the site as it runs: the database's own dump and the uploaded files, in one tar.

An archive `registry-YYYYMMDD-HHMMSS.tar` holds three members:

- `manifest.json`: when, which release, which engine, the migrations applied, each table's
  rows, and the size and sha256 of the two parts below;
- `database.pgdump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite:
  the backup API's copy of the file);
- `media.tar`: MEDIA_ROOT's files (decisions' scans, exports).

Both dumps are consistent while the site writes: pg_dump reads the snapshot the row counts were
taken in (`--snapshot`), SQLite's backup API copies one state of the file. A restore puts back
exactly that state, on the same engine; `export_registry` moves a registry between engines.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "registry-backup"
VERSION = 1
PREFIX = "registry-"
SUFFIX = ".tar"
MANIFEST = "manifest.json"
MEDIA = "media.tar"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """What went wrong, said for the operator (the commands turn it into a CommandError)."""


def make_backup(
    output: Path, using: str = "default", progress: Callable[[str], None] = print
) -> Path:
    """Write one archive into `output` and return its path. A backup cut short leaves only a
    `.partial` file, never something that looks like an archive."""
    connection = connections[using]
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {connection.vendor}.")
    output.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    archive = output / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    if archive.exists():
        raise BackupError(f"{archive} already exists: wait a second and try again.")
    with tempfile.TemporaryDirectory(dir=output, prefix=".backup-") as work:
        dump = Path(work) / DUMPS[connection.vendor]
        progress(f"Dumping the {connection.vendor} database…")
        if connection.vendor == "postgresql":
            counts = _dump_postgresql(connection, dump)
        else:
            counts = _dump_sqlite(connection, dump)
        progress(f"Copying the uploaded files of {settings.MEDIA_ROOT}…")
        media = Path(work) / MEDIA
        files = _pack_media(Path(settings.MEDIA_ROOT), media)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now.isoformat(),
            "release": settings.RELEASE,
            "django": django.get_version(),
            "engine": connection.vendor,
            "migrations": applied_migrations(connection),
            "row_counts": counts,
            "media_files": files,
            "parts": {part.name: _describe(part) for part in (dump, media)},
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            tar.add(dump, arcname=dump.name)
            tar.add(media, arcname=media.name)
        partial.rename(archive)
    return archive


def read_manifest(archive: Path) -> dict:
    """The archive's manifest, checked for its form; BackupError if it is no backup of ours."""
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
    except FileNotFoundError:
        raise BackupError(f"No file {archive}.") from None
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(f"{archive} is not a registry backup ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a registry backup (no manifest of one).")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{archive} is a backup of format version {manifest.get('version')}; "
            f"this release reads version {VERSION}."
        )
    for key in ("engine", "migrations", "row_counts", "parts"):
        if key not in manifest:
            raise BackupError(f"{archive}'s manifest lacks '{key}': the archive is damaged.")
    return manifest


def restore_backup(
    archive: Path,
    using: str = "default",
    replace: bool = False,
    progress: Callable[[str], None] = print,
) -> dict:
    """Put back the database and the uploaded files of `archive`. Refuses a database that
    holds data unless `replace`. Returns {table: (rows in the archive, rows now)}."""
    connection = connections[using]
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"{archive} is a backup of a {manifest['engine']} database and this one is "
            f"{connection.vendor}: restore it on {manifest['engine']}, or move the registry "
            "between engines with export_registry and import_registry."
        )
    unknown = _unknown_migrations(connection, manifest["migrations"])
    if unknown:
        raise BackupError(
            "The backup was made by a newer release (migrations this code lacks: "
            f"{', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}): deploy that release "
            "to restore it."
        )
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as work:
        parts = _extract_parts(archive, manifest, Path(work))
        if not replace and holds_data(connection):
            raise BackupError(
                "This database holds data, which the restore would replace: "
                "say --yes to replace it."
            )
        progress(f"Restoring the {connection.vendor} database…")
        dump = parts[DUMPS[connection.vendor]]
        if connection.vendor == "postgresql":
            _restore_postgresql(connection, dump)
        else:
            _restore_sqlite(connection, dump)
        progress(f"Restoring the uploaded files into {settings.MEDIA_ROOT}…")
        _unpack_media(parts[MEDIA], Path(settings.MEDIA_ROOT))
    counts = row_counts(connection)
    compared = {
        table: (expected, counts.get(table)) for table, expected in manifest["row_counts"].items()
    }
    _after_restore(using)
    return compared


def prune(output: Path, keep: int) -> list[Path]:
    """Delete the archives of `output` beyond the newest `keep`; returns those deleted.

    Only complete archives named as make_backup() names them count; the names sort in time."""
    archives = sorted(output.glob(f"{PREFIX}[0-9]*-[0-9]*{SUFFIX}"))
    doomed = archives[:-keep] if keep > 0 else archives
    for path in doomed:
        path.unlink()
    return doomed


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Every table's rows, the Django models' and the others (the change journal's)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def holds_data(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database holds anything a freshly migrated one lacks: a record of the
    registry, a user account. (The catalogue and the staff groups come with `migrate`.)"""
    from backups import registry

    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
    if "django_migrations" not in present:
        return False
    return any(
        model._meta.db_table in present and model._base_manager.using(connection.alias).exists()
        for model in (*registry.records(), *registry.accounts())
    )


def _dump_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    binary = _binary("pg_dump")
    # The rows counted in the snapshot pg_dump reads: the manifest says what the dump holds.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if outermost:  # else the caller's transaction decides what it sees
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = row_counts(connection)
        _run(
            [binary, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
            connection,
        )
    return counts


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    binary = _binary("pg_restore")
    connection.close()
    _run(
        [
            binary,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        connection,
    )


def _run(args: list[str], connection: BaseDatabaseWrapper) -> None:
    """Run a PostgreSQL client with the connection's settings in its environment: the password
    in PGPASSWORD, never on a command line that `ps` shows."""
    settings_dict = connection.settings_dict
    env = {**os.environ, **_client_env(settings_dict)}
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupError(f"Could not run {args[0]}: {error}.") from None
    if result.returncode != 0:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit status {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )


def _client_env(settings_dict: dict) -> dict[str, str]:
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGPASSWORD": settings_dict.get("PASSWORD") or options.get("password"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {key: str(value) for key, value in values.items() if value}


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (Debian: apt-get install postgresql-client, of the "
            "server's major version)."
        )
    return found


def _dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    # Counted in the copy, which no one writes.
    copy = sqlite3.connect(dump)
    try:
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables
        }
    finally:
        copy.close()


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # Page by page into the open database: other connections see the old state or the
        # new, never a mixture.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore the copy: {error}.") from None
    finally:
        source.close()


def _pack_media(root: Path, media: Path) -> int:
    files = 0
    with tarfile.open(media, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
                    files += 1
    return files


def _unpack_media(media: Path, root: Path) -> None:
    """Make MEDIA_ROOT hold the archive's files, and only them (a file uploaded since the
    backup belongs to records the restore took away)."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r") as tar:
        kept = {root / member.name for member in tar.getmembers() if member.isfile()}
        for path in sorted(root.rglob("*"), reverse=True):
            if (path.is_file() or path.is_symlink()) and path not in kept:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        tar.extractall(root, filter="data")


def _extract_parts(archive: Path, manifest: dict, work: Path) -> dict[str, Path]:
    """The archive's parts, written out and checked against the manifest's sizes and sums."""
    wanted = {DUMPS[manifest["engine"]], MEDIA}
    if not wanted <= set(manifest["parts"]):
        raise BackupError(f"{archive}'s manifest lacks a part: the archive is damaged.")
    parts = {}
    try:
        with tarfile.open(archive, "r") as tar:
            for name in sorted(wanted):
                member = tar.getmember(name)
                if not member.isfile():
                    raise BackupError(f"{archive}: {name} is not a file.")
                path = work / name
                with tar.extractfile(member) as source, open(path, "wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
                parts[name] = path
    except (tarfile.TarError, KeyError, OSError) as error:
        raise BackupError(f"{archive} is damaged ({error}).") from None
    for name, path in parts.items():
        if _describe(path) != manifest["parts"][name]:
            raise BackupError(
                f"{archive} is damaged: {name} is not what the manifest says "
                "(its size or sha256 differs). Restore another backup."
            )
    return parts


def _unknown_migrations(connection: BaseDatabaseWrapper, migrations: dict) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(migrations.items())
        for name in names
        if (app, name) not in known
    ]


def _after_restore(using: str) -> None:
    """A restore is a change of everything: no annex check kept before it is imported as it
    is (awards.changes), and no cached page made before it is served."""
    from awards import changes, rolls

    connections[using].close()
    changes.install(using)
    rolls.everything_changed()


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))
