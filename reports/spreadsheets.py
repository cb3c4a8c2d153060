"""The office's spreadsheets: the yearly summary, the circular's forms and a decision's annex
as workbooks (and the summary and forms as CSV rows), laid out to be printed."""

import io
from collections.abc import Iterator

import xlsxwriter
from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext as _

from awards.imports.template import KIND_WORDS
from reports.summaries import Row


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


def period_text(form) -> str:
    """The form's reporting period as it prints it: "Kỳ báo cáo năm 2024 (từ ngày 01/12/2023
    đến ngày 30/11/2024)"."""
    starts, ends = form.period
    if form.as_of_end:
        return f"Kỳ báo cáo năm {form.year} (tính đến ngày {ends:%d/%m/%Y})"
    return f"Kỳ báo cáo năm {form.year} (từ ngày {starts:%d/%m/%Y} đến ngày {ends:%d/%m/%Y})"


def official_form_rows(form) -> Iterator[list]:
    """A form as CSV rows: item, row code, unit of count, then the numbered columns."""
    yield [
        "Chỉ tiêu",
        "Mã số",
        "Đơn vị tính",
        *(f"{column.number}. {column.label}" for column in form.columns),
    ]
    for row in form.rows:
        yield [row.label, row.code, row.unit, *row.values]


def _merge(sheet, line: int, column: int, rowspan: int, colspan: int, value, style) -> None:
    if rowspan == colspan == 1:
        sheet.write(line, column, value, style)
    else:
        sheet.merge_range(line, column, line + rowspan - 1, column + colspan - 1, value, style)


def _placed(lines: list, top: int) -> Iterator[tuple[int, int, object]]:
    """Each heading cell of `lines` (the first at sheet line `top`, the figures from sheet
    column 3) with the line and column it starts at: past those a cell above spans down to."""
    occupied: set[tuple[int, int]] = set()
    for line, cells in enumerate(lines, start=top):
        column = 3
        for cell in cells:
            while (line, column) in occupied:
                column += 1
            for below in range(cell.rowspan):
                for right in range(cell.colspan):
                    occupied.add((line + below, column + right))
            yield line, column, cell
            column += cell.colspan


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
        sheet.write(1, 0, form.regime.header)
        sheet.write(2, 0, f"Ngày nhận báo cáo: {form.regime.due}")
        sheet.write(0, last - 2, f"Đơn vị báo cáo: {form.reporting_unit}")
        sheet.merge_range(3, 0, 3, last, form.title.upper(), title)
        sheet.merge_range(
            4, 0, 4, last, period_text(form), workbook.add_format({"align": "center"})
        )
        lines = form.header
        first = 6 + len(lines)  # the lettered and numbered line
        for place, text in enumerate(["Chỉ tiêu", "Mã số", "Đơn vị tính"]):
            _merge(sheet, 6, place, len(lines), 1, text, header)
        for line, column, heading in _placed(lines, top=6):
            _merge(sheet, line, column, heading.rowspan, heading.colspan, heading.text, header)
        sheet.write_row(first, 0, ["A", "B", "C"], header)
        column = 3
        for number in form.numbers:
            _merge(sheet, first, column, 1, number.colspan, int(number.text), header)
            column += number.colspan
        sheet.freeze_panes(first + 1, 3)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 2, 10)
        sheet.set_column(3, last, 14)
        heading = workbook.add_format({"border": 1, "bold": True})
        for line, row in enumerate(form.rows, start=first + 1):
            if row.is_heading:
                sheet.write_string(line, 0, row.label, heading)
                for column in range(1, last + 1):
                    sheet.write_blank(line, column, None, cell)
                continue
            sheet.write_string(line, 0, row.label, part if row.is_part else cell)
            sheet.write_string(line, 1, row.code, centred)
            sheet.write_string(line, 2, row.unit, centred)
            for column, value in enumerate(row.values, start=3):
                sheet.write_number(line, column, value, cell)
        foot = first + 2 + len(form.rows)
        sheet.write(foot, 0, "Người lập biểu (Ký, họ tên)", bold)
        sheet.write(foot, last - 2, "Thủ trưởng đơn vị (Ký, họ tên, đóng dấu)", bold)
    return output.getvalue()


ANNEX_COLUMNS = ["TT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức",
                 "Năm", "Nội dung thành tích", "Số tiền (đồng)"]  # fmt: skip


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
