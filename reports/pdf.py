"""The office's PDFs (the summary, the circular's forms, a decision's annex), laid out by
WeasyPrint from the print templates."""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, groupby, islice
from operator import itemgetter

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from reports.summaries import Row


def pdf(template: str, context: dict, laid_out: Callable[[int], None] | None = None) -> bytes:
    """Render a print template to PDF (A4, page numbers, DejaVu Sans for Vietnamese).

    The summary and the annex, whose tables run to thousands of rows, are laid out in parts
    (see `_pdf_in_parts`); WeasyPrint would otherwise hold every page's boxes at once.
    `laid_out` is called with the pages so far after each part (a background job's progress).
    """
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need

    sections = LONG_TEMPLATES.get(template)
    if sections is None:
        return HTML(string=render_to_string(template, context)).write_pdf()
    return _pdf_in_parts(template, context, sections(context), laid_out)


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


def _pdf_in_parts(
    template: str,
    context: dict,
    sections: Iterable[Section],
    laid_out: Callable[[int], None] | None = None,
) -> bytes:
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
        if laid_out is not None:
            laid_out(len(writer.pages))
    blank_pages = {"blank_pages": range(len(writer.pages))}
    numbers = HTML(string=render_to_string(template, {**context, **blank_pages})).write_pdf()
    for done, (page, number) in enumerate(
        zip(writer.pages, PdfReader(io.BytesIO(numbers)).pages, strict=True), 1
    ):
        page.merge_page(number)
        page.compress_content_streams()
        if laid_out is not None and done % PART_ROWS == 0:
            laid_out(len(writer.pages))  # a sign of life, numbering a thousand pages
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
    # Last, as a row of its own: it follows the tables onto whichever page they end on.
    sections.append(Section("", "signatures", [summary]))
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
    "reports/print/summary.html": _summary_sections,
    "reports/print/annex.html": _annex_sections,
}
