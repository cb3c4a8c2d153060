"""Finding the annex in a sheet's lines: the header, its columns, the title block above it, the
rows and the section headings between them.

Offices lay an annex out for printing, and every office differently: a document's head and a
title block above the list ("DANH SÁCH … ĐƯỢC TẶNG BẰNG KHEN …", "(Kèm theo Quyết định số …)"),
a header of their own words or of another program's template, section headings ("I. Tập thể",
"1. Bằng khen …: 02 tập thể") between the rows, items numbered or bulleted inside the cell,
totals and signatures under the list; or no header at all, a list pasted from Word. The words
that tell these apart are data (`data/headers.toml`, `data/layout.toml`, extended by an office's
own: see aliases.py). A sheet that has rows is never refused for its header: without one, the
rows are returned unmapped for the user to map by hand.
"""

import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.utils.translation import gettext as _

from awards.imports import aliases, files
from awards.imports.files import MAX_ROWS, MAX_TABLE_CHARS, ImportFileError
from awards.imports.values import fold

HEADER_SEARCH_LINES = 50  # a Word table's sheet begins with the paragraphs above it
TITLE_BLOCK_LINES = 15
MAX_BLANK_RUN = 1000  # formatted but empty lines to the end of the sheet
MAX_ITEM_CHARS = 250  # an item of a list is a name and a position, not a paragraph
SECTION_SEPARATOR = " › "  # between nested section headings: "I. Tập thể › 1. Bằng khen"
KIND_WORD_ORDER = ("collectives", "individuals", "households")

ROMAN = r"(?=[IVXL])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
SEPARATOR = r"[.):/\-–]"
COLUMN_NUMBER = re.compile(r"^(\()?([0-9]{1,2}|[A-Z])\)?$")
RULE_CHARACTERS = "_-=.*~–—"
VOID_STARTS = frozenset(" \t\n\r\xa0=#")  # of a cell that may hold nothing (see is_void)
# What a cell's text may hold that _norm() mends; \x1f is between cells.
UNEVEN_SPACES = ("  ", "\x1f ", " \x1f", "\n", "\t", "\r", "\xa0", "\x1f\n", "\x1f\t")
CLOSING_RULE = re.compile(r"^(?:[\s_\-=.*~–—]{3,}|\./\.)$")
BARE_NUMBER = re.compile(r"^([0-9]{1,4})(?:\.[0-9]{1,3})*\s*[.)/]?$")
ITEM = re.compile(r"^\s*(?:[0-9]{1,4}\s*[.)/]|[-+•*–·●▪◦])\s*\S")
ITEM_MARK = re.compile(r"^\s*(?:[0-9]{1,4}(?:\.[0-9]{1,3})*\s*[.)/]|[-+•*–·●▪◦])\s*")
ITEM_END = re.compile(r"\s*(?:\./\.|[;,.])+$")
ARABIC_ITEM = re.compile(r"^\s*([0-9]{1,4})\s*[.)/]\s*\S")
# Dates, the day and month left blank too ("Ngày      tháng      năm 2025", "ngày …/…/2025",
# a document not yet signed): their year is the document's, not the emulation year.
BLANK = r"(?:[0-9]{1,2}|[\s.…_]*)"
DATES = re.compile(
    rf"ngày[\s.…_]*{BLANK}[\s.…_]*tháng[\s.…_]*{BLANK}[\s.…_]*năm\s+[0-9]{{4}}"
    rf"|tháng\s+[0-9]{{1,2}}\s+năm\s+[0-9]{{4}}"
    rf"|[0-9.…_]{{1,2}}\s*[/.-]\s*[0-9.…_]{{1,2}}\s*[/.-]\s*[0-9]{{4}}",
    re.IGNORECASE,
)
YEAR = re.compile(
    r"(?<!\w)năm(?:\s+học)?\s+((?:19|20)[0-9]{2})(?:\s*[-–/]\s*((?:19|20)[0-9]{2}))?(?![0-9])",
    re.IGNORECASE,
)


def header_key(text: str) -> str:
    """'Họ và tên (1)' -> 'ho va ten'; 'Xã/Phường' -> 'xa phuong'; line breaks are spaces."""
    text = re.sub(r"\(.*?\)", " ", fold(text), flags=re.DOTALL)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def column_letters(count: int) -> list[str]:
    """A, B, …, Z, AA, …: the names of a sheet's first `count` columns."""
    letters = []
    for column in range(1, count + 1):
        name = ""
        while column:
            column, remainder = divmod(column - 1, 26)
            name = chr(ord("A") + remainder) + name
        letters.append(name)
    return letters


