from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from backups.registry import RegistryError, export_registry


class Command(BaseCommand):
    help = (
        "Export the whole registry (places, units, people, decisions, awards, the catalogue "
        "and the audit history) to a ZIP of JSON Lines files, one a model, with manifest.json "
        "and FORMAT.md describing every field. import_registry loads it into an empty registry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="The ZIP file to write, e.g. registry.zip.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options) -> None:
        output = Path(options["output"])
        if output.is_dir():
            raise CommandError(f"{output} is a directory: name the ZIP file to write.")
        try:
            manifest = export_registry(
                output, using=options["database"], progress=self.stderr.write
            )
        except RegistryError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"The database did not answer as it should: {error}") from None
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error}") from None
        rows = sum(entry["rows"] for entry in manifest["models"])
        self.stdout.write(
            f"{output}: {len(manifest['models'])} files, {rows} rows, "
            f"{manifest['files']['count']} uploaded files ({output.stat().st_size / 1e6:.1f} MB)."
        )
        for missing in manifest["files"]["missing"]:
            self.stderr.write(f"Missing from the storage, not exported: {missing}")
