"""Importing a decision's annex from a spreadsheet: read, preview, then save every row or none.

Offices keep annexes in Excel, laid out for printing: a title block above the header, headers
in Vietnamese (sometimes on two lines, with merged cells), a row of column numbers under them,
section headings ("I. Tập thể", "II. Cá nhân") between the rows. `read_table()` finds the
header and the rows in all that and keeps the cells as text; `check()` matches every row to the
registry (titles, communes, units, people, households: by folded name, so case, diacritics and
extra spaces don't matter) in a fixed number of queries, whatever the number of rows;
`import_rows()` saves them in one transaction.
"""

import codecs
import csv
import datetime
import functools
import io
import posixpath
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.eligibility import Candidate, shortfalls
from awards.exports import looks_like_formula
from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_AMOUNT,
    AnnexImport,
    Commendation,
    Decision,
    EmulationTitle,
    years_changed,
)
from units.models import Commune, Household, Person, StaffScope, Unit
from units.names import fold as fold_text

# A decision's annex has hundreds of names, a province's largest a few thousand.
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
# Checked before the cells are read, in XLSX and CSV alike: an annex has about ten columns of
# short text. Far above any office's annex, far below what would take a worker's memory.
MAX_COLUMNS = 100  # filled ones
MAX_CELL_CHARS = 5_000
SNIFF_CHARS = 4_096  # of a CSV, to tell its delimiter
# All the cells' text: 20,000 rows of ten columns, names and citations included, is far less.
MAX_TABLE_CHARS = 20_000_000
MAX_SHEET_LINES = 100_000  # a sheet's lines, the empty ones too
# An XLSX is a zip of XML parts. Beyond these it is a zip bomb or a made-up file, not an annex
# (see _scan_workbook): zipfile never unpacks more than a part's declared size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1_000
MAX_RATIO = 100  # unpacked to packed size, for parts over 1 MB (as Apache POI refuses)
MAX_ELEMENTS = 2_000_000  # XML elements, in all the parts together
MAX_WHOLE_ELEMENTS = 50_000  # in a part that openpyxl reads whole (styles, workbook, …)
MAX_ROW_ELEMENTS = 50_000  # in one row or string: Excel's 16,384 cells with values and formulas
MAX_STRINGS = 200_000  # the shared strings: ten columns of the largest annex, all different
# Dates typed as text in the year column, read as the admin reads them (its DATE_INPUT_FORMATS):
# the day first, never the month.
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# Chunks of values for IN (...) look-ups: SQLite allows 32,766 variables in one statement.
CHUNK = 1_000

FIELDS = {
    "name": gettext_lazy("recipient name"),
    "kind": gettext_lazy("kind of recipient"),
    "position": gettext_lazy("position"),
    "unit": gettext_lazy("unit"),
    "commune": gettext_lazy("commune"),
    "title": gettext_lazy("title or form"),
    "year": gettext_lazy("year"),
    "citation": gettext_lazy("citation"),
    "amount": gettext_lazy("amount (VND)"),
}

# Column names as offices write them, folded (see header_key()); English ones too.
HEADERS = {
    "name": [
        "ho va ten", "ho ten", "ten", "ten tap the ca nhan", "ten tap the", "ten ca nhan",
        "ten don vi ca nhan", "tap the ca nhan", "ten tap the ca nhan ho gia dinh", "doi tuong",
        "ten doi tuong", "name", "full name", "recipient", "recipient name",
    ],
    "kind": [
        "loai", "loai doi tuong", "doi tuong khen thuong", "tap the ca nhan loai",
        "kind", "recipient kind", "kind of recipient",
    ],
    "position": ["chuc vu", "chuc danh", "chuc vu chuc danh", "position"],
    "unit": [
        "don vi", "don vi cong tac", "co quan don vi", "co quan", "noi cong tac",
        "chuc vu don vi", "unit",
    ],
    "commune": [
        "xa", "xa phuong", "xa phuong thi tran", "dia phuong", "dia ban", "phuong xa",
        "commune", "locality",
    ],
    "title": [
        "danh hieu", "danh hieu thi dua", "hinh thuc", "hinh thuc khen thuong",
        "danh hieu hinh thuc", "danh hieu hinh thuc khen thuong", "khen thuong", "title", "form",
        "title or form",
    ],
    "year": ["nam", "nam thi dua", "nam dat", "year", "emulation year"],
    "citation": [
        "thanh tich", "noi dung", "thanh tich khen thuong", "noi dung thanh tich", "ly do",
        "citation", "achievement",
    ],
    "amount": ["so tien", "tien thuong", "muc thuong", "so tien thuong", "amount"],
}  # fmt: skip
HEADER_FIELD = {words: name for name, all_words in HEADERS.items() for words in all_words}

KINDS = {
    "tap the": Commendation.RecipientKind.COLLECTIVES,
    "tt": Commendation.RecipientKind.COLLECTIVES,
    "collective": Commendation.RecipientKind.COLLECTIVES,
    "collectives": Commendation.RecipientKind.COLLECTIVES,
    "ca nhan": Commendation.RecipientKind.INDIVIDUALS,
    "cn": Commendation.RecipientKind.INDIVIDUALS,
    "individual": Commendation.RecipientKind.INDIVIDUALS,
    "individuals": Commendation.RecipientKind.INDIVIDUALS,
    "ho gia dinh": Commendation.RecipientKind.HOUSEHOLDS,
    "ho": Commendation.RecipientKind.HOUSEHOLDS,
    "hgd": Commendation.RecipientKind.HOUSEHOLDS,
    "household": Commendation.RecipientKind.HOUSEHOLDS,
    "households": Commendation.RecipientKind.HOUSEHOLDS,
}
COMMUNE_PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")
# A new unit's kind, guessed from how its name begins; staff can change it later.
UNIT_KIND_PREFIXES = [
    ("uy ban nhan dan", Unit.Kind.COMMUNE_AUTHORITY),
    ("ubnd", Unit.Kind.COMMUNE_AUTHORITY),
    ("truong", Unit.Kind.SCHOOL),
    ("tram y te", Unit.Kind.HEALTH_FACILITY),
    ("benh vien", Unit.Kind.HEALTH_FACILITY),
    ("trung tam y te", Unit.Kind.HEALTH_FACILITY),
    ("cong ty", Unit.Kind.ENTERPRISE),
    ("hop tac xa", Unit.Kind.ENTERPRISE),
    ("doanh nghiep", Unit.Kind.ENTERPRISE),
    ("thon", Unit.Kind.VILLAGE),
    ("ban ", Unit.Kind.VILLAGE),
    ("khu pho", Unit.Kind.VILLAGE),
    ("to dan pho", Unit.Kind.VILLAGE),
    ("cong an", Unit.Kind.ARMED_FORCES),
    ("ban chi huy quan su", Unit.Kind.ARMED_FORCES),
    ("doan thanh nien", Unit.Kind.MASS_ORGANISATION),
    ("hoi ", Unit.Kind.MASS_ORGANISATION),
    ("mat tran", Unit.Kind.MASS_ORGANISATION),
    ("phong ", Unit.Kind.AGENCY),
    ("van phong", Unit.Kind.AGENCY),
]
SECTION = re.compile(r"^([IVXLC]+|[A-Z])\s*[.)/:-]\s*\S")
COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$")
AMOUNT = re.compile(r"^[0-9]{1,3}([.,][0-9]{3})+$|^[0-9]+$")
CURRENCY = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|d)\.?$", re.IGNORECASE)


