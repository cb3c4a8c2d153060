"""Finding the annex in a sheet's lines: the header, its columns, the rows and their sections."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.imports.files import MAX_ROWS, MAX_TABLE_CHARS, ImportFileError, read_lines
from awards.imports.values import fold

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


SECTION = re.compile(r"^([IVXLC]+|[A-Z])\s*[.)/:-]\s*\S")
COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$")


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
    return _find_table(read_lines(upload))


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