@dataclass
class Table:
    headers: list[str]  # the header line's cells; the column letters when there is none
    header_line: int  # the sheet's line holding the header; 0 when there is none
    rows: list[list]  # [sheet line, section headings above it (joined by " › "), [cells]]
    mapping: dict[str, int]  # field -> column; {} when no header was recognised
    extra: dict[str, int] = field(default_factory=dict)  # other header cells -> column
    # What the lines above the list say of it: {"lines": [...], "title": …, "kind": …,
    # "year": …, "reference": …}, each key but "lines" only when found.
    title_block: dict = field(default_factory=dict)
    sheet: str = ""  # the sheet read
    sheets: list[dict] = field(default_factory=list)  # every sheet: {"name": …, "hidden": …}


class _NoRows(ImportFileError):
    """A sheet that holds no rows: another sheet of the file may."""


def read_table(upload, sheet: str | None = None) -> Table:
    """The annex in an uploaded file, or ImportFileError saying what is wrong.

    Without `sheet`, the first visible sheet that has rows; in a Word file, the last table
    that has a header and rows, else the list among the document's paragraphs.
    """
    words = _Words()
    sheets = _read_sheets(upload)
    listing = [{"name": each.name, "hidden": bool(each.hidden)} for each in sheets]
    budget = _Budget()
    if sheet is not None:
        chosen = next((each for each in sheets if each.name == sheet), None)
        if chosen is None:
            raise ImportFileError(_("The file has no sheet “%(sheet)s”.") % {"sheet": sheet})
        try:
            table = _find_table(chosen.lines, words, budget)
        except _NoRows as error:
            if len(sheets) == 1 and not sheet:
                raise
            raise ImportFileError(
                _("No rows were found on the sheet “%(sheet)s”.") % {"sheet": sheet}
            ) from error
        return _named(table, chosen, listing)
    if _is_word(upload) and len(sheets) > 1:
        return _word_table(sheets, words, budget, listing)
    candidates = [each for each in sheets if not each.hidden] or sheets
    first_error = unmapped = None
    for each in candidates:
        try:
            table = _find_table(each.lines, words, budget)
        except _NoRows as error:
            first_error = first_error or error
            continue
        if "name" in table.mapping:
            return _named(table, each, listing)
        # Lines without column names (a guide sheet's text?): read only if no sheet has any.
        unmapped = unmapped or _named(table, each, listing)
    if unmapped is not None:
        return unmapped
    raise first_error or _NoRows(_("The file is empty."))


def _word_table(sheets: list, words: "_Words", budget: "_Budget", listing: list[dict]) -> Table:
    """The annex of a Word document: the last table with a header and rows (its other tables
    are the head, issuer and motto, and the signatures), else the list in its paragraphs (the
    last sheet), else the last table with rows, for the user to map by hand."""
    *tables, text = sheets
    tables = [(each, list(each.lines)) for each in tables]  # read twice at most; small
    for each, lines in reversed(tables):
        try:
            return _named(_find_table(lines, words, budget, header_only=True), each, listing)
        except _NoRows:
            continue
    text_lines = list(text.lines)
    try:
        found = _find_table(text_lines, words, budget)
    except _NoRows:
        found = None
    if found is not None and found.mapping:
        return _named(found, text, listing)
    for each, lines in reversed(tables):
        try:  # read again: counted once
            return _named(_find_table(lines, words, _Budget()), each, listing)
        except _NoRows:
            continue
    if found is not None:
        return _named(found, text, listing)
    raise _NoRows(_("No rows were found in the document's tables or text."))


def _read_sheets(upload) -> list[files.Sheet]:
    return list(files.read_sheets(upload))


def _is_word(upload) -> bool:
    """A Word document, told by its content as files.read_sheets tells it (which has read the
    zip already, within its bounds): its sheets are its tables, then its paragraphs."""
    try:
        upload.seek(0)
        if upload.read(4) != b"PK\x03\x04":
            return False
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _named(table: Table, sheet, listing: list[dict]) -> Table:
    table.sheet, table.sheets = sheet.name, listing
    return table


# The words of the layout, as data --------------------------------------------------------


