from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.exports import SUMMARY_COLUMNS, csv_text, summary_rows, summary_xlsx
from awards.models import Commendation
from awards.summaries import summarise
from units.models import Commune

FORMATS = ("csv", "xlsx")


class Command(BaseCommand):
    help = (
        "Write the yearly summary of published awards to a file, as the admin's summary page "
        "offers it: e.g. export_summary 2024 --format xlsx --output summary-2024.xlsx"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int, help="the emulation year")
        parser.add_argument("--format", choices=FORMATS, default="xlsx")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--commune", type=int, help="only this commune (its id)")

    def handle(self, *args, year: int, format: str, output: str, commune: int | None, **options):
        if not Commendation.objects.published().filter(year=year).exists():
            raise CommandError(f"No published award for {year}: nothing to summarise.")
        scope = None
        if commune is not None:
            scope = Commune.objects.filter(pk=commune).first()
            if scope is None:
                raise CommandError(f"No commune has the id {commune}.")
        summary = summarise(year, commune=scope)
        if format == "csv":
            content = csv_text(SUMMARY_COLUMNS, summary_rows(summary)).encode()
        else:
            content = summary_xlsx(summary)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the {year} summary ({summary.total} awards) to {path}.")
