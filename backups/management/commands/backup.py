from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from backups.archive import BackupError, make_backup, prune


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and the uploaded files into "
        "one archive, registry-YYYYMMDD-HHMMSS.tar, with a manifest of its rows and checksums. "
        "Safe while the site runs. --keep N then deletes the older archives beyond the newest N."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default="backup-archives",
            help="Directory of the archives (default: backup-archives).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="After the backup, keep only the newest N archives of the directory.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep needs at least 1: the backup just made is kept.")
        output = Path(options["output"])
        try:
            archive = make_backup(output, using=options["database"], progress=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"The database did not answer as it should: {error}") from None
        except OSError as error:
            raise CommandError(f"Could not write the backup into {output}: {error}") from None
        size = archive.stat().st_size
        self.stdout.write(f"{archive} ({size / 1e6:.1f} MB)")
        if keep is not None:
            for old in prune(output, keep):
                self.stderr.write(f"Deleted {old}, older than the newest {keep}.")
