"""The PDFs laid out by WeasyPrint from the HTML print templates (templates/reports/print/), in
the worker's own process: the engine of settings.PDF_ENGINE = "weasyprint" (see reports.pdf).

About about ten times slower than Typst (benchmarks/yearly_summary.py), and Pango's memory is the
worker's; kept as a fallback and for the benchmark's comparison.
"""

from django.template.loader import render_to_string

from reports.pdf import Part, Slice

# WeasyPrint holds about 50 KB a row, in the worker, until a part is written.
PART_ROWS = 400
TEMPLATES = {
    "summary": "reports/print/summary.html",
    "form": "reports/print/official_form.html",
    "annex": "reports/print/annex.html",
}
# The parts' pages are numbered afterwards (the long templates number them at the bottom
# centre), over a blank document of as many pages.
UNNUMBERED = "@page { @bottom-center { content: none !important } }"
# A later part starts as a page of one document would: after a page break, margins at the top of
# the page are truncated (CSS Fragmentation); at the start of a document, they are not.
CONTINUED = "body, body > :first-child { margin-top: 0 !important }"


def whole(document: str, context: dict) -> Part:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    return Part(HTML(string=render_to_string(TEMPLATES[document], context)).write_pdf())


def part(
    document: str, context: dict, slices: list[Slice], first: bool, numbered: bool
) -> tuple[Part, int]:
    """A part's pages, and the place of the first heading or row on its last page (found by
    the `data-place` the templates put on headings and rows)."""
    from weasyprint import CSS, HTML

    stylesheets = [] if numbered else [CSS(string=UNNUMBERED)]
    if not first:
        stylesheets.append(CSS(string=CONTINUED))
    context = {**context, "slices": slices, "first_part": first}
    laid = HTML(string=render_to_string(TEMPLATES[document], context)).render(
        stylesheets=stylesheets
    )
    return Part(laid.write_pdf()), _first_place_on(laid.pages[-1])


def numbers(document: str, context: dict, pages: int) -> Part:
    from weasyprint import HTML

    blank = {**context, "blank_pages": range(pages)}
    return Part(HTML(string=render_to_string(TEMPLATES[document], blank)).write_pdf())


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