def _norm(text: str) -> str:
    """Spaces collapsed, composed Unicode (Word and macOS may give "e" + a combining mark)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if text[:1].isspace() or text[-1:].isspace() or "  " in text or "\n" in text or "\t" in text:
        text = " ".join(text.split())
    return text


def _phrases(words: Iterable[str]) -> str:
    """An alternation of whole words or phrases, the longest first ("được tặng" before "tặng");
    a phrase that begins or ends with a letter does not match inside a word."""
    ordered = sorted({_norm(word) for word in words if word.strip()}, key=len, reverse=True)
    return (
        "|".join(
            (r"(?<!\w)" if word[0].isalnum() else "")
            + re.escape(word)
            + (r"(?!\w)" if word[-1].isalnum() else "")
            for word in ordered
        )
        or r"(?!x)x"
    )


def _starting(words: Iterable[str]) -> re.Pattern:
    return re.compile(rf"^(?:{_phrases(words)})", re.IGNORECASE)


class _Words:
    """The words of headers.toml and layout.toml, compiled once per file read."""

    def __init__(self) -> None:
        headers = aliases.load("headers")
        self.header_field = {
            key: name for name, keys in headers.get("fields", {}).items() for key in keys
        }
        self.numbers = set(headers.get("numbers", {}).get("names", []))
        layout = aliases.load("layout")
        block, sections, not_rows = layout["title_block"], layout["sections"], layout["not_rows"]
        self.block_start = _starting(block["starts"])
        self.document_head = _starting(block["document_head"])
        self.subject = _starting(block["subject_starts"])
        self.basis = _starting(block["basis_starts"])
        self.award = re.compile(
            rf"(?:{_phrases(block['award_starts'])})\s+(.+?)"
            rf"(?=\s+(?:{_phrases(block['award_ends'])})|\s*[(:;]|\.(?:\s|$)|$)",
            re.IGNORECASE,
        )
        self.reference = re.compile(
            rf"(?:{_phrases(block['reference_starts'])})\s*:?\s*([^()]+)\)?",
            re.IGNORECASE,
        )
        self.capitalised = [
            (re.compile(_phrases([word]), re.IGNORECASE), _norm(word))
            for word in sorted(block["capitalised"], key=len, reverse=True)
        ]
        self.kinds = {kind: layout["kinds"].get(kind, []) for kind in KIND_WORD_ORDER}
        self.kind_words = {
            kind: re.compile(_phrases(words), re.IGNORECASE) for kind, words in self.kinds.items()
        }
        self.part = re.compile(
            rf"^(?:{_phrases(sections['part'])})\s+(thứ\s+\w+|{ROMAN}|[0-9]{{1,2}}|[A-Z])(?!\w)"
            rf"\s*{SEPARATOR}?\s*(.*)$",
            re.IGNORECASE,
        )
        self.heading_start = _starting(sections["heading_starts"])
        self.kind_heading = re.compile(
            rf"^(?:{_phrases(sections['kind_headings'])})$", re.IGNORECASE
        )
        counted = sections.get("counted", {})
        self.counted = {
            _norm(word).lower(): kind for kind, words in counted.items() for word in words
        }
        counted_words = _phrases(self.counted)
        # ": 07 tập thể", " - 05 cá nhân", "(02)", "gồm 03 hộ", " 04 cá nhân"; never the end of
        # a period ("2020-2025").
        self.count = re.compile(
            rf"(?:\s*:|\s+[-–]|\s*\(|\s+gồm)\s*[0-9]{{1,3}}\s*(?P<what>{counted_words})?"
            rf"\s*\)?\s*[.;]?\s*$|\s+[0-9]{{1,3}}\s+(?P<what2>{counted_words})\s*\)?\s*[.;]?\s*$",
            re.IGNORECASE,
        )
        # "Tổng cộng: 05 cá nhân", "Tổng cộng có 10 cá nhân", "Danh sách này có 10 cá nhân./."
        self.total = re.compile(
            rf"^(?:(?:{_phrases(not_rows['totals'])})\s*(?:$|[:.(\-–]|[0-9]|(?:có|gồm)\b)"
            rf"|(?:{_phrases(not_rows['list_counts'])})\s+(?:có|gồm)\s+[0-9])",
            re.IGNORECASE,
        )
        # "Đồng Rui, ngày 20 tháng 12 năm 2024": the place and date above the signer.
        self.place_date = re.compile(
            r"^[^,;:]{2,60},\s*ngày\b[^,]{0,40}\btháng\b[^,]{0,40}\bnăm\b", re.IGNORECASE
        )
        self.note = _starting(not_rows["notes"])
        self.signature = re.compile(
            rf"^(?:{_phrases(not_rows['signature_starts'])})", re.IGNORECASE
        )
        self.signer_alone = re.compile(
            rf"^(?:{_phrases(not_rows['signers'])})[.:]?$", re.IGNORECASE
        )
        # In capitals before the signer's name: "GIÁM ĐỐC Trần Chí Tiến".
        self.signer_upper = re.compile(
            rf"^(?:{_phrases(word.upper() for word in not_rows['signers'])})"
        )
        self.errors = {text.upper() for text in not_rows["errors"]}

    def field_of(self, text: str) -> str | None:
        """The field a header cell names, "number" for the row number column, else None."""
        if len(text) > 80:  # no column's name is that long: a paragraph, a citation
            return None
        key = header_key(text)
        if key in self.numbers:
            return "number"
        return self.header_field.get(key)

    def is_void(self, text: str) -> bool:
        """A cell that holds nothing: spaces, an error value, a formula read as its text."""
        first = text[0]
        if first.isspace():
            text = text.strip()
            if not text:
                return True
            first = text[0]
        return first == "=" or (first == "#" and text.strip().upper() in self.errors)


class _Budget:
    """The characters read, from every sheet tried: within the largest annex's."""

    def __init__(self) -> None:
        self.characters = 0

    def spend(self, characters: int) -> None:
        # Each cell within its bounds, the whole within the largest annex's: one shared string
        # of 5,000 characters named by every cell of a 2 MB workbook is 5 billion of them.
        self.characters += characters
        if self.characters > MAX_TABLE_CHARS:
            raise ImportFileError(
                _(
                    "The annex holds more than %(max)s characters in all; no decision's annex "
                    "is that long. Check that the file holds only the annex."
                )
                % {"max": f"{MAX_TABLE_CHARS:,}"}
            )


