"""Open data: any public list of awards as CSV or JSON, streamed row by row.

The columns are stable: new ones are only ever added at the end.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, groupby, islice
from operator import itemgetter
from threading import Thread, current_thread, main_thread

import xlsxwriter
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Case, QuerySet, When
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from awards.summaries import CIRCULAR, Row

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
FORMATS = ("csv", "json")


def _rows(awards: QuerySet) -> Iterator[tuple]:
    fields = [path for _, path in COLUMNS]
    return awards.recipient_kinds().values_list(*fields).iterator(chunk_size=2000)


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
    return stream([name for name, _ in COLUMNS], _rows(awards), fmt, filename)


def summary_rows(summary) -> Iterator[list]:
    """A yearly summary as one long list: section, line, the year, the year before."""
    for table in summary.tables:
        for row in table.rows:
            yield [str(table.title), row.label, row.count, row.previous]
    for decision in summary.decisions:
        line = f"{decision.number} {decision.signed_on:%d/%m/%Y}"
        yield ["decisions", line, decision.award_total, ""]
    for award in summary.revoked:
        yield ["revoked", f"{award.recipient_name} – {award.title.name}", 1, ""]


SUMMARY_COLUMNS = ["section", "line", "year", "previous_year"]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_xlsx(summary) -> bytes:
    """The summary as a formatted workbook: one sheet per table, numbers as numbers."""
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        heading = workbook.add_format({"bold": True, "font_size": 13})
        header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        part = workbook.add_format({"indent": 2})
        total = workbook.add_format({"bold": True, "top": 1})
        for number, table in enumerate(summary.tables, start=1):
            sheet = workbook.add_worksheet(f"{number}. {table.title}"[:31])
            sheet.write(0, 0, f"{table.title} — {summary.year} — {summary.scope}", heading)
            sheet.write_row(
                2, 0, [str(table.title), str(summary.year), str(summary.year - 1)], header
            )
            sheet.freeze_panes(3, 1)
            sheet.set_column(0, 0, 60)
            sheet.set_column(1, 2, 12)
            for line, row in enumerate(table.rows, start=3):
                sheet.write_string(line, 0, row.label, part if row.is_part else None)
                sheet.write_number(line, 1, row.count)
                sheet.write_number(line, 2, row.previous)
            line = 3 + len(table.rows)
            own = table.total or Row(_("Total"), summary.total, summary.previous_total)
            sheet.write_string(line, 0, str(own.label), total)
            sheet.write_number(line, 1, own.count, total)
            sheet.write_number(line, 2, own.previous, total)
        sheet = workbook.add_worksheet(str(_("Decisions"))[:31])
        sheet.write_row(0, 0, [str(_("Number")), str(_("Signed on")), str(_("Awards"))], header)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 2, 12)
        dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
        for line, decision in enumerate(summary.decisions, start=1):
            sheet.write_string(line, 0, decision.number)
            sheet.write_datetime(line, 1, decision.signed_on, dates)
            sheet.write_number(line, 2, decision.award_total)
    return output.getvalue()


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf(template: str, context: dict) -> bytes:
    """Render a print template to PDF (A4, page numbers, DejaVu Sans for Vietnamese).

    The summary and the annex, whose tables run to thousands of rows, are laid out in parts
    (see `_pdf_in_parts`); WeasyPrint would otherwise hold every page's boxes at once.
    """
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need

    sections = LONG_TEMPLATES.get(template)
    if sections is None:
        return HTML(string=render_to_string(template, context)).write_pdf()
    return _pdf_in_parts(template, context, sections(context))


@dataclass(eq=False)
class Section:
    """A heading and the table under it in a long print template; `kind` picks the markup."""

    title: str
    kind: str
    rows: Iterable
    total: object = None  # the row printed as the table's total, if any


@dataclass
class Slice:
    """The part of a section that one part of the document lays out."""

    section: Section
    heading: int = 0  # the heading's place; 0 when an earlier part printed the heading
    rows: list[tuple[int, object]] = field(default_factory=list)  # (place, row)


HEADING = object()  # the item that stands for a section's heading in the flow
# Headings and rows laid out at once: WeasyPrint holds about 50 KB a row until the part is
# written. More than a page holds, or a part that fits on one page ends that page early.
PART_ROWS = 400
# The parts' pages are numbered afterwards (the long templates number them at the bottom
# centre), over a blank document of as many pages.
UNNUMBERED = "@page { @bottom-center { content: none !important } }"
# A later part starts as a page of one document would: after a page break, margins at the top of
# the page are truncated (CSS Fragmentation); at the start of a document, they are not.
CONTINUED = "body, body > :first-child { margin-top: 0 !important }"


def _flow(sections: Iterable[Section]) -> Iterator[tuple[Section, object]]:
    for section in sections:
        yield section, HEADING
        for row in section.rows:
            yield section, row


def _slices(items: list[tuple[Section, object]]) -> list[Slice]:
    """Group a part's items by section, each with its place in the part (from 1)."""
    slices: list[Slice] = []
    for place, (section, row) in enumerate(items, 1):
        if not slices or slices[-1].section is not section:
            slices.append(Slice(section))
        if row is HEADING:
            slices[-1].heading = place
        else:
            slices[-1].rows.append((place, row))
    return slices


