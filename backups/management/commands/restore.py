from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: its manifest and checksums checked, then the "
        "database (pg_restore, or SQLite's backup API) and the uploaded files put back as they "
        "were, and each table's rows compared with the manifest's. Stop the site first. A "
        "database that holds data is replaced only with --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive, registry-YYYYMMDD-HHMMSS.tar.")
        parser.add_argument(
            "--yes", action="store_true", help="Replace a database that holds data."
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options) -> None:
        try:
            compared = restore_backup(
                Path(options["archive"]),
                using=options["database"],
                replace=options["yes"],
                progress=self.stderr.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"The database did not answer as it should: {error}") from None
        differing = {table: counts for table, counts in compared.items() if counts[0] != counts[1]}
        width = max((len(table) for table in compared), default=0)
        for table, (expected, found) in compared.items():
            if expected or found:
                mark = "" if expected == found else f"   ≠ {found} now"
                self.stdout.write(f"{table:<{width}}  {expected:>8}{mark}")
        if differing:
            raise CommandError(
                f"{len(differing)} table(s) do not hold the rows the manifest says: "
                + ", ".join(sorted(differing))
            )
        total = sum(expected for expected, _found in compared.values())
        self.stdout.write(
            f"Restored: {len(compared)} tables, {total} rows, as the manifest says. "
            "Run `manage.py migrate` if this release is newer than the backup."
        )
