from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from backups.registry import RegistryError, import_registry


class Command(BaseCommand):
    help = (
        "Import an export_registry ZIP into this registry, which must hold no records (a "
        "freshly migrated database: its catalogue is replaced by the file's). All or nothing, "
        "every row with its id; staff named in the history become inactive accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="The ZIP file written by export_registry.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options) -> None:
        try:
            manifest = import_registry(
                Path(options["input"]), using=options["database"], progress=self.stderr.write
            )
        except RegistryError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"The database did not answer as it should: {error}") from None
        rows = sum(entry["rows"] for entry in manifest["models"])
        self.stdout.write(
            f"Imported {rows} rows of {len(manifest['models'])} files and "
            f"{manifest['files']['count']} uploaded files."
        )
