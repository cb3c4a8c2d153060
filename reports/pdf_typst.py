"""The PDFs laid out by Typst (the `typst` package, which embeds its compiler) from the templates
in templates/reports/typst/: the engine of settings.PDF_ENGINE = "typst" (see reports.pdf).

Each document, or part of a long one, is compiled in a process of its own (reports/typst_child.py)
that gives its memory back when it ends. The templates receive their data as JSON, every word
already translated here: rows as lists, dates as the circular writes them (dd/mm/yyyy).
"""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from reports.official import HeaderCell, OfficialForm
from reports.pdf import Part, Slice

# Typst holds about 60 KB a row until a part is written, in a process of about 40 MB before it
# starts: 1,000 rows peak near 120 MB, and a 5,000-row annex takes two seconds; 400 would peak
# near 70 MB and take three (benchmarks/README.md).
PART_ROWS = 1000
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "reports" / "typst"
CHILD = Path(__file__).with_name("typst_child.py")
# Typst breaks a line only between words: a longer run of letters (a web address, a name typed
# without spaces) would leave its column, so it gets a break opportunity every so many letters.
LONGEST_WORD = 30
# A free text (a revocation's reason) kept to what a row can hold: Typst keeps a row on one
# page, and a row taller than a page would run off it.
LONGEST_TEXT = 600

logger = logging.getLogger(__name__)


class TypstFailed(RuntimeError):
    """Typst could not lay out a document; the message says so to the member of staff who
    asked for it (the details are in the log)."""


def _timeout() -> float:
    """A part takes under a second. A process stuck for half the time after which an export's
    worker counts as dead is stopped, before another worker would take the export again."""
    return settings.EXPORT_WORKER_TIMEOUT / 2


def _json(value: object) -> str:
    """Lazily translated words (a table's title), in the reader's language; anything else
    that is not JSON is a mistake, never silently text."""
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not for a Typst template")


def typeset(template: str, data: dict) -> tuple[Part, int]:
    """Compile templates/reports/typst/<template>.typ with `data`, in a process of its own;
    the PDF and the place of the first item on its last page."""
    job = {
        "template": str(TEMPLATES / f"{template}.typ"),
        "root": str(TEMPLATES),
        "fonts": settings.PDF_FONT_DIRS,
        "data": data,
    }
    try:
        done = subprocess.run(
            # -I: the child reads no PYTHON* variable, nor the project's folder as a package;
            # it inherits no secret of the worker's environment.
            [sys.executable, "-I", str(CHILD)],
            input=json.dumps(job, ensure_ascii=False, default=_json).encode(),
            capture_output=True,
            timeout=_timeout(),
            env={"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"},
        )
    except subprocess.TimeoutExpired:
        logger.error("typst %s: stopped after %.0f s", template, _timeout())
        raise TypstFailed(
            _("Laying out the pages took too long and was stopped. Try again later.")
        ) from None
    said, _newline, content = done.stdout.partition(b"\n")
    if done.returncode or not content:
        errors = done.stderr.decode(errors="replace").strip()
        logger.error("typst %s: exit %s: %s", template, done.returncode, errors)
        if done.returncode < 0:  # killed: by the system out of memory, or by an operator
            raise TypstFailed(
                _("Laying out the pages was stopped (out of memory?). Try again later.")
            )
        raise TypstFailed(
            _("The pages could not be laid out: %(error)s")
            % {"error": errors.splitlines()[-1] if errors else _("no output")}
        )
    said = json.loads(said)
    return Part(content, peak=said["peak"]), said["carry"]


def _text(text: str, longest: int | None = None) -> str:
    """A table cell's text, cut to `longest` letters if given, with a break opportunity (a
    zero-width space) in any run of letters longer than LONGEST_WORD."""
    if longest is not None and len(text) > longest:
        text = text[: longest - 1].rstrip() + "…"
    return re.sub(rf"\S{{{LONGEST_WORD}}}(?=\S)", lambda run: run.group() + "\u200b", text)


def whole(document: str, context: dict) -> Part:
    return typeset(document, DATA[document](context, [], first=True, numbered=True))[0]


def part(
    document: str, context: dict, slices: list[Slice], first: bool, numbered: bool
) -> tuple[Part, int]:
    return typeset(document, DATA[document](context, slices, first=first, numbered=numbered))


def numbers(document: str, context: dict, pages: int) -> Part:
    data = {**_page(document, "", numbered=True), "document": document, "pages": pages}
    return typeset("numbers", data)[0]