# An annex repeats its titles, kinds, units and communes on every row: fold each text once.
fold = functools.lru_cache(maxsize=100_000)(fold_text)


class ImportFileError(Exception):
    """A file that cannot be read as an annex; the message says why, for the user."""


def header_key(text: str) -> str:
    """'Họ và tên (1)' -> 'ho va ten'; 'Xã/Phường' -> 'xa phuong'."""
    text = re.sub(r"\(.*?\)", " ", fold(text))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# Reading -----------------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    header_line: int
    rows: list[list]  # [sheet line, section heading above it, [cells as text]]
    mapping: dict[str, int]


def read_table(upload) -> Table:
    """The annex in an uploaded XLSX or CSV file, or ImportFileError saying what is wrong."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB; an annex is far smaller. Split it.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    start = upload.read(8)
    upload.seek(0)
    if not start:
        raise ImportFileError(_("The file is empty."))
    if start.startswith(b"PK\x03\x04"):
        lines = _xlsx_lines(upload)
    elif start.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx.")
        )
    else:
        lines = _csv_lines(upload)
    return _find_table(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "year") and hasattr(value, "month"):  # a date typed in the year column
        return str(value.year)
    return " ".join(str(value).split())


def _year_text(text: str) -> str:
    """A year column's cell as a year: '2024', '2024.0', or a date typed as text (27/12/2024)."""
    text = text.removesuffix(".0")
    for layout in DATE_FORMATS:
        try:
            return str(datetime.datetime.strptime(text, layout).year)
        except ValueError:
            continue
    return text


TOO_BIG = gettext_lazy(
    "The workbook holds far more inside than any annex. Copy the annex alone into a new "
    "workbook and upload that, or save it as CSV."
)
TOO_MANY_LINES = gettext_lazy(
    "A sheet of the workbook has more than %(max)s lines, counting the empty ones. Delete the "
    "empty lines under the annex, or copy the annex alone into a new workbook."
)
TOO_WIDE = gettext_lazy(
    "Line %(line)s has a value in column %(column)s, beyond the first %(max)s columns; an annex "
    "has about ten. Delete the columns that are not part of the annex."
)
TOO_LONG = gettext_lazy(
    "Line %(line)s has a cell of more than %(max)s characters; no annex's cell is that long. "
    "Shorten it, or check that the file holds only the annex."
)
DAMAGED = gettext_lazy("The workbook is damaged and could not be read.")
# What zipfile, zlib, expat (through openpyxl) and openpyxl raise for a damaged workbook.
READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, ParseError, EOFError, OSError, KeyError, ValueError,
    TypeError, IndexError, NotImplementedError, RuntimeError,
)  # fmt: skip
# The parts that openpyxl reads whole, besides the .rels and those the content types or a
# relationship name as anything but a worksheet or the shared strings (openpyxl/reader/excel.py).
WHOLE_PARTS = {
    "[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml",
    "docProps/custom.xml",
}  # fmt: skip
STREAMED_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
}
STREAMED_RELATIONSHIPS = ("/worksheet", "/sharedStrings")  # how their types end
STREAMED_GROUPS = {("row", "worksheet"), ("si", "sst")}  # (element, root) that may be many
TEXT_ELEMENTS = {"v", "f", "t"}  # a cell's value, formula or inline text; a string's text


def _xlsx_lines(upload) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        with zipfile.ZipFile(upload) as archive:
            parts = _scan_workbook(archive)
        upload.seek(0)
        # Formulas are read as formulas, not their cached results: these may be stale or
        # missing (files made by programs), so a formula in a used column is reported. Links
        # to other workbooks hold copies of their sheets: not needed, not read.
        book = load_workbook(upload, read_only=True, data_only=False, keep_links=False)
    except READ_ERRORS as error:
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from error
    try:
        if not book.worksheets:  # only chart sheets, or a "Strict Open XML" workbook
            raise ImportFileError(
                _(
                    "No sheet of the workbook could be read. If it was saved as “Strict Open "
                    "XML”, save it again as an ordinary Excel workbook (.xlsx)."
                )
            )
        sheet = book.worksheets[0]
        # Trap: openpyxl names the part it reads the sheet from only in a private attribute
        # (openpyxl 3.1); a part that is not in the zip is a KeyError, so "damaged".
        part = parts[sheet._worksheet_path]
        if part.too_wide:
            line, column = part.too_wide
            raise ImportFileError(TOO_WIDE % {"line": line, "column": column, "max": MAX_COLUMNS})
        if part.too_long:
            raise ImportFileError(TOO_LONG % {"line": part.too_long, "max": f"{MAX_CELL_CHARS:,}"})
        if part.last_line > MAX_SHEET_LINES:
            raise ImportFileError(TOO_MANY_LINES % {"max": f"{MAX_SHEET_LINES:,}"})
        if part.last_line:  # up to the last filled line and column, no further
            rows = sheet.iter_rows(max_row=part.last_line, max_col=part.width, values_only=True)
            for row in rows:
                yield [_cell_text(value) for value in row]
    except READ_ERRORS as error:
        raise ImportFileError(DAMAGED) from error
    finally:
        book.close()


