"""Reading an uploaded file into sheets of lines of cells as text, within bounds that no real
annex reaches (hostile files are refused before they are read whole).

XLSX and XLSM are scanned here (_scan_workbook: bounds, formulas saved without values, error
values); they, XLS and ODS are read by python-calamine, and DOCX by python-docx, in a child
process of bounded memory and time (sandbox.py); CSV is read here. What a file is, is told by
its content, not its name.
"""

import codecs
import csv
import functools
import io
import json
import math
import posixpath
import signal
import subprocess
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.imports import sandbox
from awards.imports.sandbox import cell_text as _cell_text

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
# Checked before the cells are read, in XLSX and CSV alike: an annex has about ten columns of
# short text. Far above any office's annex, far below what would take a worker's memory.
MAX_COLUMNS = 100  # filled ones
MAX_CELL_CHARS = 5_000
SNIFF_CHARS = 4_096  # of a CSV, to tell its delimiter
# All the cells' text: 20,000 rows of ten columns, names and citations included, is far less.
MAX_TABLE_CHARS = 20_000_000
# All the cells of a file read in the child (XLS, ODS, DOCX), the empty ones within a line too:
# the largest annex's rows, each as wide as the widest allowed.
MAX_CELLS = MAX_ROWS * MAX_COLUMNS
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
MAX_FORMULAS = 100_000  # without values, and error values: kept to be shown (and shared ones' text)
# XLS, ODS and DOCX are read in a child (sandbox.py) of this much memory and time. A 20,000-row
# XLS or ODS takes 0.4 s and 100 MB, a Word table of 20,000 rows 2 s and 330 MB: a file that
# takes more is not an annex.
SANDBOX_MEMORY = 2**30  # address space, bytes
SANDBOX_SECONDS = 10  # wall clock, then CPU time

ACCEPTED = ".xlsx, .xlsm, .xls, .ods, .csv, .docx"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class ImportFileError(Exception):
    """A file that cannot be read as an annex; the message says why, for the user."""


@dataclass
class Sheet:
    """A sheet of a workbook, a table of a Word document (its title block above it), or a
    document's paragraphs. `lines` may be read once only, and may raise ImportFileError as it
    is read (a sheet beyond the bounds): the file's other sheets stay readable."""

    name: str
    hidden: bool
    lines: Iterable[list[str]]


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
FILE_TOO_BIG = gettext_lazy(
    "The file holds far more inside than any annex, so it was not read. Copy the annex alone "
    "into a new file and upload that."
)
TOO_SLOW = gettext_lazy(
    "Reading the file took far longer than any annex takes, so it was stopped. Copy the annex "
    "alone into a new file and upload that."
)
NOT_READ = {
    "xlsx": gettext_lazy("The file could not be read as an Excel workbook (.xlsx)."),
    "xls": gettext_lazy("The file could not be read as an old Excel file (.xls)."),
    "ods": gettext_lazy("The file could not be read as a LibreOffice spreadsheet (.ods)."),
    "docx": gettext_lazy("The file could not be read as a Word document (.docx)."),
}
UNSUPPORTED = gettext_lazy(
    "This is not a spreadsheet or a Word document that the import reads. Upload the annex as "
    "%(formats)s."
)
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


def read_sheets(upload) -> list[Sheet]:
    """The sheets of an uploaded file, in its order; ImportFileError if it cannot be read.

    Told by content: a zip is an ODS by its mimetype, a DOCX by its word/document.xml, else an
    XLSX or XLSM (the name's extension decides only for a zip that says neither); d0cf11e0 is
    an old Excel (or Word) file; text is CSV.
    """
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _too_large()
    start = upload.read(8)
    upload.seek(0)
    if not start:
        raise ImportFileError(_("The file is empty."))
    if start.startswith(b"PK\x03\x04"):
        return _zip_sheets(upload)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return _xls_sheets(upload)
    if start.startswith(NOT_SPREADSHEETS):
        raise _unsupported(start)
    return [Sheet("", False, _csv_lines(_csv_text(upload)))]