def _first_place_on(page) -> int:
    """The place of the first heading or row on a laid-out page, 0 if none.

    Trap: WeasyPrint's pages have no public box tree, so this reads `Page._page_box`. (The
    public `Page.anchors` would do with ids on rows, but ids make the layout a third slower.)
    """
    places = [
        int(box.element.get("data-place"))
        for box in page._page_box.descendants()
        if getattr(box, "element", None) is not None and box.element.get("data-place")
    ]
    return min(places, default=0)


def _pdf_in_parts(template: str, context: dict, sections: Iterable[Section]) -> bytes:
    """Lay out PART_ROWS rows at a time, each part a WeasyPrint document, and join the PDFs.

    A part keeps only its full pages: what its last page holds starts the next part. So the
    pages are those one document would have had, no half-empty page between parts, and memory
    stays flat however long the tables. The page numbers come last, from a blank document of
    as many pages.
    """
    from weasyprint import HTML

    items = _flow(sections)
    writer = PdfWriter()
    carried: list[tuple[Section, object]] = []
    # The first part even when empty: it holds the title.
    while (part := carried + list(islice(items, PART_ROWS - len(carried)))) or not writer.pages:
        more = len(part) == PART_ROWS  # the flow may go on
        content, carried = _lay_out_part(template, context, part, not writer.pages, more)
        reader = PdfReader(io.BytesIO(content))
        if not writer.pages:
            writer.add_metadata(reader.metadata)  # the title
        for page in reader.pages:
            writer.add_page(page)
    blank_pages = {"blank_pages": range(len(writer.pages))}
    numbers = HTML(string=render_to_string(template, {**context, **blank_pages})).write_pdf()
    for page, number in zip(writer.pages, PdfReader(io.BytesIO(numbers)).pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _lay_out_part(
    template: str, context: dict, part: list, first_part: bool, more: bool
) -> tuple[bytes, list]:
    """The PDF of a part's pages, and the items to carry to the next part: those of the last
    page (found by the `data-place` the template puts on headings and rows) when more follow.
    A function of its own, so that each part's boxes are freed before the next is laid out."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(string=UNNUMBERED)]
    if not first_part:
        stylesheets.append(CSS(string=CONTINUED))
    html = render_to_string(
        template, {**context, "slices": _slices(part), "first_part": first_part}
    )
    document = HTML(string=html).render(stylesheets=stylesheets)
    pages, carried = document.pages, []
    if more and len(pages) > 1 and (place := _first_place_on(pages[-1])) > 1:
        carried, pages = part[place - 1 :], pages[:-1]
    return document.copy(pages).write_pdf(), carried


def _summary_sections(context: dict) -> list[Section]:
    summary = context["summary"]
    sections = []
    for table in summary.tables:
        total = table.total or Row(_("Total"), summary.total, summary.previous_total)
        sections.append(Section(table.title, "figures", [*table.rows, total], total))
    sections.append(Section(_("Decisions"), "decisions", summary.decisions))
    revoked = summary.revoked or [None]  # None: a dash says there are none
    sections.append(Section(_("Revoked awards (not counted above)"), "revoked", revoked))
    return sections


def _annex_sections(context: dict) -> Iterator[Section]:
    """A section a title, its awards numbered from 1, read from the database as they are laid
    out: a 20,000-row annex never sits in memory whole."""
    rows = (
        context["awards"]
        .values("title_id", "title__name", "recipient_name", "recipient_position",
                "recipient_unit_name", "year")
        .iterator(chunk_size=2000)
    )  # fmt: skip
    for number, (_title, awards) in enumerate(groupby(rows, key=itemgetter("title_id")), 1):
        first = next(awards)
        numbered = ({**award, "number": n} for n, award in enumerate(chain([first], awards), 1))
        yield Section(f"{number}. {first['title__name']}", "awards", numbered)


LONG_TEMPLATES = {
    "awards/print/summary.html": _summary_sections,
    "awards/print/annex.html": _annex_sections,
}


def official_form_rows(form) -> Iterator[list]:
    """A form as CSV rows: item, row code, unit of count, then the numbered columns."""
    yield [
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
        *(f"{n}. {c}" for n, c in enumerate(form.columns, 1)),
    ]
    for row in form.rows:
        yield [row.label, row.code, row.unit, *row.values]


def official_form_xlsx(form) -> bytes:
    """A form laid out as the circular prints it: header block, lettered and numbered columns."""
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet(form.code.split("/")[0])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 13, "align": "center"})
        header = workbook.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
             "bg_color": "#EEEEEE"}
        )  # fmt: skip
        cell = workbook.add_format({"border": 1})
        part = workbook.add_format({"border": 1, "indent": 2})
        centred = workbook.add_format({"border": 1, "align": "center"})
        last = 2 + len(form.columns)
        sheet.write(0, 0, f"Biểu số: {form.code}", bold)
        sheet.write(1, 0, CIRCULAR)
        sheet.write(0, last - 2, f"Đơn vị báo cáo: {form.reporting_unit}")
        sheet.merge_range(3, 0, 3, last, form.title.upper(), title)
        sheet.merge_range(
            4, 0, 4, last, f"Năm {form.year}", workbook.add_format({"align": "center"})
        )
        sheet.write_row(6, 0, ["Chỉ tiêu", "Mã số", "Đơn vị tính", *form.columns], header)
        sheet.write_row(7, 0, ["A", "B", "C", *range(1, len(form.columns) + 1)], header)
        sheet.freeze_panes(8, 3)
        sheet.set_row(6, 45)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 2, 10)
        sheet.set_column(3, last, 14)
        for line, row in enumerate(form.rows, start=8):
            sheet.write_string(line, 0, row.label, part if row.is_part else cell)
            sheet.write_string(line, 1, row.code, centred)
            sheet.write_string(line, 2, row.unit, centred)
            for column, value in enumerate(row.values, start=3):
                sheet.write_number(line, column, value, cell)
        foot = 9 + len(form.rows)
        sheet.write(foot, 0, "Người lập biểu (Ký, họ tên)", bold)
        sheet.write(foot, last - 2, "Thủ trưởng đơn vị (Ký, họ tên, đóng dấu)", bold)
    return output.getvalue()


ANNEX_COLUMNS = ["TT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức",
                 "Năm", "Nội dung thành tích", "Số tiền (đồng)"]  # fmt: skip


# Each kind of recipient as the annexes we write, and read back, name it.
KIND_WORDS = {"collectives": "Tập thể", "individuals": "Cá nhân", "households": "Hộ gia đình"}
ANNEX_KINDS = list(KIND_WORDS)
ROMAN = ["", "I", "II", "III"]


def annex_xlsx(decision, awards: QuerySet) -> bytes:
    """A decision's annex, ready to print. constant_memory writes row by row to a temporary
    file, so a 20,000-row annex takes no more memory than a 20-row one."""
    output = io.BytesIO()
    options = {"in_memory": False, "constant_memory": True}
    with xlsxwriter.Workbook(output, options) as workbook:
        sheet = workbook.add_worksheet("Danh sách")
        title = workbook.add_format({"bold": True, "font_size": 13})
        header = workbook.add_format(
            {"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True}
        )
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        money = workbook.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
        section = workbook.add_format({"bold": True, "border": 1})
        sheet.write(0, 0, "DANH SÁCH KHEN THƯỞNG", title)
        sheet.write(
            1, 0,
            f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} "
            f"của {decision.issuer_name})",
        )  # fmt: skip
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 4, 30)
        sheet.set_column(5, 5, 7)
        sheet.set_column(6, 6, 45)
        sheet.set_column(7, 7, 14)
        sheet.freeze_panes(4, 0)
        sheet.repeat_rows(3)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.write_row(3, 0, ANNEX_COLUMNS, header)
        # Grouped by kind under roman headings, numbered again in each, as offices lay annexes
        # out ("I. Tập thể", "II. Cá nhân"): the import reads the kind back from them.
        rows = (
            awards.recipient_kinds()
            .alias(
                kind_order=Case(
                    *(When(recipient_kind=k, then=n) for n, k in enumerate(ANNEX_KINDS)),
                    default=0,
                )
            )
            .order_by("kind_order", *awards.query.order_by)
            .values_list(
                "recipient_kind", "recipient_address", "recipient_name", "recipient_position",
                "recipient_unit_name", "title__name", "year", "citation", "amount",
            )
            .iterator(chunk_size=2000)
        )  # fmt: skip
        line, number, kind_now, headings = 3, 0, None, 0
        for kind, address, name, position, unit, title_name, year, citation, amount in rows:
            name = f"{address} {name}" if address else name  # "Đại tá Lê Văn Tiến", as printed
            line += 1
            if kind != kind_now:
                kind_now, number, headings = kind, 0, headings + 1
                heading = f"{ROMAN[headings]}. {KIND_WORDS[kind]}"
                sheet.merge_range(line, 0, line, len(ANNEX_COLUMNS) - 1, heading, section)
                line += 1
            number += 1
            sheet.write_number(line, 0, number, cell)
            for column, text in enumerate((name, position, unit, title_name), start=1):
                sheet.write_string(line, column, text, cell)
            sheet.write_number(line, 5, year, cell)
            sheet.write_string(line, 6, citation, cell)
            if amount is None:
                sheet.write_blank(line, 7, None, money)
            else:
                sheet.write_number(line, 7, amount, money)
    return output.getvalue()


TEMPLATE_COLUMNS = [
    ("STT", 5, ""),
    ("Họ và tên / Tên tập thể", 30, "Tên tập thể, họ tên cá nhân hoặc chủ hộ; không ghi Ông, Bà"),
    ("Loại", 12, "Tập thể, Cá nhân hoặc Hộ gia đình"),
    ("Tên gọi (Ông/Bà/Chức danh)", 12, "Ông, Bà, Đại tá… (cá nhân)"),
    ("Chức vụ", 20, "của cá nhân"),
    ("Đơn vị công tác", 30, "của cá nhân; thôn, bản của hộ gia đình"),
    ("Xã/Phường", 18, "xã, phường, đặc khu"),
    ("Danh hiệu / Hình thức khen thưởng", 30, "đúng tên trong danh mục"),
    ("Năm", 7, "năm thi đua"),
    ("Thành tích", 40, ""),
    ("Số tiền (đồng)", 14, ""),
]
TEMPLATE_EXAMPLES = [
    [1, "Trường Tiểu học Đồng Rui", "Tập thể", "", "", "", "Đồng Rui",
     "Tập thể lao động tiên tiến", 2024, "Hoàn thành xuất sắc nhiệm vụ năm học", ""],
    [2, "Nguyễn Thị Hoa", "Cá nhân", "Bà", "Giáo viên", "Trường Tiểu học Đồng Rui", "Đồng Rui",
     "Lao động tiên tiến", 2024, "", ""],
    [3, "Hoàng Văn Sáu", "Hộ gia đình", "", "", "Thôn Khe Tiền", "Đồng Rui",
     "Gia đình văn hóa", 2024, "", ""],
]  # fmt: skip


def annex_template_xlsx() -> bytes:
    """The blank annex to fill in ("Mẫu danh sách kèm theo"): our columns, a line of column
    numbers, and a second sheet with one example of each kind of recipient."""
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        title = workbook.add_format({"bold": True, "font_size": 13, "align": "center"})
        header = workbook.add_format(
            {"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        )  # fmt: skip
        note = workbook.add_format({"italic": True, "font_color": "#555555", "text_wrap": True})
        for name, rows in (("Danh sách", []), ("Ví dụ", TEMPLATE_EXAMPLES)):
            sheet = workbook.add_worksheet(name)
            last = len(TEMPLATE_COLUMNS) - 1
            sheet.merge_range(0, 0, 0, last, "DANH SÁCH KHEN THƯỞNG", title)
            sheet.merge_range(
                1, 0, 1, last, "(Kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của …)", note
            )
            for column, (text, width, hint) in enumerate(TEMPLATE_COLUMNS):
                sheet.set_column(column, column, width)
                sheet.write(3, column, text, header)
                sheet.write(4, column, f"({column + 1})", header)
                if hint:
                    sheet.write_comment(3, column, hint)
            sheet.data_validation(
                5, 2, 5000, 2,
                {"validate": "list", "source": list(KIND_WORDS.values())},
            )  # fmt: skip
            for line, row in enumerate(rows, start=5):
                sheet.write_row(line, 0, row)
            sheet.freeze_panes(5, 0)
    return output.getvalue()


def start_export(job) -> None:
    """Run `job` in a thread of this process once the request's transaction commits.

    A worker restart loses the thread, not the job: `manage.py run_exports` finishes any job
    still waiting, and can be run by cron instead where threads are unwelcome.
    """
    thread = Thread(target=_run_in_thread, args=[job.pk], daemon=True)
    transaction.on_commit(thread.start)


def _run_in_thread(job_id: int) -> None:
    try:
        run_export(job_id)
    finally:
        # The thread's own connection, which Django would otherwise keep open. (Tests run the
        # "thread" in the caller's: that one stays.)
        if current_thread() is not main_thread():
            connection.close()


def run_export(job_id: int) -> None:
    from awards.models import EmulationCluster, ExportJob  # models' neighbours import exports
    from awards.summaries import summarise
    from units.models import Commune

    job = ExportJob.objects.get(pk=job_id)
    try:
        job.status = ExportJob.Status.RUNNING
        job.save(update_fields=["status"])
        job.advance(10, _("Counting the year's awards"))
        parameters = job.parameters
        summary = summarise(
            parameters["year"],
            commune=Commune.objects.filter(pk=parameters.get("commune")).first(),
            cluster=EmulationCluster.objects.filter(pk=parameters.get("cluster")).first(),
        )
        job.advance(40, _("Laying out the pages"))
        content = pdf("awards/print/summary.html", {"summary": summary})
        job.advance(90, _("Saving the file"))
        job.file.save(f"summary-{summary.year}.pdf", ContentFile(content), save=False)
        job.status, job.progress, job.step = ExportJob.Status.DONE, 100, ""
    except Exception as error:  # the requester sees what went wrong instead of a hung page
        job.status, job.error = ExportJob.Status.FAILED, str(error)
        raise
    finally:
        job.finished_at = timezone.now()
        job.save()