def _scan_workbook(archive: zipfile.ZipFile) -> dict[str, "_Part"]:
    """Every part of the workbook streamed through expat once, before openpyxl opens it.

    The zip's declared sizes bound the work (zipfile never unpacks more) and expat keeps memory
    flat; what openpyxl would then do is bounded by counting elements. Trap: openpyxl builds
    most parts whole as a tree (a styles.xml of 5 MB, a million empty <xf/>, took 620 MB), and
    reads worksheets and shared strings a row or a string at a time but keeps every emptied
    element to the end. So only the parts that openpyxl streams, and reads as nothing else, may
    hold many elements, and those only as rows or strings.
    """
    infos = archive.infolist()
    if (
        len(infos) > MAX_PARTS
        or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES
        or any(info.file_size > max(MAX_RATIO * info.compress_size, 2**20) for info in infos)
    ):
        raise ImportFileError(TOO_BIG)
    parts: dict[str, _Part] = {}
    left = MAX_ELEMENTS
    # The content types and the relationships first: they name the parts read whole.
    index = [info for info in infos if info.filename.endswith(("[Content_Types].xml", ".rels"))]
    whole = set(WHOLE_PARTS)
    for info in index:
        parts[info.filename] = part = _scan_part(archive, info, False, left)
        left -= part.elements
        whole.add(info.filename)
        for override in part.overrides:
            if override.get("ContentType") not in STREAMED_CONTENT_TYPES:
                name = override.get("PartName", "")
                whole |= {name[1:], name.lstrip("/")}
        for target, kind in _targets(info.filename, part.relations):
            if not kind.endswith(STREAMED_RELATIONSHIPS):
                whole.add(target)
    for info in infos:
        if info not in index:
            part = _scan_part(archive, info, info.filename not in whole, left)
            parts[info.filename] = part
            left -= part.elements
    return parts


