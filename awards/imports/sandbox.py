"""Reading an XLS, ODS or DOCX file in a child process of bounded memory and time.

python-calamine builds a whole sheet in memory before giving a row (one shared string named by
every cell of an XLS is copied into each; an ODS row marked "repeated a million times" is made a
million times), and python-docx builds the whole document as an lxml tree. Neither can be bounded
from outside while it reads, so they read in a child (`files._sandbox_sheets` starts it, as
`python -I sandbox.py KIND BOUNDS`, the file on its stdin) whose address space and CPU time are
limited, and which the parent kills when it takes too long. The child imports neither Django nor
the project: the bounds come as an argument, and this module is run as a script, not as
`awards.imports.sandbox` (that would import the awards packages, and Django with them).

Its output, on stdout: a line of JSON, either {"error": CODE} or {"sheets": [...]}, each sheet
{"name", "hidden", "kind", "width", "error"}; then a line for each sheet, the JSON list of its
lines (each a list of cells, the empty ones at its end left out).
"""

import io
import json
import resource
import sys
from collections.abc import Iterable, Iterator

TITLE_PARAGRAPHS = 30  # above a Word table: its title block ("DANH SÁCH … Kèm theo …")


# Control characters that are not spaces: python-calamine decodes an XLSX's "_x0000_" into a
# NUL, which PostgreSQL cannot keep in the preview's JSON (nor should a name hold it).
CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F], " ")


def cell_text(value) -> str:
    """A cell's value as text: integers without ".0", a date as its year, spaces collapsed,
    control characters read as spaces.

    The parent reads CSV cells with this too (as files._cell_text).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "year") and hasattr(value, "month"):  # a date typed in the year column
        return str(value.year)
    return _text(str(value))


def _text(value: str) -> str:
    if not value.isprintable():  # rare: checked first, as most cells are plain
        value = value.translate(CONTROLS)
    return " ".join(value.split())


class Refused(Exception):
    """The whole file is beyond a bound: its code, for the parent to say in words."""


class _Bounded:
    """A sheet's lines within the bounds, or the first bound they go beyond (as `error`).

    The bounds of an XLSX sheet (files._Part): its lines, its filled columns, a cell's
    characters; and the characters and the cells of all the sheets of the file together,
    counted in `total` (a list of two numbers, shared by the sheets). Empty cells at the end of
    a line are left out.
    """

    def __init__(self, rows: Iterable[list], bounds: dict, total: list[int], first_column=0):
        self.lines: list[list[str]] = []
        self.width = 0
        self.error: dict | None = None
        lead = [""] * first_column
        last = 0  # the last line holding a value
        for number, row in enumerate(rows, start=1):
            # Most cells are text: collapsed here, the rest through cell_text (2 s to 0.3 s).
            cells = lead + [
                _text(value) if value.__class__ is str else cell_text(value) for value in row
            ]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                self.error = _beyond(number, cells, bounds)
                if self.error:
                    self.lines = []
                    return
                # Every cell counts, the empty ones inside the line too: a 1 KB ODS whose row of
                # 99 empty cells and an "x" is repeated 50,000 times on eight sheets holds 40
                # million of them, for the parent to decode.
                total[0] += sum(map(len, cells))
                total[1] += len(cells)
                if total[0] > bounds["max_table_chars"]:
                    raise Refused("too_many_chars")
                if total[1] > bounds["max_cells"]:
                    raise Refused("too_many_cells")
                last = number
                self.width = max(self.width, len(cells))
            self.lines.append(cells)
        del self.lines[last:]


def _beyond(number: int, cells: list[str], bounds: dict) -> dict | None:
    if number > bounds["max_sheet_lines"]:
        return {"code": "too_many_lines"}
    if max(map(len, cells)) > bounds["max_cell_chars"]:
        return {"code": "too_long", "line": number}
    if len(cells) > bounds["max_columns"]:
        column = next(n for n in range(bounds["max_columns"], len(cells)) if cells[n]) + 1
        return {"code": "too_wide", "line": number, "column": column}
    return None


# Workbooks (python-calamine) ------------------------------------------------------------


def read_workbook(data: bytes, bounds: dict) -> list[dict]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    wanted = bounds.get("sheets")  # an XLSX's, when some are beyond the bounds: the others
    sheets, total = [], [0, 0]
    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:  # charts, dialogs, macros
            continue
        if wanted is not None and meta.name not in wanted:
            continue
        sheet = book.get_sheet_by_index(index)
        start = sheet.start
        if start is None:  # empty
            rows, first_column = iter(()), 0
        else:
            # Trap: iter_rows gives the rows from the first (the empty ones above the data
            # too) but the columns from the first that holds data (python-calamine 0.9).
            rows, first_column = sheet.iter_rows(), start[1]
        read = _Bounded(rows, bounds, total, first_column)
        hidden = meta.visible != SheetVisibleEnum.Visible
        sheets.append(_sheet(meta.name, hidden, "sheet", read))
        del sheet
    return sheets


# Word documents (python-docx) ----------------------------------------------------------


def read_document(data: bytes, bounds: dict) -> list[dict]:
    """One sheet a table (its title block above it), then one of the body's paragraphs."""
    import docx
    from lxml import etree

    document = docx.Document(io.BytesIO(data))
    texts = etree.XPath(RUN_TEXT, namespaces={"w": W[1:-1]})
    sheets, total = [], [0, 0]
    text: list[list[str]] = []
    above: list[str] = []  # the paragraphs since the last table
    for element in _blocks(document.element.body):
        if element.tag == W_P:
            line = _paragraph_text(element, texts)
            text.append([line])
            if cell_text(line) and len(line) <= bounds["max_cell_chars"]:
                above.append(line)
        else:
            title = [[line] for line in above[-TITLE_PARAGRAPHS:]]
            read = _Bounded(_chain(title, _table_rows(element)), bounds, total)
            sheets.append(_sheet("", False, "table", read))
            above = []
    sheets.append(_sheet("", False, "text", _Bounded(text, bounds, total)))
    return sheets


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_TBL, W_TR, W_TC, W_T, W_VAL = (W + name for name in ("p", "tbl", "tr", "tc", "t", "val"))
W_SPAN, W_MERGE, W_BEFORE = W + "gridSpan", W + "vMerge", W + "gridBefore"
W_BREAKS = (W + "tab", W + "br", W + "cr")  # a space, as a cell's line breaks are read
W_TXBX = W + "txbxContent"  # a text box
# A paragraph's text: its runs' (in links, insertions, fields, smart tags, content controls
# too), not deleted text, field codes or text boxes, as python-docx's Paragraph.text reads it.
RUN_TEXT = (
    "(w:r | w:hyperlink/w:r | w:ins/w:r | w:fldSimple/w:r | w:smartTag/w:r"
    " | w:sdt/w:sdtContent/w:r)/*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
)
# What a table's cells are read from, in one pass of lxml's iter (python-docx's cell.text:
# 22 s for a table of 20,000 rows of ten cells, this 1 s). Within a cell, a table or a text
# box is left out, as python-docx leaves them out of cell.text.
TABLE_TAGS = (W_TBL, W_TXBX, W_TR, W_TC, W_P, W_T, *W_BREAKS, W_SPAN, W_MERGE, W_BEFORE)


