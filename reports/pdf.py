"""The office's PDFs: the yearly summary, a statistical form of the circular, a decision's annex.

Laid out by an engine (settings.PDF_ENGINE): Typst (reports.pdf_typst), in a process of its own
for each document or part of one, or WeasyPrint (reports.pdf_weasyprint) from the HTML print
templates, about ten times slower, kept as a fallback and for the benchmark's comparison. Both are
A4, in DejaVu Sans (every Vietnamese letter), with the table's head repeated on each page and the
page's number at its foot.

The summary and the annex, whose tables run to thousands of rows, are laid out the engine's
PART_ROWS rows at a time, so that the memory a document takes does not grow with it (see
`_in_parts`).
"""

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from itertools import chain, groupby, islice
from operator import itemgetter
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from reports.summaries import Row

# While the pages of a long document are numbered, a sign of life every so many pages.
NUMBERING_HEARTBEAT_PAGES = 200


@dataclass
class Rendered:
    """A PDF made: its bytes, its pages, and what memory its layout took outside the worker."""

    content: bytes
    pages: int
    peak: int = 0  # the peak resident memory of the processes that laid it out, if any (bytes)


@dataclass(eq=False)
class Section:
    """A heading and the table under it in a long document; `kind` picks the table."""

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


@dataclass
class Part:
    """A part laid out, or a whole document: its PDF, and the peak resident memory of the
    process that laid it out, if not the worker's (bytes)."""

    content: bytes
    peak: int = 0


class Engine(Protocol):
    # Headings and rows laid out at once: more than a page holds (or a part that fits on one
    # page ends that page early), few enough that a part's layout stays small.
    PART_ROWS: int

    def whole(self, document: str, context: dict) -> Part:
        """A short document in one go, its pages numbered."""

    def part(
        self, document: str, context: dict, slices: list[Slice], first: bool, numbered: bool
    ) -> tuple[Part, int]:
        """A part of a long document, and the place of the first item on its last page (0
        if none); numbered when it is the whole document."""

    def numbers(self, document: str, context: dict, pages: int) -> Part:
        """As many pages as the document, blank but for their numbers."""


HEADING = object()  # the item that stands for a section's heading in the flow


def render(
    document: str,
    context: dict,
    laid_out: Callable[[int], None] | None = None,
    engine: str | None = None,
) -> Rendered:
    """The PDF of `document` ("summary", "form", "annex") from its context (see SECTIONS).

    `laid_out` is called with the pages so far after each part (a background job's progress,
    and its sign of life).
    """
    engine = import_module(f"reports.pdf_{engine or settings.PDF_ENGINE}")
    sections = SECTIONS.get(document)
    if sections is None:
        part = engine.whole(document, context)
        return Rendered(part.content, len(PdfReader(io.BytesIO(part.content)).pages), part.peak)
    return _in_parts(engine, document, context, sections(context), laid_out)


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


def _in_parts(
    engine: Engine,
    document: str,
    context: dict,
    sections: Iterable[Section],
    laid_out: Callable[[int], None] | None = None,
) -> Rendered:
    """Lay out the engine's PART_ROWS items at a time, each part a document of its own, and
    join them.

    A part keeps only its full pages: what its last page holds starts the next part. So the
    pages are those one document would have had, no half-empty page between parts, and memory
    stays flat however long the tables. A document of one part is numbered as it is laid out;
    the pages of several are numbered last, from a blank document of as many pages.
    """
    items = _flow(sections)
    writer, peak = PdfWriter(), 0
    carried: list[tuple[Section, object]] = []
    # The first part even when empty: it holds the title.
    size = engine.PART_ROWS
    while (part := carried + list(islice(items, size - len(carried)))) or not writer.pages:
        more = len(part) == size  # the flow may go on
        first = not writer.pages
        laid, last_page_starts = engine.part(
            document, context, _slices(part), first, numbered=first and not more
        )
        reader = PdfReader(io.BytesIO(laid.content))
        pages = reader.pages
        carried = []
        peak = max(peak, laid.peak)
        if first and not more:  # the whole document, numbered already: nothing to join
            if laid_out is not None:
                laid_out(len(pages))
            return Rendered(laid.content, len(pages), peak)
        if more and len(pages) > 1 and last_page_starts > 1:
            carried, pages = part[last_page_starts - 1 :], pages[:-1]
        if first:
            writer.add_metadata(reader.metadata)  # the title
        for page in pages:
            writer.add_page(page)
        if laid_out is not None:
            laid_out(len(writer.pages))
    numbers = engine.numbers(document, context, len(writer.pages))
    for done, (page, number) in enumerate(
        zip(writer.pages, PdfReader(io.BytesIO(numbers.content)).pages, strict=True), 1
    ):
        page.merge_page(number)
        page.compress_content_streams()
        if laid_out is not None and done % NUMBERING_HEARTBEAT_PAGES == 0:
            laid_out(len(writer.pages))  # a sign of life, numbering a thousand pages
    output = io.BytesIO()
    writer.write(output)
    return Rendered(output.getvalue(), len(writer.pages), max(peak, numbers.peak))


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


# The long documents, laid out in parts, and what their sections are. Their contexts: the
# summary's {"summary": YearSummary}; the annex's {"decision": Decision, "awards": the awards
# in force, ordered}. A form's is {"form": OfficialForm}.
SECTIONS = {"summary": _summary_sections, "annex": _annex_sections}