def _targets(rels_name: str, relations: list[dict]) -> Iterator[tuple[str, str]]:
    """The parts that a .rels part points to, with the relationships' types, resolved as
    openpyxl resolves them (get_dependents, in openpyxl/packaging/relationship.py)."""
    parent = posixpath.split(posixpath.dirname(rels_name))[0]
    for relation in relations:
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(parent, target))
        yield target, relation.get("Type", "")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, streamed: bool, left: int):
    part = _Part(streamed, left)
    parser = expat.ParserCreate()  # names as written ("x:row"): twice as fast as with namespaces
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = part.refuse_doctype
    parser.StartElementHandler = part.start
    parser.EndElementHandler = part.end
    parser.CharacterDataHandler = part.text
    with archive.open(info) as stream:
        try:
            while chunk := stream.read(2**16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            # Not XML (an image, printer settings) or broken XML: were openpyxl to read it,
            # the same expat would stop at the same place, having seen only what was counted.
            pass
    return part


class _Part:
    """What one part of a workbook holds, counted as expat streams it through.

    Rows (with their filled cells: the widest, the last, the first too wide or too long) and
    strings are counted in every part. They may be many only in a part that openpyxl streams
    as a worksheet (rows) or as the shared strings (strings); anything else is bounded as if
    read whole. A DOCTYPE is refused: no spreadsheet program writes one, and it is the way in
    for external entities (XXE) and entity bombs ("billion laughs").
    """

    def __init__(self, streamed: bool, left: int) -> None:
        self.streamed, self.left = streamed, left
        self.kind = ""  # "worksheet" or "sst": a streamed part of that root; "": read whole
        self.elements = self.others = self.lines = self.strings = 0
        self.width = self.last_line = 0  # the last column and line holding a value
        self.too_wide: tuple[int, str] | None = None  # the first cell beyond (line, column)
        self.too_long = 0  # the first line with a cell beyond
        self.overrides: list[dict] = []  # in the content types
        self.relations: list[dict] = []  # in a .rels part
        self._columns = _column_numbers()
        self._depth = self._group = self._cell = 0  # the depths of the row or string, the cell
        self._group_kind = ""
        self._many = False  # in a row of a worksheet, a string of the shared strings
        self._group_elements = self._chars = self._line = self._column = 0
        self._in_text = self._filled = False

    def refuse_doctype(self, *args) -> None:
        raise ImportFileError(
            _(
                "The workbook holds an XML document type (DOCTYPE), which no spreadsheet "
                "program writes, so it was not read. Save the annex again from Excel, or as CSV."
            )
        )

    def start(self, name: str, attributes: dict) -> None:
        depth = self._depth = self._depth + 1
        self.elements += 1
        if self.elements > self.left:
            raise ImportFileError(TOO_BIG)
        local = name.rpartition(":")[2]
        self._in_text = False
        if self._group:
            self._group_elements += 1
            if self._group_elements > MAX_ROW_ELEMENTS:
                raise ImportFileError(TOO_BIG)
            if depth == self._group + 1 and self._group_kind == "row":
                self._start_cell(attributes.get("r"))  # to openpyxl, a row's every child
            elif self._cell or self._group_kind == "si":
                self._in_text = local in TEXT_ELEMENTS
        elif local == "row" or local == "si":
            self._group, self._group_kind, self._group_elements = depth, local, 0
            self._many = (local, self.kind) in STREAMED_GROUPS
            if local == "si":
                self._chars = 0
                self.strings += 1
                if self.strings > MAX_STRINGS:
                    raise ImportFileError(TOO_BIG)
            else:
                self.lines += 1
                if self.lines > MAX_SHEET_LINES:
                    raise ImportFileError(TOO_MANY_LINES % {"max": f"{MAX_SHEET_LINES:,}"})
                self._line, self._column = _row_number(attributes.get("r"), self._line), 0
        elif depth == 1 and self.streamed and local in ("worksheet", "sst"):
            self.kind = local
        elif local == "Override":
            self.overrides.append(attributes)
        elif local == "Relationship":
            self.relations.append(attributes)
        if not self._many:
            self.others += 1
            if self.others > MAX_WHOLE_ELEMENTS:
                raise ImportFileError(TOO_BIG)

    def _start_cell(self, reference: str | None) -> None:
        if reference:
            # The column as openpyxl reads it (coordinate_to_tuple): letters, then digits.
            column = self._columns.get(reference.rstrip("0123456789").upper())
            if column is None:
                raise ImportFileError(DAMAGED)
            self._column = column
        else:
            self._column += 1
        self._cell, self._chars, self._filled = self._depth, 0, False

    def end(self, name: str) -> None:
        self._in_text = False
        depth = self._depth
        if depth == self._cell:
            self._cell = 0
            if self._filled:
                if self._column > self.width:
                    self.width = self._column
                    if self._column > MAX_COLUMNS and self.too_wide is None:
                        self.too_wide = (self._line, _column_name(self._column))
                if self._line > self.last_line:
                    self.last_line = self._line
        elif depth == self._group:
            self._group, self._many = 0, False
        self._depth = depth - 1

    def text(self, data: str) -> None:
        if not self._in_text:
            return
        self._chars += len(data)
        self._filled = True
        if self._chars > MAX_CELL_CHARS:
            if self._group_kind == "si":
                raise ImportFileError(
                    _(
                        "The workbook holds a text of more than %(max)s characters; no annex's "
                        "cell is that long. Shorten it, or copy the annex alone into a new "
                        "workbook."
                    )
                    % {"max": f"{MAX_CELL_CHARS:,}"}
                )
            self.too_long = self.too_long or self._line


def _row_number(text: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its r attribute, else the one after the last."""
    if text is None:
        return previous + 1
    try:
        number = float(text)
    except ValueError:
        raise ImportFileError(DAMAGED) from None
    if not number.is_integer():
        raise ImportFileError(DAMAGED)
    return int(number)


@functools.cache
def _column_numbers() -> dict[str, int]:
    from openpyxl.utils.cell import get_column_letter

    return {get_column_letter(number): number for number in range(1, 18_279)}  # A to ZZZ


def _column_name(column: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(column) if column <= 18_278 else str(column)


def _csv_lines(upload) -> Iterator[list[str]]:
    raw = upload.read()
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(_("This is not a spreadsheet: upload an .xlsx or .csv file."))
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The CSV file is not in UTF-8, so its Vietnamese letters cannot be read. "
                "In Excel, save it as “CSV UTF-8 (Comma delimited)”, or upload the .xlsx."
            )
        ) from error
    del raw
    try:
        dialect = csv.Sniffer().sniff(_sniffing_sample(text), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    line = 0
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            yield _csv_cells(line, row)
    except csv.Error as error:
        if "field limit" in str(error):  # csv's own bound (128 KB), far above ours
            raise ImportFileError(
                TOO_LONG % {"line": line + 1, "max": f"{MAX_CELL_CHARS:,}"}
            ) from error
        raise ImportFileError(
            _("The CSV file is malformed: %(error)s") % {"error": error}
        ) from error


def _csv_cells(line: int, row: list[str]) -> list[str]:
    """A CSV line's cells, at most MAX_COLUMNS (the empty ones after them dropped)."""
    for column, value in enumerate(row, start=1):
        if len(value) > MAX_CELL_CHARS:
            raise ImportFileError(TOO_LONG % {"line": line, "max": f"{MAX_CELL_CHARS:,}"})
        if column > MAX_COLUMNS and value.strip():
            raise ImportFileError(TOO_WIDE % {"line": line, "column": column, "max": MAX_COLUMNS})
    return [_cell_text(value) for value in row[:MAX_COLUMNS]]


def _sniffing_sample(text: str) -> str:
    """The first lines, at most SNIFF_CHARS: csv.Sniffer's regexes are quadratic in their text
    (64 KB of `"a` lines took 30 s), and the title block and header are in the first lines."""
    sample = text[:SNIFF_CHARS]
    return sample.rpartition("\n")[0] or sample


def _header_fields(cells: list[str]) -> dict[int, str]:
    found = {}
    for column, text in enumerate(cells):
        name = HEADER_FIELD.get(header_key(text))
        if name and name not in found.values():
            found[column] = name
    return found


def _is_header_only(cells: list[str]) -> bool:
    """A line whose every filled cell is a column name: the second line of a merged header."""
    filled = [text for text in cells if text]
    return bool(filled) and all(header_key(text) in HEADER_FIELD for text in filled)


def _find_table(lines: Iterable[list[str]]) -> Table:
    lines = iter(lines)
    top: list[list[str]] = []
    for cells in lines:
        top.append(cells)
        if len(top) == 30:
            break
    if not any(any(cells) for cells in top):
        raise ImportFileError(_("The file is empty."))
    # The header is the line that names the most known columns, among the first thirty.
    best = max(range(len(top)), key=lambda number: len(_header_fields(top[number])))
    headers = list(top[best])
    # Merged header cells: a group heading above ("Khen thưởng" over "Danh hiệu | Số tiền"),
    # or the names split over two lines. Fill the gaps from the line that holds only names.
    for other in (best - 1, best + 1):
        if 0 <= other < len(top) and _is_header_only(top[other]):
            width = max(len(headers), len(top[other]))
            headers += [""] * (width - len(headers))
            for column, text in enumerate(top[other]):
                if text and header_key(headers[column]) not in HEADER_FIELD:
                    headers[column] = text
    first_data = best + 2 if best + 1 < len(top) and _is_header_only(top[best + 1]) else best + 1
    mapping = {name: column for column, name in _header_fields(headers).items()}
    if "name" not in mapping or len(mapping) < 2:
        raise ImportFileError(
            _(
                "No header line was found: the annex needs a line of column names such as "
                "“Họ và tên”, “Danh hiệu”, “Đơn vị” within its first 30 lines."
            )
        )
    rows = []
    section = ""
    blank_run = characters = 0
    for number, cells in enumerate(_chain(top[first_data:], lines), start=first_data + 1):
        filled = [text for text in cells if text]
        # Each cell within its bounds, the whole within the largest annex's: one shared string
        # of 5,000 characters named by every cell of a 2 MB workbook is 5 billion of them.
        characters += sum(map(len, filled))
        if characters > MAX_TABLE_CHARS:
            raise ImportFileError(
                _(
                    "The annex holds more than %(max)s characters in all; no decision's annex "
                    "is that long. Check that the file holds only the annex."
                )
                % {"max": f"{MAX_TABLE_CHARS:,}"}
            )
        if not filled:
            blank_run += 1
            if blank_run > 1000:  # formatted but empty rows to the end of the sheet
                break
            continue
        blank_run = 0
        if len(filled) >= 3 and all(COLUMN_NUMBER.match(text) for text in filled):
            continue  # the "(1) (2) (3)" line under the header
        if len(filled) == 1 and SECTION.match(filled[0]):
            section = filled[0]
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _(
                    "The annex has more than %(max)s rows. No decision's annex is that long: "
                    "split the file, or check that it holds only the annex."
                )
                % {"max": f"{MAX_ROWS:,}"}
            )
        rows.append([number, section, cells])
    if not rows:
        raise ImportFileError(_("The header was found, but no rows under it."))
    return Table(headers=headers, header_line=best + 1, rows=rows, mapping=mapping)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


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


@dataclass
class Row:
    index: int
    line: int
    values: dict[str, str]
    skipped: bool = False
    kind: str = ""
    title: EmulationTitle | None = None
    year: int | None = None
    amount: int | None = None
    name_key: str = ""  # the name, folded
    communes: list[Commune] = field(default_factory=list)  # that name, in the award's year
    commune: Commune | None = None  # when that name is one commune
    unit: Unit | None = None  # an individual's unit, when the registry knows it
    recipient: Unit | Commune | Person | Household | None = None
    recipient_field: str = ""
    # An individual's unit's commune and parent unit (for scopes and the award's locality).
    unit_commune_id: int | None = None
    unit_parent_id: int | None = None
    errors: list[str] = field(default_factory=list)
    shortfalls: list[dict] = field(default_factory=list)
    # The row named no commune (or unit) and was looked for within the user's scope.
    placed_by_scope: bool = False

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.errors:
            return "error"
        return "matched" if self.recipient is not None and self.recipient.pk else "new"

    @property
    def recipient_label(self) -> str:
        """What kind of record the row is matched to, or will add: unit, person…"""
        return self.recipient._meta.verbose_name if self.recipient is not None else ""

    @property
    def new_key(self) -> tuple:
        """Rows naming the same new recipient make one record, not one per row."""
        return (
            self.recipient_field,
            self.name_key,
            self.commune.pk if self.commune else None,
            self.unit.pk if self.unit else None,
        )


@dataclass
class Report:
    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("matched", "new", "error", "skipped"), 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows if not row.skipped)


