"""Importing a decision's annex from a spreadsheet: read, preview, then save every row or none.

Offices keep annexes in Excel, laid out for printing: a title block above the header, headers
in Vietnamese (sometimes on two lines, with merged cells), a row of column numbers under them,
section headings ("I. Tập thể", "II. Cá nhân") between the rows. `read_table()` finds the
header and the rows in all that and keeps the cells as text; `check()` matches every row to the
registry (titles, communes, units, people, households: by folded name, so case, diacritics and
extra spaces don't matter) in a fixed number of queries, whatever the number of rows;
`import_rows()` saves them in one transaction.
"""

from django.contrib.auth.models import User

from awards.imports.files import ImportFileError
from awards.imports.matching import Report, Row, check, row_values
from awards.imports.saving import import_rows
from awards.imports.table import Table, header_key, read_table
from awards.imports.values import FIELDS
from awards.models import AnnexImport, Decision

__all__ = [
    "FIELDS", "ImportFileError", "Report", "Row", "Table", "check", "header_key", "import_rows",
    "read_import", "read_table", "row_values", "start_import",
]  # fmt: skip


def read_import(upload, decision: Decision, default_year: int, by: User | None) -> AnnexImport:
    """The upload read into an import, not saved yet: nothing of the registry changes."""
    table = read_table(upload)
    return AnnexImport(
        decision=decision,
        file_name=upload.name.rsplit("/", 1)[-1][:255],
        uploaded_by=by,
        header_line=table.header_line,
        headers=table.headers,
        rows=table.rows,
        mapping=table.mapping,
        default_year=default_year,
    )


def start_import(upload, decision: Decision, default_year: int, by: User) -> AnnexImport:
    """Read the upload and keep it for the preview; previews abandoned long ago go."""
    AnnexImport.objects.abandoned().delete()  # one DELETE by date, however many
    imp = read_import(upload, decision, default_year, by)
    imp.save()
    return imp


# Checking ----------------------------------------------------------------------------------
