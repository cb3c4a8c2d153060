from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from awards import imports
from awards.imports.template import KIND_WORDS
from awards.models import Commendation, Decision, EmulationTitle
from units.names import fold


class Command(BaseCommand):
    help = (
        "Import a decision's annex from a file (.xlsx, .xlsm, .xls, .ods, .csv, or the "
        "decision's .docx) into the draft decision: every row or none. E.g. import_annex "
        "annex.xlsx --decision 42 --title lao-dong-tien-tien --kind individuals --dry-run"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the annex: .xlsx, .xlsm, .xls, .ods, .csv or .docx")
        parser.add_argument("--decision", type=int, required=True, help="the draft decision's id")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
        parser.add_argument("--year", type=int, help="emulation year for rows without one")
        parser.add_argument("--user", help="the username recorded in the history as importer")
        parser.add_argument(
            "--sheet", help="the sheet (or Word table) to read; by default the first with rows"
        )
        parser.add_argument(
            "--title", help="the title or form of every row: its key (slug) or its exact name"
        )
        parser.add_argument(
            "--kind",
            choices=[kind.value for kind in Commendation.RecipientKind],
            help="the kind of recipient of every row",
        )

    def handle(
        self, *args, file, decision, dry_run, year, user, sheet, title, kind, **options
    ) -> None:
        draft = Decision.objects.filter(pk=decision).first()
        if draft is None:
            raise CommandError(f"No decision has the id {decision}.")
        if draft.status != Decision.Status.DRAFT:
            raise CommandError(f"{draft} is published: awards are imported into drafts only.")
        by = None
        if user is not None:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user is named {user!r}.")
        path = Path(file)
        try:
            with path.open("rb") as handle:
                imp = imports.read_import(
                    File(handle, name=path.name),
                    draft,
                    year or draft.signed_on.year,
                    by,
                    sheet=sheet,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from error

        for_every_row = {}
        if title is not None:
            merit = EmulationTitle.objects.filter(
                Q(slug=title) | Q(name_folded=fold(title)), is_active=True
            ).first()
            if merit is None:
                raise CommandError(f"No title or form of the catalogue is {title!r}.")
            for_every_row["title"] = merit.slug
        if kind is not None:
            for_every_row["kind"] = KIND_WORDS[kind]
        if for_every_row:
            imports.set_for_rows(imp, range(len(imp.rows)), for_every_row)

        report = imports.check(imp)
        for row in report.rows:
            for error in row.errors:
                self.stderr.write(f"line {row.line}: {error}")
        counts = report.counts
        summary = (
            f"{len(report.rows)} rows: {counts['matched']} matched, {counts['new']} new "
            f"recipients, {counts['error']} in error."
        )
        if not report.is_valid:
            raise CommandError(f"{summary} Nothing was imported.")
        if dry_run:
            self.stdout.write(f"{summary} Dry run: nothing was imported.")
            return
        with transaction.atomic():
            imp.save()
            try:
                count = imports.import_rows(imp, by=by)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{summary} Imported {count} awards into {draft}.")