# A sheet's lines -----------------------------------------------------------------------


class _Line:
    """A line that holds something: its number in the sheet (from 1), its cells as read, the
    filled ones as (column, text), and their texts with a merged cell's repeats (a Word
    table's) once."""

    __slots__ = ("cells", "filled", "number", "texts")

    def __init__(self, number: int, cells: list[str], filled: list[tuple[int, str]]) -> None:
        self.number, self.cells, self.filled = number, cells, filled
        texts = [filled[0][1]]
        for _column, text in filled[1:]:
            if text != texts[-1]:
                texts.append(text)
        self.texts = texts

    @property
    def text(self) -> str:
        return " ".join(self.texts)


def _lines(lines: Iterable[list[str]], words: _Words, budget: _Budget) -> Iterator[_Line]:
    """The sheet's lines that hold something, numbered; up to a long run of empty ones."""
    blank_run = 0
    void = words.is_void
    for number, cells in enumerate(lines, start=1):
        if not all(type(text) is str for text in cells):
            cells = ["" if text is None else str(text) for text in cells]
        budget.spend(sum(map(len, cells)))
        # Most lines need no mending: looked at once as a whole, not cell by cell.
        joined = "\x1f".join(cells)
        plain = (joined.isascii() or unicodedata.is_normalized("NFC", joined)) and not (
            joined[:1].isspace()
            or joined[-1:].isspace()
            or any(spaces in joined for spaces in UNEVEN_SPACES)
        )
        filled = [
            (column, text)
            for column, text in enumerate(cells)
            if text and (text[0] not in VOID_STARTS or not void(text))
        ]
        if not plain:
            filled = [(column, norm) for column, text in filled if (norm := _norm(text))]
        if not filled:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                return
            continue
        blank_run = 0
        yield _Line(number, cells, filled)


def _find_table(
    lines: Iterable[list[str]], words: _Words, budget: _Budget, header_only: bool = False
) -> Table:
    numbered = _lines(lines, words, budget)
    top = list(islice(numbered, HEADER_SEARCH_LINES))
    if not top:
        raise _NoRows(_("The file is empty."))
    found = _find_header(top, words)
    if found is None:
        if header_only:
            raise _NoRows(_("No header line was found."))
        return _without_header(top + _bounded(numbered), words)
    best, headers, first_body = found
    mapping: dict[str, int] = {}
    extra: dict[str, int] = {}
    numbers: set[int] = set()
    for column, text in enumerate(headers):
        name = words.field_of(text) if text else None
        if name == "number":
            numbers.add(column)
        elif name and name not in mapping:
            mapping[name] = column
        elif text.strip():
            label = _norm(text)
            extra[
                label if label not in extra else f"{label} ({column_letters(column + 1)[-1]})"
            ] = column
    above = top[: best - 1] if best and _is_header_only(top[best - 1], words) else top[:best]
    body = top[first_body:] + _bounded(numbered)
    rows = _header_rows(body, top[best].texts, mapping, numbers, words)
    if not rows:
        raise _NoRows(_("The header was found, but no rows under it."))
    return Table(
        headers=headers,
        header_line=top[best].number,
        rows=rows,
        mapping=mapping,
        extra=extra,
        title_block=_title_block([line.text for line in above], words),
    )


def _bounded(numbered: Iterator[_Line]) -> list[_Line]:
    """The rest of the sheet's lines; past twice MAX_ROWS, however many are headings, the rows
    are more than MAX_ROWS."""
    rest = list(islice(numbered, 2 * MAX_ROWS))
    if len(rest) == 2 * MAX_ROWS:
        _too_many_rows()
    return rest