def read_lines(upload) -> Iterable[list[str]]:
    """The lines of the file's first visible sheet (as read before files had several)."""
    sheets = read_sheets(upload)
    return next((sheet.lines for sheet in sheets if not sheet.hidden), sheets[0].lines)


# What other files start with: PDF, PNG, JPEG, GIF, TIFF, RTF, web pages and XML.
NOT_SPREADSHEETS = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"{\\rtf", b"<",
    b"\xef\xbb\xbf<",
)  # fmt: skip


def _too_large() -> ImportFileError:
    return ImportFileError(
        _("The file is larger than %(size)d MB; an annex is far smaller. Split it.")
        % {"size": MAX_BYTES // (1024 * 1024)}
    )


def _unsupported(start: bytes = b"") -> ImportFileError:
    if start.startswith(b"%PDF"):
        return ImportFileError(
            _(
                "This is a PDF file, which the import cannot read. Upload the file the PDF was "
                "made from, as %(formats)s."
            )
            % {"formats": ACCEPTED}
        )
    return ImportFileError(UNSUPPORTED % {"formats": ACCEPTED})


def _zip_sheets(upload) -> list[Sheet]:
    hint = Path(upload.name or "").suffix.lower()
    guess = {".ods": "ods", ".docx": "docx"}.get(hint, "xlsx")
    try:
        archive = zipfile.ZipFile(upload)
        names = set(archive.namelist())
        mimetype = b""
        if "mimetype" in names:
            with archive.open("mimetype") as member:
                mimetype = member.read(100).strip()
    except READ_ERRORS as error:
        raise ImportFileError(NOT_READ[guess]) from error
    if mimetype == ODS_MIMETYPE:
        kind = "ods"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument"):  # a text, a drawing…
        raise _unsupported()
    elif "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        kind = "xlsx"
    elif hint in (".xlsx", ".xlsm", ".ods", ".docx"):
        kind = guess  # its reader says what is wrong with it
    else:
        raise _unsupported()
    if kind == "xlsx":
        return _xlsx_sheets(upload, archive)
    _check_zip_sizes(archive.infolist(), FILE_TOO_BIG)
    return _sandbox_sheets(upload, kind)


def _xls_sheets(upload) -> list[Sheet]:
    start = upload.read(2**16)  # the first sectors hold the directory of a small file
    upload.seek(0)
    word, book = "WordDocument".encode("utf-16-le"), "Workbook".encode("utf-16-le")
    if word in start and book not in start:
        raise ImportFileError(
            _(
                "This is an old Word document (.doc). Open it in Word, save it as a Word "
                "document (.docx) and upload that."
            )
        )
    return _sandbox_sheets(upload, "xls")


class _Child:
    """sandbox.py reading the upload in a child process, while this one does something else
    (an XLSX's scan): the file goes in and its sheets come out on a thread of their own."""

    def __init__(self, upload, kind: str, sheets: list[str] | None = None) -> None:
        upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _too_large()
        bounds = {
            "max_columns": MAX_COLUMNS, "max_cell_chars": MAX_CELL_CHARS,
            "max_sheet_lines": MAX_SHEET_LINES, "max_table_chars": MAX_TABLE_CHARS,
            "max_cells": MAX_CELLS,
            "memory": int(SANDBOX_MEMORY), "cpu_seconds": math.ceil(SANDBOX_SECONDS),
            "sheets": sheets,  # those to read (a workbook's), or all
        }  # fmt: skip
        command = [sys.executable, "-I", sandbox.__file__, kind, json.dumps(bounds)]
        # No environment: the child that parses a stranger's file has no secrets to leak.
        self.process = subprocess.Popen(command, stdin=PIPE, stdout=PIPE, stderr=PIPE, env={})
        self._output: tuple[int, bytes] | None = None
        self._thread = threading.Thread(target=self._communicate, args=(data,), daemon=True)
        self._thread.start()

    def _communicate(self, data: bytes) -> None:
        try:
            stdout, _stderr = self.process.communicate(data, timeout=SANDBOX_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return  # no output: too slow
        self._output = (self.process.returncode, stdout)

    def result(self) -> tuple[int, bytes]:
        """The child's exit code and output, once it is done; ImportFileError if too slow."""
        self._thread.join()
        if self._output is None:
            raise ImportFileError(TOO_SLOW)
        return self._output

    def stop(self) -> None:
        """Not needed after all (the file was refused): killed, its pipes closed."""
        self.process.kill()
        self._thread.join()


def _sandbox_sheets(upload, kind: str, child: "_Child | None" = None) -> list[Sheet]:
    """The sheets as read by sandbox.py in a child process (see there why): the one started
    already, or one started now."""
    if child is None:
        child = _Child(upload, kind)
    returncode, stdout = child.result()
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ImportFileError(TOO_SLOW)
    if returncode:  # out of memory (a MemoryError, or an abort in Rust), or crashed
        raise ImportFileError(FILE_TOO_BIG)
    head, *bodies = stdout.split(b"\n")
    del stdout, child
    head = json.loads(head)
    if head.get("error") == "too_many_chars":
        raise ImportFileError(
            _(
                "The file holds more than %(max)s characters in all; no decision's annex is "
                "that long. Check that the file holds only the annex."
            )
            % {"max": f"{MAX_TABLE_CHARS:,}"}
        )
    if head.get("error") == "too_many_cells":
        raise ImportFileError(
            _(
                "The file holds more than %(max)s cells, counting the empty ones between "
                "filled ones; no decision's annex has that many. Delete the empty rows and "
                "columns around the annex, or copy it alone into a new file."
            )
            % {"max": f"{MAX_CELLS:,}"}
        )
    if "error" in head:
        raise ImportFileError(NOT_READ[kind])
    if not head["sheets"]:
        raise ImportFileError(_("The workbook has no sheet."))
    sheets, tables = [], 0
    for found, body in zip(head["sheets"], bodies, strict=True):
        if found["kind"] == "table":
            tables += 1
            name = pgettext("a sheet of a Word document", "Table %(n)s") % {"n": tables}
        elif found["kind"] == "text":
            name = pgettext("a sheet of a Word document", "Text")
        else:
            name = found["name"]
        sheets.append(Sheet(name, found["hidden"], _sandbox_lines(body, found)))
    return sheets


def _sandbox_lines(body: bytes, found: dict) -> Iterator[list[str]]:
    """A sheet's lines from the child's output, decoded when they are read, all as wide as
    the widest (as openpyxl reads an XLSX sheet)."""
    if error := found["error"]:
        code = error["code"]
        if code == "too_wide":
            column = _column_name(error["column"])
            raise ImportFileError(
                TOO_WIDE % {"line": error["line"], "column": column, "max": MAX_COLUMNS}
            )
        if code == "too_long":
            raise ImportFileError(TOO_LONG % {"line": error["line"], "max": f"{MAX_CELL_CHARS:,}"})
        raise ImportFileError(TOO_MANY_LINES % {"max": f"{MAX_SHEET_LINES:,}"})
    width = found["width"]
    for cells in json.loads(body):
        yield cells + [""] * (width - len(cells))


def _xlsx_sheets(upload, archive: zipfile.ZipFile) -> list[Sheet]:
    """The worksheets, read by python-calamine in the child (sandbox.py: a 20,000-row annex in
    0.2 s, where openpyxl took 1.3 s) once the scan has bounded the file, with what calamine
    does not give written in from the scan (_with_scanned): formulas saved without a value,
    error values ("#N/A"). Chart sheets and other parts are not read."""
    _check_zip_sizes(archive.infolist(), TOO_BIG)
    child = _Child(upload, "xlsx")  # reading while the file is scanned, on the other core
    try:
        try:
            worksheets = _worksheet_parts(_scan_workbook(archive))
        except READ_ERRORS as error:
            raise ImportFileError(NOT_READ["xlsx"]) from error
        if not worksheets:  # only chart sheets
            raise ImportFileError(
                _(
                    "No sheet of the workbook could be read. If it was saved as “Strict Open "
                    "XML”, save it again as an ordinary Excel workbook (.xlsx)."
                )
            )
    except BaseException:
        child.stop()
        raise
    within = [name for name, (part, _hidden) in worksheets.items() if not part.beyond]
    if len(within) < len(worksheets):
        # calamine lays a sheet out whole, however far its last cell (a stray value at XFD1048576
        # took the child's 10 s): the other sheets are read without those beyond the bounds,
        # which say what is wrong with them when they are read, as before.
        child.stop()
        child = _Child(upload, "xlsx", sheets=within) if within else None
    read = _sandbox_sheets(upload, "xlsx", child) if child is not None else []
    lines = {sheet.name: sheet.lines for sheet in read}
    return [
        Sheet(name, hidden, _with_scanned(lines.get(name), part))
        for name, (part, hidden) in worksheets.items()
    ]


def _worksheet_parts(parts: dict[str, "_Part"]) -> dict[str, tuple["_Part", bool]]:
    """Each worksheet's scanned part and whether it is hidden, by its sheet's name, in the
    workbook's order: the package's relationships name the workbook, the workbook's its
    sheets' parts. Two sheets of one name (Excel refuses them) make the workbook damaged."""
    root = parts.get("_rels/.rels")
    workbook = next(
        (
            target
            for target, kind, _id in _targets("_rels/.rels", root.relations if root else [])
            if kind.endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    directory, name = posixpath.split(workbook)
    rels_name = posixpath.join(directory, "_rels", f"{name}.rels")
    relations = parts[rels_name].relations if rels_name in parts else []
    targets = {relation_id: target for target, _kind, relation_id in _targets(rels_name, relations)}
    found, names = {}, set()
    for sheet in parts[workbook].sheets if workbook in parts else []:
        # The relationship's id is an attribute of the relationships' namespace ("r:id").
        relation_id = next((v for k, v in sheet.items() if k.rpartition(":")[2] == "id"), None)
        part = parts.get(targets.get(relation_id, ""))
        # A part broken before its root element is no chart sheet: it is read as damaged.
        if part is None or not (part.kind == "worksheet" or part.broken) or not sheet.get("name"):
            continue
        if sheet["name"].casefold() in names:
            raise ImportFileError(DAMAGED)
        names.add(sheet["name"].casefold())
        found[sheet["name"]] = (part, sheet.get("state", "visible") != "visible")
    return found


def _with_scanned(lines: Iterable[list[str]] | None, part: "_Part") -> Iterator[list[str]]:
    """A sheet's lines, up to the last filled line and column (as the scan found them), each
    cell that calamine read as empty but the scan found a formula or an error value in
    holding that text. XML that the scan could not read to its end is damaged, whatever
    calamine made of it (it reads past a stray control character, which drops no row here)."""
    if part.too_wide:
        line, column = part.too_wide
        raise ImportFileError(TOO_WIDE % {"line": line, "column": column, "max": MAX_COLUMNS})
    if part.too_long:
        raise ImportFileError(TOO_LONG % {"line": part.too_long, "max": f"{MAX_CELL_CHARS:,}"})
    if part.last_line > MAX_SHEET_LINES:
        raise ImportFileError(TOO_MANY_LINES % {"max": f"{MAX_SHEET_LINES:,}"})
    if part.broken or lines is None:  # or a sheet calamine did not find
        raise ImportFileError(DAMAGED)
    width, scanned = part.width, part.formulas
    read = iter(lines)
    for line in range(1, part.last_line + 1):
        cells = next(read, [])
        if any(cells[width:]):  # what the scan did not see: not the same sheet
            raise ImportFileError(DAMAGED)
        cells = cells[:width] + [""] * (width - len(cells))
        for column, text in scanned.get(line, {}).items():
            if column <= width and not cells[column - 1]:
                cells[column - 1] = text
        yield cells
    if any(any(cells) for cells in read):
        raise ImportFileError(DAMAGED)


def _check_zip_sizes(infos: list[zipfile.ZipInfo], message) -> None:
    """Beyond these, a zip bomb or a made-up file: zipfile never unpacks more than a part's
    declared size (and python-calamine and python-docx read in the sandbox)."""
    if (
        len(infos) > MAX_PARTS
        or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES
        or any(info.file_size > max(MAX_RATIO * info.compress_size, 2**20) for info in infos)
    ):
        raise ImportFileError(message)


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
    _check_zip_sizes(infos, TOO_BIG)
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
        for target, kind, _id in _targets(info.filename, part.relations):
            if not kind.endswith(STREAMED_RELATIONSHIPS):
                whole.add(target)
    for info in infos:
        if info not in index:
            part = _scan_part(archive, info, info.filename not in whole, left)
            parts[info.filename] = part
            left -= part.elements
    return parts


def _targets(rels_name: str, relations: list[dict]) -> Iterator[tuple[str, str, str]]:
    """The parts that a .rels part points to, with the relationships' types and ids, resolved
    as openpyxl resolves them (get_dependents, in openpyxl/packaging/relationship.py)."""
    parent = posixpath.split(posixpath.dirname(rels_name))[0]
    for relation in relations:
        if relation.get("TargetMode") == "External":
            continue
        target = relation.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(parent, target))
        yield target, relation.get("Type", ""), relation.get("Id", "")


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
            # Not XML (an image, printer settings) or broken XML: a sheet that is the latter
            # is damaged (_with_scanned), whatever python-calamine would make of it.
            part.broken = True
    return part


class _Part:
    """What one part of a workbook holds, counted as expat streams it through.

    Rows (with their filled cells: the widest, the last, the first too wide or too long) and
    strings are counted in every part. They may be many only in a part that openpyxl streams
    as a worksheet (rows) or as the shared strings (strings); anything else is bounded as if
    read whole. A DOCTYPE is refused: no spreadsheet program writes one, and it is the way in
    for external entities (XXE) and entity bombs ("billion laughs"). Formulas saved without
    their values are kept (openpyxl, reading values, would read them as empty cells).
    """

    def __init__(self, streamed: bool, left: int) -> None:
        self.streamed, self.left = streamed, left
        self.kind = ""  # "worksheet" or "sst": a streamed part of that root; "": read whole
        self.elements = self.others = self.lines = self.strings = 0
        self.width = self.last_line = 0  # the last column and line holding a value
        self.too_wide: tuple[int, str] | None = None  # the first cell beyond (line, column)
        self.too_long = 0  # the first line with a cell beyond
        # What python-calamine reads as an empty cell: formulas saved without their value (by
        # programs, not Excel), so that the import shows them ("paste its value"), and error
        # values ("#N/A", a template's failed lookup): line -> column -> the text.
        self.formulas: dict[int, dict[int, str]] = {}
        self.sheets: list[dict] = []  # in the workbook: each sheet's name and relationship
        self.broken = False  # expat stopped before the end: not XML, or broken XML
        self._shared: dict[str | None, str] = {}  # the formulas of shared groups, by their si
        self._formula: dict | None = None  # the attributes of the cell's <f>
        self._formula_text: list[str] = []
        self._cached = False  # the cell's <v> holds its formula's value
        self._error: list[str] | None = None  # the text of an error value's <v> (t="e")
        self._string = False  # the cell holds a formula's text (t="str")
        self._kept = 0
        self._text_kind = ""
        self.overrides: list[dict] = []  # in the content types
        self.relations: list[dict] = []  # in a .rels part
        self._columns = _column_numbers()
        self._depth = self._group = self._cell = 0  # the depths of the row or string, the cell
        self._group_kind = ""
        self._many = False  # in a row of a worksheet, a string of the shared strings
        self._group_elements = self._chars = self._line = self._column = 0
        self._in_text = self._filled = False

    @property
    def beyond(self) -> bool:
        """A sheet beyond the bounds, refused when it is read."""
        return bool(self.too_wide or self.too_long or self.last_line > MAX_SHEET_LINES)

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
        local = name.rpartition(":")[2] if ":" in name else name  # most names have no prefix
        self._in_text = False
        if self._group:
            self._group_elements += 1
            if self._group_elements > MAX_ROW_ELEMENTS:
                raise ImportFileError(TOO_BIG)
            if depth == self._group + 1 and self._group_kind == "row":
                self._start_cell(attributes.get("r"))  # to openpyxl, a row's every child
                kind = attributes.get("t")
                self._error = [] if kind == "e" else None
                self._string = kind == "str"
            elif self._cell or self._group_kind == "si":
                self._in_text = local in TEXT_ELEMENTS
                self._text_kind = local
                if local == "f" and self._cell:
                    self._formula = attributes
                elif local == "v" and self._cell and self._string:
                    # A text value, even empty: Excel saves a formula giving "" as <c t="str">
                    # <f>IF(…,"",…)</f><v/>, an empty cell, not a formula to paste. (openpyxl
                    # writes <v/> after every formula it could not work out, with no type.)
                    self._cached = True
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
        elif local == "sheet":
            self.sheets.append(attributes)
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
        self._formula, self._formula_text, self._cached = None, [], False

    def end(self, name: str) -> None:
        self._in_text = False
        depth = self._depth
        if depth == self._cell:
            self._cell = 0
            if self._formula is not None and self.kind == "worksheet":
                self._keep_formula()
            if self._error and self.kind == "worksheet":
                self._keep(self._column, "".join(self._error)[:100])
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

    def _keep_formula(self) -> None:
        """The formula of a cell saved without its value; a shared group's text for its cells
        that say only which group they are of (<f t="shared" si="0"/>)."""
        text = "".join(self._formula_text)
        group = self._formula.get("si") if self._formula.get("t") == "shared" else None
        if group is not None and text:
            self._shared[group] = text[:100]
        if self._cached:
            return
        self._keep(self._column, f"={text[:100] or self._shared.get(group, '')}")
        self._filled = True

    def _keep(self, column: int, text: str) -> None:
        self.formulas.setdefault(self._line, {})[column] = text
        self._kept += 1
        if len(self._shared) + self._kept > MAX_FORMULAS:
            raise ImportFileError(TOO_BIG)

    def text(self, data: str) -> None:
        if not self._in_text:
            return
        if self._cell:
            if self._text_kind == "f":
                self._formula_text.append(data)
            elif self._text_kind == "v":
                self._cached = True
                if self._error is not None:
                    self._error.append(data)
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
    """Column letters to numbers, A to ZZZ (the references openpyxl reads; Excel stops at
    XFD)."""
    return {_column_name(number): number for number in range(1, 18_279)}


def _column_name(column: int) -> str:
    """A, B, …, Z, AA, …; a column beyond ZZZ by its number."""
    if column > 18_278:
        return str(column)
    name = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name


def _csv_text(upload) -> str:
    raw = upload.read()
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unsupported()  # binary: a picture, a program, an unknown format
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The CSV file is not in UTF-8, so its Vietnamese letters cannot be read. "
                "In Excel, save it as “CSV UTF-8 (Comma delimited)”, or upload the .xlsx."
            )
        ) from error


def _csv_lines(text: str) -> Iterator[list[str]]:
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