def row_values(imp: AnnexImport, index: int) -> dict[str, str]:
    """The row's values by field: its cells under the mapping, then the staff's corrections."""
    _line, section, cells = imp.rows[index]
    values = {
        name: cells[imp.mapping[name]]
        if imp.mapping.get(name) is not None and imp.mapping[name] < len(cells)
        else ""
        for name in FIELDS
    }
    values["section"] = section
    values.update(imp.corrections.get(str(index), {}))
    return values


def check(imp: AnnexImport, scope: StaffScope | None = None) -> Report:
    """Every row matched to the registry, with its errors in plain words.

    A few queries per thousand rows, whatever the registry's size: each kind of record is
    looked up by the folded names the file uses, people only among those of the row's unit or
    commune when it gives one (a national registry has thousands of Nguyễn Văn Hùng).
    """
    decision = imp.decision
    rows = []
    for index, (line, _section, _cells) in enumerate(imp.rows):
        values = row_values(imp, index)
        rows.append(Row(index=index, line=line, values=values, skipped=bool(values.get("skip"))))
    live = [row for row in rows if not row.skipped]
    titles = _titles()
    communes = _by_folded_name(Commune, {_commune_key(r.values["commune"]) for r in live})
    for row in live:
        row.name_key = fold(row.values["name"])
        for name in FIELDS:
            if looks_like_formula(row.values[name]):
                row.errors.append(
                    _("The %(column)s cell holds a formula (%(formula)s); paste its value.")
                    % {"column": FIELDS[name], "formula": row.values[name][:40]}
                )
        if not row.errors:
            _check_values(row, decision, imp.default_year, titles, communes, scope)

    kinds = defaultdict(list)
    for row in live:
        if not row.errors:
            kinds[row.kind].append(row)
    collectives = kinds[Commendation.RecipientKind.COLLECTIVES]
    individuals = kinds[Commendation.RecipientKind.INDIVIDUALS]
    households = kinds[Commendation.RecipientKind.HOUSEHOLDS]
    named_communes = _by_folded_name(
        Commune,
        {_commune_key(r.name_key) for r in collectives if r.name_key.startswith(COMMUNE_PREFIXES)},
    )
    units = _by_folded_name(
        Unit,
        {r.name_key for r in collectives} | {fold(r.values["unit"]) for r in individuals},
        "commune",
    )
    for row in collectives:
        _match_collective(row, units, named_communes)
    for row in individuals:
        _find_unit(row, units, scope)
    people = _people([row for row in individuals if not row.errors])
    for row in individuals:
        if not row.errors:
            _match_person(row, people)
    homes = _by_folded_name(Household, {r.name_key for r in households})
    for row in households:
        _match_household(row, homes)

    if scope is not None:
        _refuse_namesakes_outside(
            [row for row in live if row.placed_by_scope and row.status == "new"], units, scope
        )
        for row in live:
            if row.recipient is not None and not row.errors and not _in_scope(row, scope):
                row.errors.append(
                    _("This recipient is outside the records you may edit (%(scope)s).")
                    % {"scope": scope}
                )
    _check_duplicates([row for row in live if not row.errors])
    valid = [row for row in live if not row.errors]
    found = shortfalls(
        [
            Candidate(
                title_id=row.title.pk,
                year=row.year,
                recipient_field=row.recipient_field,
                recipient_id=row.recipient.pk,
            )
            for row in valid
        ]
    )
    for row, missing in zip(valid, found, strict=True):
        row.shortfalls = missing
    return Report(rows=rows)