def _too_many_rows() -> None:
    raise ImportFileError(
        _(
            "The annex has more than %(max)s rows. No decision's annex is that long: "
            "split the file, or check that it holds only the annex."
        )
        % {"max": f"{MAX_ROWS:,}"}
    )


# The header ------------------------------------------------------------------------------


def _header_fields(line: _Line, words: _Words) -> dict[int, str]:
    found: dict[int, str] = {}
    for column, text in line.filled:
        name = words.field_of(text)
        if name and name not in found.values():
            found[column] = name
    return found


def _is_header_only(line: _Line, words: _Words) -> bool:
    """A line whose every filled cell is a column name: the second line of a merged header."""
    return all(words.field_of(text) for text in line.texts)


def _is_header(line: _Line, fields: dict[int, str]) -> bool:
    names = set(fields.values())
    if "name" in names and len(names) >= 2:
        return True
    if len(names - {"number"}) >= 2 and len(names) >= 3:
        return True
    # A one-column list under its column's name ("Họ và tên"), not a lone word ("Tên").
    return names == {"name"} and len(line.texts) == 1 and " " in header_key(line.texts[0])


def _find_header(top: list[_Line], words: _Words) -> tuple[int, list[str], int] | None:
    """The header's index in `top`, its cells (merged with a second header line), and the
    index of the first line under it; None when no line of `top` is a header."""
    scored = [
        (len(set(_header_fields(line, words).values())), index) for index, line in enumerate(top)
    ]
    candidates = [
        (score, -index)
        for score, index in scored
        if _is_header(top[index], _header_fields(top[index], words))
    ]
    if not candidates:
        return None
    best = -max(candidates)[1]
    headers = list(top[best].cells)
    # Merged header cells: a group heading above ("Khen thưởng" over "Danh hiệu | Số tiền"),
    # or the names split over two lines. Fill the gaps from the line that holds only names.
    for other in (best - 1, best + 1):
        if (
            0 <= other < len(top)
            and abs(top[other].number - top[best].number) == 1
            and _is_header_only(top[other], words)
        ):
            width = max(len(headers), len(top[other].cells))
            headers += [""] * (width - len(headers))
            for column, text in top[other].filled:
                if not words.field_of(headers[column]):
                    headers[column] = text
    first_body = best + 1
    if (
        best + 1 < len(top)
        and top[best + 1].number == top[best].number + 1
        and _is_header_only(top[best + 1], words)
    ):
        first_body = best + 2
    return best, headers, first_body


# Rows under a header ---------------------------------------------------------------------


def _header_rows(
    body: list[_Line],
    header_texts: list[str],
    mapping: dict[str, int],
    numbers: set[int],
    words: _Words,
) -> list[list]:
    """The rows of the body under a header (or of a table without one, `mapping` {}): not the
    headings, totals, column numbers, rules, repeated headers, and nothing from the notes or
    signatures under the list on."""
    mapped = set(mapping.values())
    single_name = set(mapping) == {"name"}
    sections = _Sections(words)
    rows: list[list] = []
    for index, line in enumerate(body):
        if line.filled[-1][0] in numbers and all(
            column in numbers and BARE_NUMBER.match(text) for column, text in line.filled
        ):
            continue  # a template's numbered but empty line
        if (mapped and _is_column_numbers(line)) or _is_closing(line):
            continue  # without a header, "1 2 3" may well be a row
        if line.texts == header_texts:
            continue  # the header again, on each printed page
        first = line.texts[0]
        if words.total.match(first):
            continue
        if not BARE_NUMBER.match(first) and (words.note.match(first) or _is_signature(line, words)):
            break  # what follows the list: notes, signatures, "Nơi nhận"
        if sections.take(line, _next(body, index)):
            continue
        if (
            mapped
            and len(line.filled) == 1
            and line.filled[0][0] not in mapped
            and len(first.split()) >= 5
            and not ARABIC_ITEM.match(first)
        ):
            continue  # a paragraph of text outside the table's columns (a Word document's)
        cells = list(line.cells)
        if single_name and "name" in mapping and mapping["name"] < len(cells):
            cells[mapping["name"]] = _item_text(cells[mapping["name"]])
        rows.append([line.number, sections.text, cells])
        if len(rows) > MAX_ROWS:
            _too_many_rows()
    return rows


def _next(body: list[_Line], index: int) -> _Line | None:
    return body[index + 1] if index + 1 < len(body) else None


def _is_column_numbers(line: _Line) -> bool:
    """The "(1) (2) (3)" or "A B 1 2" line under a header."""
    if len(line.filled) < 2 or len(line.filled[-1][1]) > 4:
        return False
    texts = [text for _column, text in line.filled]
    matches = [COLUMN_NUMBER.match(text) for text in texts]
    if len(texts) < 2 or not all(matches):
        return False
    return len(texts) >= 3 or any(match[1] for match in matches) or texts == ["1", "2"]


