from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.exports import csv_text
from awards.models import Commendation
from reports.official import OFFICIAL_FORMS, NoRegime, official_form
from reports.pdf import render
from reports.spreadsheets import (
    SUMMARY_COLUMNS,
    official_form_rows,
    official_form_xlsx,
    summary_rows,
    summary_xlsx,
)
from reports.summaries import summarise
from units.models import Commune

FORMATS = ("csv", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Write the yearly summary of published awards (an emulation year), or one of the "
        "official forms (a reporting year, under the regime that governs it), to a file: e.g. "
        "export_summary 2024 --format xlsx --output summary-2024.xlsx, or "
        "export_summary 2024 --form 0603 --format pdf --output 0603-2024.pdf"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "year", type=int, help="the emulation year (of a form: its reporting year)"
        )
        parser.add_argument("--format", choices=FORMATS, default="xlsx")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--form", choices=sorted(OFFICIAL_FORMS), help="an official form")
        parser.add_argument("--commune", type=int, help="the summary of one commune (its id)")

    def handle(self, *args, year, format, output, form, commune, **options) -> None:
        # A form of no awards is a report all the same; a summary of none is a mistyped year.
        if not form and not Commendation.objects.published().filter(year=year).exists():
            raise CommandError(f"No published award for {year}: nothing to report.")
        if form:
            content, what = self.official_form(form, year, format), f"form {form}.N"
        else:
            content, what = self.summary(year, commune, format), "summary"
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stdout.write(f"Wrote the {year} {what} to {path}.")

    def summary(self, year: int, commune: int | None, format: str) -> bytes:
        scope = None
        if commune is not None:
            scope = Commune.objects.filter(pk=commune).first()
            if scope is None:
                raise CommandError(f"No commune has the id {commune}.")
        summary = summarise(year, commune=scope)
        if format == "csv":
            return csv_text(SUMMARY_COLUMNS, summary_rows(summary)).encode()
        if format == "xlsx":
            return summary_xlsx(summary)
        return render("summary", {"summary": summary}).content

    def official_form(self, code: str, year: int, format: str) -> bytes:
        try:
            form = official_form(code, year)
        except NoRegime:
            raise CommandError(f"No statistical reporting regime governs {year}.") from None
        if format == "csv":
            header, *rows = official_form_rows(form)
            return csv_text(header, rows).encode()
        if format == "xlsx":
            return official_form_xlsx(form)
        return render("form", {"form": form}).content