def _titles() -> dict[str, EmulationTitle]:
    titles = {}
    for title in EmulationTitle.objects.filter(is_active=True):
        for key in (title.name_folded, fold(title.name_en), title.slug):
            titles.setdefault(key, title)
    return titles


def _commune_key(text: str) -> str:
    folded = fold(text)
    for prefix in COMMUNE_PREFIXES:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


def _by_folded_name(model, names: set[str], *related: str) -> dict[str, list]:
    """Records by folded name, current ones first: one query per thousand names."""
    names.discard("")
    found = defaultdict(list)
    names = sorted(names)
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        queryset = model.objects.filter(name_folded__in=chunk).order_by("pk")
        if related:
            queryset = queryset.select_related(*related)
        for record in queryset:
            found[record.name_folded].append(record)
    return found


def _narrow(records: list, year: int | None) -> list:
    """Of records sharing a name, those that existed in the award's year, current ones first.

    Communes and units of the same name follow one another (Tiên Yên township until June
    2025, Tiên Yên commune after): a 2024 annex means the first.
    """
    if year is not None:
        records = [record for record in records if _existed_in(record, year)] or records
    return [record for record in records if getattr(record, "is_current", True)] or records


def _existed_in(record, year: int) -> bool:
    began, ended = getattr(record, "valid_from", None), getattr(record, "valid_until", None)
    return (began is None or began.year <= year) and (ended is None or ended.year >= year)