def _is_closing(line: _Line) -> bool:
    """A rule under the list ("______", "./.")."""
    return line.texts[0][0] in RULE_CHARACTERS and all(
        CLOSING_RULE.match(text) for text in line.texts
    )


def _is_signature(line: _Line, words: _Words) -> bool:
    """A line of the signatures under a list: "KT. CHỦ TỊCH", "(Đã ký)", "Nơi nhận:", "GIÁM
    ĐỐC Trần Chí Tiến" (a Word signature table's cell)."""
    first, *others = line.texts
    if others[1:]:
        return False
    # A signer's office alone ends a list only in the line's first cell: in the second, "Chủ
    # tịch" is a position.
    return bool(
        words.signature.match(first)
        or words.place_date.match(first)
        or words.signer_alone.match(first)
        or words.signer_upper.match(first)
        or any(words.signature.match(text) or words.signer_upper.match(text) for text in others)
    )


def _item_text(text: str) -> str:
    """An item's text without its numbering or bullet and its closing punctuation:
    "1. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;" -> "Ông Trương Quang Sáng, Phó Giám
    đốc Sở Tư pháp"."""
    stripped = ITEM_END.sub("", ITEM_MARK.sub("", text.strip(), count=1))
    return stripped or text


# Section headings ------------------------------------------------------------------------


class _Sections:
    """The section headings above the current row, outermost first.

    A heading of a kind of numbering seen before (roman, arabic, letters, "PHẦN") replaces
    that one and the headings nested in it; a new kind nests in the others.
    """

    def __init__(self, words: _Words) -> None:
        self.words = words
        self.stack: list[tuple[str, str, str]] = []  # (numbering, numeral, text)

    @property
    def text(self) -> str:
        return SECTION_SEPARATOR.join(text for _style, _numeral, text in self.stack)

    def take(self, line: _Line, following: _Line | None) -> bool:
        heading = self.heading(line, following)
        if heading is None:
            return False
        style = heading[0]
        for position, (other, _numeral, _text) in enumerate(self.stack):
            if other == style:
                del self.stack[position:]
                break
        self.stack.append(heading)
        return True

    def heading(self, line: _Line, following: _Line | None) -> tuple[str, str, str] | None:
        texts = line.texts
        if len(texts) == 1:
            return self._one_cell(texts[0], following)
        if len(texts) == 2 and line.filled[0][0] < line.filled[-1][0]:
            return self._two_cells(texts[0], texts[1], following)
        return None

    def _one_cell(self, text: str, following: _Line | None) -> tuple[str, str, str] | None:
        words = self.words
        if match := words.part.match(text):
            return self._made("part", match[1], match[2] or "", text, following)
        if match := re.match(rf"^({ROMAN}|[A-Za-zĐđ])\s*({SEPARATOR})\s*(.*)$", text):
            numeral, rest = match[1], match[3]
            if numeral and rest and (match[0][match.end(2) : match.start(3)] or rest[0].isupper()):
                return self._made(self._letter_style(numeral), numeral, rest, text, following)
        if match := re.match(rf"^({ROMAN})\s+(\S.*)$", text):
            numeral, rest = match[1], match[2]
            if numeral and self._names_heading(self._without_count(rest)[0]):
                return self._made("roman", numeral, rest, text, following)
        if match := re.match(r"^([0-9]{1,3}(?:\.[0-9]{1,3})*)\s*[.):/\-–]\s*(\S.*)$", text):
            return self._made(_arabic(match[1]), match[1], match[2], text, following)
        rest, _kind = self._without_count(text)
        if words.kind_heading.match(rest.rstrip(":. ")):
            return self._made("plain", "", text, text, following)
        return None

    def _two_cells(
        self, first: str, second: str, following: _Line | None
    ) -> tuple[str, str, str] | None:
        if match := self.words.part.match(first):
            numeral = match[1]
            return self._made("part", numeral, second, f"{first.rstrip('.:')}. {second}", following)
        match = re.match(rf"^({ROMAN}|[A-Za-zĐđ])\s*{SEPARATOR}?$", first)
        if match and match[1]:
            numeral = match[1]
            return self._made(
                self._letter_style(numeral), numeral, second, f"{numeral}. {second}", following
            )
        if BARE_NUMBER.match(first):
            numeral = first.rstrip(".)/ ")
            return self._made(_arabic(numeral), numeral, second, f"{numeral}. {second}", following)
        return None

    def _letter_style(self, numeral: str) -> str:
        """ "C" after "B" is a letter, after "II" a roman numeral; "I" alone is roman."""
        is_roman = bool(re.fullmatch(ROMAN, numeral)) and numeral.isupper()
        if len(numeral) > 1:
            return "roman" if is_roman else "upper"
        if numeral.islower():
            return "lower"
        previous = {style: value for style, value, _text in self.stack}
        if "upper" in previous and ord(numeral) == ord(previous["upper"][-1:] or "@") + 1:
            return "upper"
        if is_roman and "roman" in previous:
            return "roman"
        if is_roman and numeral in "IVX" and "upper" not in previous:
            return "roman"
        return "upper"

    def _made(
        self, style: str, numeral: str, rest: str, written: str, following: _Line | None
    ) -> tuple[str, str, str] | None:
        text, kind = self._without_count(written)
        rest_text, _ = self._without_count(rest)
        if style.startswith("arabic") and not self._arabic_heading(
            numeral, rest_text, kind, following
        ):
            return None
        text = text.rstrip(":;,. ")
        if kind and not self.words.kind_words[kind].search(text):
            text = f"{text} ({self.words.kinds[kind][0]})"
        return style, numeral, text

    def _arabic_heading(
        self, numeral: str, rest: str, kind: str | None, following: _Line | None
    ) -> bool:
        """Whether "1. …" heads a section rather than being an item: its text names a title,
        a kind or a group, or ends in a count, or the numbering restarts under it; never when
        the next line carries the numbering on."""
        number = int(numeral.split(".")[0]) if numeral.split(".")[0].isdigit() else None
        after = _leading_number(following) if following is not None else None
        if number is not None and after == number + 1 and "." not in numeral:
            return False
        if kind or self._names_heading(rest):
            return True
        return after == 1

    def _names_heading(self, text: str) -> bool:
        words = self.words
        return bool(words.heading_start.match(text) or words.kind_heading.match(text.rstrip(":. ")))

    def _without_count(self, text: str) -> tuple[str, str | None]:
        """The heading without a count at its end, and the kind the count names:
        "Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể" -> ("Bằng khen …", "collectives")."""
        match = self.words.count.search(text)
        if match is None or match.start() == 0:
            return text, None
        what = (match["what"] or match["what2"] or "").lower()
        return text[: match.start()].rstrip(), self.words.counted.get(_norm(what))


