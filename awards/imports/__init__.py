"""Importing a decision's annex from a spreadsheet: read, preview, then save every row or none.

Offices keep annexes in Excel, laid out for printing: a title block above the header, headers
in Vietnamese (sometimes on two lines, with merged cells), a row of column numbers under them,
section headings ("I. Tập thể", "II. Cá nhân") between the rows. `read_table()` finds the
header and the rows in all that and keeps the cells as text; `check()` matches every row to the
registry (titles, communes, units, people, households: by folded name, so case, diacritics and
extra spaces don't matter) in a fixed number of queries, whatever the number of rows;
`import_rows()` saves them in one transaction.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from awards.imports.files import ImportFileError
from awards.imports.matching import Report, Row, check, row_values
from awards.imports.saving import import_rows
from awards.imports.stored import current_saving, forget_check, stored_check, stored_rows
from awards.imports.table import Table, header_key, read_table
from awards.imports.values import FIELDS
from awards.models import AnnexImport, Decision
from config.collector import collector_paused

__all__ = [
    "FIELDS", "ImportFileError", "Report", "Row", "Table", "check", "current_saving", "header_key",
    "import_rows",
    "read_import", "read_sheet", "read_table", "row_values", "set_for_rows", "start_import",
    "stored_check", "stored_rows",
]  # fmt: skip


@collector_paused()
def read_import(
    upload, decision: Decision, default_year: int, by: User | None, sheet: str | None = None
) -> AnnexImport:
    """The upload read into an import, not saved yet: nothing of the registry changes.

    `sheet` names the sheet (or the Word table) to read; by default the first that holds rows.
    """
    imp = AnnexImport(
        decision=decision,
        file_name=upload.name.rsplit("/", 1)[-1][:255],
        uploaded_by=by,
        default_year=default_year,
    )
    _fill(imp, read_table(upload, sheet=sheet))
    return imp


def start_import(
    upload, decision: Decision, default_year: int, by: User, sheet: str | None = None
) -> AnnexImport:
    """Read the upload and keep it for the preview; previews abandoned long ago go."""
    AnnexImport.objects.abandoned().delete()  # one DELETE by date, however many
    imp = read_import(upload, decision, default_year, by, sheet=sheet)
    upload.seek(0)
    imp.source = upload.read()  # read_table refused it if it was larger than MAX_BYTES
    imp.save()
    return imp


def read_sheet(imp: AnnexImport, sheet: str) -> None:
    """Read another sheet of the uploaded file instead: its rows, columns and title block.

    The corrections made to the other sheet's rows are dropped with them.
    """
    if imp.source is None:
        raise ImportFileError(_("The file is no longer kept: upload it again."))
    with collector_paused():
        table = read_table(ContentFile(bytes(imp.source), name=imp.file_name), sheet=sheet)
    _fill(imp, table)
    imp.corrections = {}
    forget_check(imp)
    imp.save()


def set_for_rows(imp: AnnexImport, indexes: Iterable[int], values: dict[str, str]) -> int:
    """The same values (title, kind, commune, year …) for these rows, as corrections kept
    beside what the file says (not saved yet); returns how many rows."""
    count = 0
    for index in indexes:
        if 0 <= index < len(imp.rows):
            imp.corrections.setdefault(str(index), {}).update(values)
            count += 1
    return count


def _fill(imp: AnnexImport, table: Table) -> None:
    imp.header_line = table.header_line
    imp.headers = table.headers
    imp.rows = table.rows
    imp.mapping = table.mapping
    imp.sheet = table.sheet
    imp.sheets = table.sheets
    imp.title_block = table.title_block
    imp.extra_columns = table.extra
