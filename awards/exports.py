"""Open data: any public list of awards as CSV or JSON, streamed row by row.

The columns are stable: new ones are only ever added at the end.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from awards.models import Commendation, Level, in_language

# (column name, field path)
COLUMNS = [
    ("id", "id"),
    ("year", "year"),
    ("title", "title__name"),
    ("title_en", "title__name_en"),
    ("title_slug", "title__slug"),
    ("level", "title__level"),
    ("recipient_kind", "recipient_kind"),
    ("recipient_name", "recipient_name"),
    ("recipient_position", "recipient_position"),
    ("recipient_unit", "recipient_unit_name"),
    ("commune", "locality__name"),
    ("method", "method"),
    ("citation", "citation"),
    ("decision_id", "decision_id"),
    ("decision_number", "decision__number"),
    ("decision_date", "decision__signed_on"),
    ("issuer", "decision__issuer_name"),
]
# After the stable columns, what their codes mean in the language of the page that exported
# them: /en/…?format=csv has English labels, /es/… Spanish ones.
LABEL_COLUMNS = ["title_label", "level_label", "recipient_kind_label", "method_label"]
FORMATS = ("csv", "json")


def _rows(awards: QuerySet) -> Iterator[tuple]:
    fields = [path for _, path in COLUMNS]
    at = fields.index
    title, title_en, level, kind, method = (
        at("title__name"),
        at("title__name_en"),
        at("title__level"),
        at("recipient_kind"),
        at("method"),
    )
    # Each label translated once, not once a row.
    levels, kinds, methods = (
        {code: str(label) for code, label in choices}
        for choices in (
            Level.choices,
            Commendation.RecipientKind.choices,
            Commendation.Method.choices,
        )
    )
    names: dict[tuple, str] = {}
    rows = awards.recipient_kinds().values_list(*fields, "title__name_es")
    for *row, title_es in rows.iterator(chunk_size=2000):
        key = (row[title], row[title_en], title_es)
        if key not in names:
            names[key] = in_language(*key)
        yield (
            *row,
            names[key],
            levels.get(row[level], row[level]),
            kinds.get(row[kind], row[kind]),
            methods.get(row[method], row[method]),
        )


# Rows per chunk handed to the server: one write per row would cost more than the rows.
CHUNK_ROWS = 1000


def _batched(lines: Iterator[str]) -> Iterator[str]:
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


# A spreadsheet opening a CSV reads a cell that begins with one of these as a formula, which can
# run commands or send the sheet away (=HYPERLINK(…), +cmd|…, @SUM(…), -1+1): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)*")


def looks_like_formula(text: str) -> bool:
    """Whether a cell read from an office's file holds a formula rather than its value.

    Narrower than FORMULA_STARTS, which the CSV files the site writes neutralise whole: a
    citation such as "- Hoàn thành xuất sắc nhiệm vụ" (a dash, a space, words) or "-5" is a
    clerk's writing, not a formula.
    """
    if text.startswith(("=", "@")):
        return True
    return (
        text[:1] in ("+", "-")
        and len(text) > 1
        and not text[1].isspace()
        and not PLAIN_NUMBER.fullmatch(text)
    )


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # read as text, never run (OWASP's advice); numbers stay as they are
    return value


def _csv_lines(names: list[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """Every CSV the site writes: text that a spreadsheet would run as a formula is quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(name) for name in names])
    yield "\ufeff" + buffer.getvalue()  # the mark makes Excel read Vietnamese text as UTF-8
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_cell(value) for value in row])
        yield buffer.getvalue()


def _json_lines(names: list[str], rows: Iterable[Sequence]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for row in rows:
        record = dict(zip(names, row, strict=True))
        # default=str: dates as 2024-12-24, amounts and targets as exact decimals.
        yield separator + json.dumps(record, ensure_ascii=False, default=str)
        separator = ",\n"
    yield "\n]\n"


def csv_text(names: list[str], rows: Iterable[Sequence]) -> str:
    """The same CSV as a download, whole, for files written by commands."""
    return "".join(_csv_lines(names, rows))


def stream(
    names: list[str], rows: Iterable[Sequence], fmt: str, filename: str
) -> StreamingHttpResponse:
    """Stream rows as a CSV or JSON download; memory stays flat however many rows there are."""
    if fmt == "csv":
        lines, content_type = _csv_lines(names, rows), "text/csv; charset=utf-8"
    else:
        lines, content_type = _json_lines(names, rows), "application/json; charset=utf-8"
    response = StreamingHttpResponse(_batched(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def export(awards: QuerySet, fmt: str, filename: str) -> StreamingHttpResponse:
    """Stream a list of awards with the stable award columns."""
    return stream([name for name, _ in COLUMNS] + LABEL_COLUMNS, _rows(awards), fmt, filename)