def _page(document: str, title: str, numbered: bool) -> dict:
    """What every template reads: the PDF's title, the language, the page numbers' label."""
    return {
        "title": title,
        "lang": (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0],
        "numbered": numbered,
        # The annex and the forms are the office's Vietnamese documents whatever the reader's
        # language (as their print templates); the summary speaks the reader's.
        "page_label": "{page} / {pages}" if document == "summary" else "Trang {page} / {pages}",
    }


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _signatures(signed_on: str) -> dict:
    """The words of the signature block, in the active language; `signed_on` the line of
    the place and date to fill in."""
    return {
        "prepared_by": _("Prepared by"),
        "prepared_by_note": _("signature, full name"),
        "signed_on": signed_on,
        "head_of_office": _("Head of the office"),
        "head_of_office_note": _("signature, full name, seal"),
    }


def _annex(context: dict, slices: list[Slice], first: bool, numbered: bool) -> dict:
    decision = context["decision"]
    return {
        **_page("annex", decision.number, numbered),
        "lang": "vi",
        "first_part": first,
        "heading": "DANH SÁCH KHEN THƯỞNG",
        "subtitle": f"(Kèm theo Quyết định số {decision.number} ngày "
        f"{_date(decision.signed_on)} của {decision.issuer_name})",
        "columns": ["TT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Năm"],
        "slices": [
            {
                "heading": portion.heading,
                "title": portion.section.title,
                "rows": [
                    [
                        place,
                        award["number"],
                        _text(award["recipient_name"]),
                        _text(
                            ", ".join(
                                piece
                                for piece in (
                                    award["recipient_position"],
                                    award["recipient_unit_name"],
                                )
                                if piece
                            )
                        ),
                        award["year"],
                    ]
                    for place, award in portion.rows
                ],
            }
            for portion in slices
        ],
    }


def _summary_row(kind: str, place: int, row, total) -> list:
    if kind == "figures":
        style = "part" if row.is_part else "total" if row is total else ""
        return [place, row.label, row.count, row.previous, style]
    if kind == "decisions":
        number, issuer = _text(row.number), _text(row.issuer_name)
        return [place, number, _date(row.signed_on), issuer, row.award_total]
    if kind == "revoked" and row is not None:
        reason = _text(row.revocation_reason, longest=LONGEST_TEXT)
        return [place, _text(row.recipient_name), row.title.name, _date(row.revoked_on), reason]
    return [place]  # a dash (no revoked award), or the signatures


def _summary(context: dict, slices: list[Slice], first: bool, numbered: bool) -> dict:
    summary = context["summary"]
    return {
        **_page("summary", str(summary.year), numbered),
        **_signatures("…, " + _("date") + " … / … / …"),
        "first_part": first,
        "year": summary.year,
        "office": summary.office,
        "motto": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        "heading": _("Awards for %(year)s: %(scope)s")
        % {"year": summary.year, "scope": summary.scope},
        "period": summary.period,
        "slices": [
            {
                "kind": portion.section.kind,
                "heading": portion.heading,
                "title": portion.section.title,
                "rows": [
                    _summary_row(portion.section.kind, place, row, portion.section.total)
                    for place, row in portion.rows
                ],
            }
            for portion in slices
        ],
    }


def _cell(cell: HeaderCell) -> dict:
    return {"text": cell.text, "colspan": cell.colspan, "rowspan": cell.rowspan}


def _form(context: dict, slices: list[Slice], first: bool, numbered: bool) -> dict:
    form: OfficialForm = context["form"]
    with translation.override("vi"):  # the circular's words, whatever the reader's language
        signatures = _signatures("…, ngày … tháng … năm …")
    start, end = form.period
    period = (
        f"tính đến ngày {_date(end)}"
        if form.as_of_end
        else f"từ ngày {_date(start)} đến ngày {_date(end)}"
    )
    return {
        **_page("form", f"{form.code} — {form.year}", numbered),
        "lang": "vi",
        "form_label": f"Biểu số: {form.code}",
        "regime": form.regime.header,
        "due": f"Ngày nhận báo cáo: {form.regime.due}",
        "reporting_unit": f"Đơn vị báo cáo: {form.reporting_unit}",
        "receiving_unit": "Đơn vị nhận báo cáo: Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
        "heading": form.title,
        "warnings": form.warnings,
        "period": f"Kỳ báo cáo năm {form.year} ({period})",
        "fixed": ["Chỉ tiêu", "Mã số", "Đơn vị tính"],
        "header": [[_cell(cell) for cell in line] for line in form.header],
        "numbers": [_cell(cell) for cell in form.numbers],
        "rows": [
            {
                "label": row.label,
                "code": row.code,
                "unit": row.unit,
                "values": row.values,
                "is_part": row.is_part,
                "is_heading": row.is_heading,
            }
            for row in form.rows
        ],
        **signatures,
    }


DATA = {"annex": _annex, "summary": _summary, "form": _form}
