from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.catalogue import LAW_DIR, load_law


class Command(BaseCommand):
    help = (
        "Bring the catalogue, the powers to confer and the reward money up to the law files "
        "(awards/law/*.toml, or those of --directory): adds what is missing, updates the "
        "shipped entries, leaves an office's own entries alone, and says what it did."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=LAW_DIR, help=f"where the files are ({LAW_DIR})"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, change nothing"
        )

    def handle(self, *args, directory: Path, dry_run: bool, **options) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        try:
            with transaction.atomic():
                changes = load_law(directory=directory)
                if dry_run:
                    transaction.set_rollback(True)
        except (ValueError, KeyError) as error:
            raise CommandError(f"The law files are not valid: {error}") from error
        prefix = "Would change (dry run): " if dry_run else ""
        self.stdout.write(prefix + (str(changes) or "nothing to load."))