def _arabic(numeral: str) -> str:
    """The numbering of "1", "1.2", "1.2.3": each depth its own."""
    return f"arabic{numeral.count('.')}"


def _leading_number(line: _Line) -> int | None:
    """The number a line begins with: its STT cell, or an item's "3. …"."""
    first = line.texts[0]
    if match := BARE_NUMBER.match(first):
        return int(match[1])
    if match := ARABIC_ITEM.match(first):
        return int(match[1])
    return None


# Sheets without a header -----------------------------------------------------------------


def _without_header(lines: list[_Line], words: _Words) -> Table:
    """A list in one column ("1. Ông …;", "- Sở Y tế;") is read as names; anything else is
    returned unmapped, for the user to say which column holds what."""
    found = _find_list(lines, words)
    if found is not None:
        start, end, column = found
        sections = _Sections(words)
        rows = []
        for index in range(start, end):
            line = lines[index]
            if words.total.match(line.texts[0]) or _is_closing(line):
                continue
            if sections.take(line, lines[index + 1] if index + 1 < end else None):
                continue
            cells = list(line.cells)
            cells[column] = _item_text(cells[column])
            rows.append([line.number, sections.text, cells])
            if len(rows) > MAX_ROWS:
                _too_many_rows()
        if rows:
            above = [line.text for line in lines[:start]]
            return Table(
                headers=column_letters(max(len(line.cells) for line in lines[start:end])),
                header_line=0,
                rows=rows,
                mapping={"name": column},
                title_block=_title_block(above, words),
            )
    # A table of several columns under lines of one (a Word table under the paragraphs
    # above it): those are its title block.
    start = next((index for index, line in enumerate(lines) if len(line.texts) > 1), 0)
    if not any(len(line.texts) > 1 for line in lines[start + 1 :]):
        start = 0  # a single line of several cells among lines of one: no table
    rows = _header_rows(lines[start:], [], {}, set(), words)
    if not rows:
        start, rows = 0, [[line.number, "", list(line.cells)] for line in lines]
    return Table(
        headers=column_letters(max(len(line.cells) for line in lines[start:])),
        header_line=0,
        rows=rows,
        mapping={},
        title_block=_title_block([line.text for line in lines[:start]], words),
    )