def _check_values(row, decision, default_year, titles, communes, scope) -> None:
    values = row.values
    if not values["name"]:
        row.errors.append(_("The name is empty."))
    elif len(values["name"]) > 300:
        row.errors.append(_("The name is longer than 300 characters."))

    title_text = values["title"] or values["section"]
    row.title = titles.get(fold(values["title"])) if values["title"] else None
    if row.title is None and not values["title"]:
        # The section heading above the row may name the title ("II. Danh hiệu Lao động tiên tiến").
        heading = fold(values["section"])
        matches = [t for key, t in titles.items() if len(key) > 8 and key in heading]
        row.title = max(matches, key=lambda t: len(t.name_folded), default=None)
    if row.title is None:
        if title_text:
            row.errors.append(
                _("Unknown title or form “%(title)s”.") % {"title": values["title"] or title_text}
            )
        else:
            row.errors.append(_("The title or form is missing."))

    kind_text = fold(values["kind"])
    if kind_text:
        row.kind = KINDS.get(kind_text, "")
        if not row.kind:
            row.errors.append(
                _("Unknown kind “%(kind)s”: write Tập thể, Cá nhân or Hộ gia đình.")
                % {"kind": values["kind"]}
            )
    else:
        heading = fold(values["section"])
        row.kind = next(
            (kind for word, kind in KINDS.items() if len(word) > 3 and word in heading), ""
        )
        if not row.kind and row.title is not None:
            allowed = [
                kind for kind in Commendation.RecipientKind if getattr(row.title, f"for_{kind}")
            ]
            if len(allowed) == 1:
                row.kind = allowed[0]
        if not row.kind:
            row.errors.append(
                _("Say whether the recipient is a collective, an individual or a household.")
            )
    if row.title is not None and row.kind and not getattr(row.title, f"for_{row.kind}"):
        row.errors.append(
            _("“%(title)s” is not given to %(kind)s.")
            % {"title": row.title, "kind": Commendation.RecipientKind(row.kind).label}
        )

    year_text = _year_text(values["year"])
    if not year_text:
        row.year = default_year
    elif re.fullmatch(r"[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4}", year_text):
        row.errors.append(
            _("“%(date)s” is not a date: write the day, the month, then the year (27/12/2024).")
            % {"date": values["year"]}
        )
    elif not year_text.isdigit():
        row.errors.append(_("The year “%(year)s” is not a year.") % {"year": values["year"]})
    else:
        row.year = int(year_text)
        if not FIRST_YEAR <= row.year <= LAST_YEAR:
            row.errors.append(
                _("The year %(year)s is out of range (%(first)s–%(last)s).")
                % {"year": row.year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        elif row.year > decision.signed_on.year:
            row.errors.append(
                _("The year %(year)s is after the decision's year (%(signed)s).")
                % {"year": row.year, "signed": decision.signed_on.year}
            )

    amount_text = CURRENCY.sub("", values["amount"]).replace(" ", "")
    if amount_text:
        if not AMOUNT.match(amount_text):
            row.errors.append(
                _("The amount “%(amount)s” is not a sum in đồng.") % {"amount": values["amount"]}
            )
        else:
            row.amount = int(re.sub(r"[.,]", "", amount_text))
            if row.amount > MAX_AMOUNT:
                row.errors.append(_("The amount is larger than any award could carry."))

    if values["commune"]:
        # Several communes may share the name (across provinces): the unit or the person
        # usually tells which; the error comes only when nothing does.
        row.communes = _narrow(communes.get(_commune_key(values["commune"]), []), row.year)
        if not row.communes:
            row.errors.append(_("Unknown commune “%(name)s”.") % {"name": values["commune"]})
    elif scope is not None and scope.commune_id:
        row.communes = [scope.commune]
        row.placed_by_scope = True
    if len(row.communes) == 1:
        row.commune = row.communes[0]


def _ambiguous_commune(row: Row) -> str:
    return _("Several communes are named “%(name)s”; add the unit or write it in full.") % {
        "name": row.values["commune"]
    }


def _match_collective(row: Row, units: dict, named_communes: dict) -> None:
    values = row.values
    found = (
        named_communes.get(_commune_key(row.name_key))
        if row.name_key.startswith(COMMUNE_PREFIXES)
        else None
    )
    if found:
        row.recipient_field = "commune"
        chosen = _narrow(found, row.year)
        if len(chosen) > 1:
            row.errors.append(
                _("Several communes are named “%(name)s”.") % {"name": values["name"]}
            )
        else:
            row.recipient = row.commune = chosen[0]
        return
    row.recipient_field = "unit"
    candidates = units.get(row.name_key, [])
    if row.communes:
        places = {commune.pk for commune in row.communes}
        candidates = [unit for unit in candidates if unit.commune_id in places]
    chosen = _narrow(candidates, row.year)
    if len(chosen) > 1:
        row.errors.append(
            _("Several units are named “%(name)s”; add the commune.") % {"name": values["name"]}
        )
    elif chosen:
        row.recipient = chosen[0]
    elif len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Unit(
            name=values["name"], kind=_guess_unit_kind(row.name_key), commune=row.commune
        )


def _find_unit(row: Row, units: dict, scope: StaffScope | None) -> None:
    """An individual's unit, as written in the unit column, when the registry knows it."""
    row.recipient_field = "person"
    written = row.values["unit"]
    if not written:
        if scope is not None and scope.unit_id:
            row.unit = scope.unit
            row.placed_by_scope = True
    else:
        candidates = units.get(fold(written), [])
        if row.communes:
            places = {commune.pk for commune in row.communes}
            candidates = [unit for unit in candidates if unit.commune_id in places] or candidates
        chosen = _narrow(candidates, row.year)
        if len(chosen) > 1:
            row.errors.append(
                _("Several units are named “%(name)s”; add the commune.") % {"name": written}
            )
            return
        row.unit = chosen[0] if chosen else None
    if row.unit is not None:
        row.unit_commune_id, row.unit_parent_id = row.unit.commune_id, row.unit.parent_id


PERSON_FIELDS = (
    "id", "name_folded", "full_name", "position", "unit_id", "commune_id", "unit__commune_id",
    "unit__parent_id",
)  # fmt: skip


def _people(rows: list[Row]) -> dict[str, dict[int, tuple]]:
    """The registry's people who could be the rows' individuals, by folded name.

    Only those of the row's unit, or of its commune, are fetched; anyone of that name only for
    a row that gives neither. Values, not model instances: there may be tens of thousands.
    """
    by_unit, by_commune, anywhere = [], [], []
    for row in rows:
        if row.unit is not None:
            by_unit.append(row)
        elif row.values["unit"]:
            continue  # a unit the registry doesn't know: someone not recorded yet
        elif row.communes:
            by_commune.append(row)
        else:
            anywhere.append(row)

    def in_units(chunk: list[Row]) -> Q:
        return Q(unit__in={row.unit.pk for row in chunk})

    def in_communes(chunk: list[Row]) -> Q:
        places = {commune.pk for row in chunk for commune in row.communes}
        return Q(commune__in=places) | Q(unit__commune__in=places)

    found: dict[str, dict[int, tuple]] = defaultdict(dict)

    def by_name_only(chunk: list[Row]) -> Q:
        return Q()

    for group, where in ((by_unit, in_units), (by_commune, in_communes), (anywhere, by_name_only)):
        for start in range(0, len(group), CHUNK):
            chunk = group[start : start + CHUNK]
            people = Person.objects.filter(
                where(chunk), name_folded__in={r.name_key for r in chunk}
            )
            for person in people.order_by().values_list(*PERSON_FIELDS):
                found[person[1]][person[0]] = person
    return found


def _match_person(row: Row, people: dict[str, dict[int, tuple]]) -> None:
    values = row.values
    candidates = list(people.get(row.name_key, {}).values())
    if row.unit is not None:
        candidates = [person for person in candidates if person[4] == row.unit.pk]
    elif values["unit"]:
        candidates = []
    elif row.communes:
        places = {commune.pk for commune in row.communes}
        candidates = [person for person in candidates if {person[5], person[6]} & places]
    if len(candidates) > 1:
        row.errors.append(
            _("Several people named “%(name)s” match; add their unit or commune.")
            % {"name": values["name"]}
        )
    elif candidates:
        pk, _folded, full_name, position, unit_id, commune_id, unit_commune_id, parent_id = (
            candidates[0]
        )
        row.recipient = Person(
            pk=pk, full_name=full_name, position=position, unit_id=unit_id, commune_id=commune_id
        )
        row.unit_commune_id, row.unit_parent_id = unit_commune_id, parent_id
    elif row.unit is None and len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Person(
            full_name=values["name"],
            position=values["position"],
            unit=row.unit,
            commune=row.commune,
        )


def _match_household(row: Row, homes: dict) -> None:
    row.recipient_field = "household"
    if not row.communes:
        row.errors.append(_("A household needs its commune."))
        return
    places = {commune.pk for commune in row.communes}
    candidates = [home for home in homes.get(row.name_key, []) if home.commune_id in places]
    if len(candidates) > 1:
        row.errors.append(
            _("Several households of “%(name)s” are in this commune.")
            % {"name": row.values["name"]}
        )
    elif candidates:
        row.recipient = candidates[0]
    elif row.commune is None:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Household(
            head_name=row.values["name"], commune=row.commune, village=row.values["unit"]
        )


def _guess_unit_kind(folded_name: str) -> str:
    for prefix, kind in UNIT_KIND_PREFIXES:
        if folded_name.startswith(prefix):
            return kind
    return Unit.Kind.OTHER


def _refuse_namesakes_outside(rows: list[Row], units: dict, scope: StaffScope) -> None:
    """Rows looked for within the user's scope, not found there, that name one record outside.

    Without a scope the row would have matched that record; adding a second one inside the
    scope would be a duplicate. Where several records outside bear the name, the row would
    have matched none of them: it adds a new one, within the scope.
    """
    outside = _(
        "“%(name)s” is already in the registry (%(record)s), outside the records you may "
        "edit (%(scope)s): it is not added a second time. Leave the row out, or ask whoever "
        "keeps that record."
    )
    for row in rows:
        if row.recipient_field == "unit":
            namesakes = _narrow(units.get(row.name_key, []), row.year)
            if len(namesakes) == 1 and not scope.holds("units", namesakes[0]):
                unit = namesakes[0]
                record = f"{unit}, {unit.commune}" if unit.commune_id else str(unit)
                row.errors.append(
                    outside % {"name": row.values["name"], "record": record, "scope": scope}
                )
    individuals = [row for row in rows if row.recipient_field == "person"]
    namesakes = _sole_namesakes({row.name_key for row in individuals})
    for row in individuals:
        person = namesakes.get(row.name_key)
        if person is not None and not scope.holds("people", person):
            place = person.unit or person.commune
            record = f"{person.full_name}, {place}" if place else person.full_name
            row.errors.append(
                outside % {"name": row.values["name"], "record": record, "scope": scope}
            )


def _sole_namesakes(names: set[str]) -> dict[str, Person]:
    """The one person the registry has of each folded name, for the names only one bears."""
    sole_ids = []
    names = sorted(names)
    for start in range(0, len(names), CHUNK):
        counts = (
            Person.objects.filter(name_folded__in=names[start : start + CHUNK])
            .values("name_folded")
            .annotate(bearers=Count("id"), sole=Min("id"))
            .filter(bearers=1)
            .order_by()
        )
        sole_ids += [count["sole"] for count in counts]
    found = {}
    for start in range(0, len(sole_ids), CHUNK):
        people = Person.objects.filter(pk__in=sole_ids[start : start + CHUNK])
        for person in people.select_related("unit", "commune"):
            found[person.name_folded] = person
    return found


def _in_scope(row: Row, scope: StaffScope) -> bool:
    recipient = row.recipient
    if scope.commune_id:
        # The commune the award will be in, which is what a commune's scope holds.
        return scope.commune_id == _locality(row)
    if isinstance(recipient, Unit):
        return scope.unit_id in (recipient.pk, recipient.parent_id)
    if isinstance(recipient, Person):
        return scope.unit_id in (recipient.unit_id, row.unit_parent_id)
    return False


def _check_duplicates(rows: list[Row]) -> None:
    """Twice in the file, or already awarded in the registry (one query per thousand)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        recipient = row.recipient.pk or row.new_key
        key = (row.recipient_field, recipient, row.title.pk, row.year)
        if key in seen:
            row.errors.append(
                _("Same recipient, title and year as line %(line)s.") % {"line": seen[key]}
            )
        else:
            seen[key] = row.line
    existing_rows = defaultdict(list)
    for row in rows:
        if row.recipient.pk and not row.errors:
            existing_rows[row.recipient_field].append(row)
    for recipient_field, candidates in existing_rows.items():
        wanted = {(row.recipient.pk, row.title.pk, row.year): row for row in candidates}
        ids = sorted({row.recipient.pk for row in candidates})
        for start in range(0, len(ids), CHUNK):
            held = Commendation.objects.in_force().filter(
                Q(**{f"{recipient_field}__in": ids[start : start + CHUNK]}),
                title__in={row.title.pk for row in candidates},
                year__in={row.year for row in candidates},
            )
            for recipient_id, title_id, year, number in held.values_list(
                recipient_field, "title", "year", "decision__number"
            ):
                if row := wanted.get((recipient_id, title_id, year)):
                    row.errors.append(
                        _("Already awarded: the same title for %(year)s by decision %(number)s.")
                        % {"year": year, "number": number}
                    )


# Saving ------------------------------------------------------------------------------------


@transaction.atomic
def import_rows(imp: AnnexImport, by: User | None, scope: StaffScope | None = None) -> int:
    """Save every row as an award of the draft decision, or none; returns how many."""
    decision = Decision.objects.select_for_update().get(pk=imp.decision_id)
    imp = AnnexImport.objects.select_for_update().get(pk=imp.pk)
    if not decision.is_draft:
        raise ValidationError(_("Awards can only be imported into a draft decision."))
    if imp.status != AnnexImport.Status.PREVIEW:
        raise ValidationError(_("This file was already imported."))
    report = check(imp, scope)
    if not report.is_valid:
        raise ValidationError(
            _("Some rows have errors: correct or leave them out, then confirm again.")
        )
    rows = [row for row in report.rows if not row.skipped]
    reason = _("Imported from %(file)s") % {"file": imp.file_name}
    _create_new_recipients(rows, by, reason)
    awards = [
        Commendation(
            decision=decision,
            title=row.title,
            year=row.year,
            **{row.recipient_field: row.recipient},
            recipient_name=row.values["name"],
            recipient_position=row.values["position"][:300],
            recipient_unit_name=row.values["unit"][:300],
            locality_id=_locality(row),
            citation=row.values["citation"],
            amount=row.amount,
            title_rank=row.title.rank,
            eligibility_shortfalls=row.shortfalls,
        )
        for row in rows
    ]
    Commendation.objects.bulk_create(awards, batch_size=1000)
    decision.awards.refresh_visibility()
    record_creation(Commendation, [award.pk for award in awards], by, reason)
    imp.status = AnnexImport.Status.IMPORTED
    imp.imported_count = len(awards)
    imp.save(update_fields=["status", "imported_count"])
    years_changed({award.year for award in awards})
    return len(awards)


def _create_new_recipients(rows: list[Row], by: User | None, reason: str) -> None:
    by_model = defaultdict(dict)
    for row in rows:
        if row.recipient.pk is None:
            row.recipient = by_model[type(row.recipient)].setdefault(row.new_key, row.recipient)
    for model, records in by_model.items():
        records = list(records.values())
        # Bulk inserts return the new ids on PostgreSQL and SQLite alike.
        model.objects.bulk_create(records, batch_size=1000)
        record_creation(model, [record.pk for record in records], by, reason)


def record_creation(model, pks: list[int], by: User | None, reason: str) -> None:
    """The audit history's "created" entry for rows inserted in bulk, copied by the database.

    django-simple-history's own bulk helper builds a Python object per historical row, which
    doubled the time of a 20,000-row import; this is one INSERT … SELECT per thousand rows.
    """
    history = model.history.model
    tracked = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    source = [model._meta.get_field(field.name).column for field in history.tracked_fields]
    quote = connection.ops.quote_name
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(map(quote, tracked))}, history_date, history_type, "
                f"history_user_id, history_change_reason) "
                f"SELECT {', '.join(map(quote, source))}, %s, '+', %s, %s "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, by.pk if by else None, reason[:100], *chunk],
            )


def _locality(row: Row) -> int | None:
    """Where the recipient is: the award's commune, which the rolls filter on."""
    recipient = row.recipient
    if isinstance(recipient, Commune):
        return recipient.pk
    if isinstance(recipient, Person):
        return recipient.commune_id or row.unit_commune_id or (row.commune and row.commune.pk)
    return recipient.commune_id or (row.commune and row.commune.pk)