def _paragraph_text(paragraph, texts) -> str:
    """`texts`: RUN_TEXT compiled."""
    return "".join((node.text or "") if node.tag == W_T else " " for node in texts(paragraph))


def _blocks(parent) -> Iterator:
    """The paragraphs and tables of the body in order, those in content controls too."""
    for child in parent.iterchildren():
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _blocks(child)


def _table_rows(table) -> Iterator[list[str]]:
    """A table's rows as grid cells: a cell spanning columns once, then blanks; a cell merged
    with the one above it repeats that one's text, as python-docx reads it."""
    above: dict[int, str] = {}  # the text of each column's last cell
    row: list[str] | None = None
    cell: list[str] | None = None  # the pieces of the text of the cell being read
    span, merged, inside = 1, False, set()
    for node in table.iter(*TABLE_TAGS):
        if node in inside:
            continue
        tag = node.tag
        if tag == W_T and cell is not None:
            cell.append(node.text or "")
        elif (tag == W_P or tag in W_BREAKS) and cell is not None:
            cell.append(" ")
        elif tag in (W_TR, W_TC):
            if cell is not None:
                row += _grid_cells(len(row), above, "".join(cell), span, merged)
                cell = None
            if tag == W_TC:
                cell, span, merged = [], 1, False
            else:
                if row is not None:
                    yield row
                row = []
        elif tag == W_SPAN:
            span = _number(node, 1)
        elif tag == W_MERGE:
            merged = node.get(W_VAL, "continue") == "continue"
        elif tag == W_BEFORE and row is not None:
            row += [""] * _number(node, 0)
        elif tag in (W_TBL, W_TXBX) and node is not table:  # inside a cell: not its text
            inside.update(node.iter(*TABLE_TAGS))
    if cell is not None:
        row += _grid_cells(len(row), above, "".join(cell), span, merged)
    if row is not None:
        yield row


def _grid_cells(column: int, above: dict[int, str], text: str, span: int, merged: bool):
    if merged:
        text = above.get(column, "")
    above[column] = text
    return [text] + [""] * (span - 1)


def _number(element, default: int) -> int:
    """An element's w:val as a number of grid columns, as Word reads it (bounded)."""
    try:
        return min(max(int(element.get(W_VAL)), 0), 1_000)
    except (TypeError, ValueError):
        return default


def _chain(first: list, rest: Iterable) -> Iterator:
    yield from first
    yield from rest


# The child ------------------------------------------------------------------------------


def _sheet(name: str, hidden: bool, kind: str, read: _Bounded) -> dict:
    return {"name": name, "hidden": hidden, "kind": kind, "width": read.width,
            "error": read.error, "lines": read.lines}  # fmt: skip


def _write(sheets: list[dict], out) -> None:
    bodies = [json.dumps(sheet.pop("lines"), ensure_ascii=False).encode() for sheet in sheets]
    out.write(b"\n".join([json.dumps({"sheets": sheets}).encode(), *bodies]))


def _limit(memory: int, seconds: int) -> None:
    """Set here, not in a preexec_fn: that is not safe in a parent that runs threads."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))  # SIGXCPU, then SIGKILL
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file of a gigabyte either


def main() -> None:
    kind, bounds = sys.argv[1], json.loads(sys.argv[2])
    _limit(bounds["memory"], bounds["cpu_seconds"])
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        sheets = read_document(data, bounds) if kind == "docx" else read_workbook(data, bounds)
        _write(sheets, out)  # all at once, or nothing
    except Refused as refused:
        out.write(json.dumps({"error": str(refused)}).encode())
    except MemoryError:
        sys.exit(3)
    except Exception as error:  # whatever a damaged file makes the readers raise
        print(repr(error), file=sys.stderr)
        out.write(json.dumps({"error": "damaged"}).encode())


if __name__ == "__main__":
    main()