def _find_list(lines: list[_Line], words: _Words) -> tuple[int, int, int] | None:
    """The run of lines that is the list: (first index, index after the last, its column).

    Items are lines of one cell, numbered or bulleted; section headings may stand between
    them. Of several runs (a decision's numbered paragraphs, its "Nơi nhận" bullets, the
    annex), the one of most items of a list's length; the last of equals.
    """
    items = [
        line.filled[0][0]
        for line in lines
        if len(line.texts) == 1 and ITEM.match(line.texts[0]) and not _is_heading_line(line, words)
    ]
    if not items:
        return None
    column = Counter(items).most_common(1)[0][0]
    runs: list[tuple[int, int, int]] = []  # (items, start, end)
    index = 0
    while index < len(lines):
        if not _is_item(lines[index], column):
            index += 1
            continue
        start = index
        while start > 0 and _is_heading_line(lines[start - 1], words):
            start -= 1
        count, end = 0, index
        while end < len(lines):
            line = lines[end]
            if _is_item(line, column):
                count += len(line.texts[0]) <= MAX_ITEM_CHARS
            elif not (_is_heading_line(line, words) or words.total.match(line.texts[0])):
                break
            end += 1
        before = lines[start - 1] if start else None
        if before is None or not _is_signature(before, words):
            runs.append((count, start, end))
        index = end
    count, start, end = max(runs, default=(0, 0, 0), key=lambda run: (run[0], run[1]))
    return (start, end, column) if count else None


def _is_item(line: _Line, column: int) -> bool:
    return len(line.texts) == 1 and line.filled[0][0] == column and bool(ITEM.match(line.texts[0]))


def _is_heading_line(line: _Line, words: _Words) -> bool:
    """A section heading, judged without the line after it: a numbered line is one only when
    its words say so."""
    return _Sections(words).heading(line, None) is not None


# The title block -------------------------------------------------------------------------


def _title_block(texts: list[str], words: _Words) -> dict:
    """What the lines nearest above the list say of it.

    The block is the last few lines above the list, from its own title ("DANH SÁCH …") down;
    never the document's head above (motto, issuer, number) or a decision's first page, whose
    subject line ("Về việc tặng Bằng khen …") is read only when the block names no award.
    """
    texts = [text for text in texts if text]
    start = max(0, len(texts) - TITLE_BLOCK_LINES)
    for index in range(len(texts) - 1, start - 1, -1):
        if words.document_head.match(texts[index]):
            start = index + 1
            break
    for index in range(len(texts) - 1, start - 1, -1):
        if words.block_start.match(texts[index]):
            start = index
            break
    lines, before = texts[start:], texts[:start]
    if not lines:
        return {}
    block: dict = {"lines": lines}
    # A decision's legal basis ("Căn cứ Luật Thi đua, khen thưởng năm 2022") names laws and
    # years that are not the list's.
    said_lines = [line for line in lines if not words.basis.match(line)]
    reference = None
    for index, line in enumerate(said_lines):
        found = words.reference.search(line)
        if found is None:
            continue
        # The reference is its own line, or runs on to the line that closes its parenthesis:
        # "(Kèm theo Quyết định số 2871/QĐ-UBND ngày 24 tháng 10 năm" / "2022 của …)".
        end = index
        if "(" in line[: found.start()] and ")" not in line[found.start() :]:
            end = next(
                (n for n in range(index + 1, len(said_lines)) if ")" in said_lines[n]), index
            )
        text = " ".join(said_lines[index : end + 1])
        found = words.reference.search(text)
        if found is not None and re.search(r"[0-9]", found[1]):  # not a blank to fill
            reference = found
            block["reference"] = found[1].strip(" .,;:")
            said_lines[index : end + 1] = [text[: found.start()] + " " + text[found.end() :]]
        break
    said = " ".join(said_lines)
    title = _award(said, words) or (reference is not None and _award(reference[1], words))
    if not title:
        subjects = [text for text in before if words.subject.match(text)]
        title = _award(subjects[-1], words) if subjects else None
    if title:
        block["title"] = title
    kinds = [kind for kind, pattern in words.kind_words.items() if pattern.search(said)]
    if len(kinds) == 1:
        block["kind"] = kinds[0]
    years = [
        int(match[2] or match[1])
        for match in YEAR.finditer(DATES.sub(" ", said))
        if 1945 <= int(match[2] or match[1]) <= 2100
    ]
    if years:
        block["year"] = years[-1]
    return block


def _award(text: str, words: _Words) -> str | None:
    """The award a text names, as written: the last "tặng …"/"đạt danh hiệu …" in it."""
    found = None
    for match in words.award.finditer(text):
        name = match[1].strip(" .,;:-–")
        if name and len(name) <= 120:
            found = name
    if found is None:
        return None
    if found.upper() == found and any(char.isalpha() for char in found):
        # All in capitals in the title block: written as the catalogue writes it.
        found = found.lower()
        for pattern, word in words.capitalised:
            found = pattern.sub(word, found)
        found = found[:1].upper() + found[1:]
    return found
