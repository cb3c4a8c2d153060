"""The 2024 roll's layout on a phone, at a desk and printed: nothing wider than the page, no
cell squeezed to a word a line, and on paper only the roll itself.

Each case leaves a full-page screenshot for a person to look at: in SCREENSHOTS_DIR when it is
set, else in the test's tmp_path. (tests/browser/test_visitor.py checks the phone's blocks at
360 px, cell by cell; here every cell of the page is measured, by its rendered lines.)
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Whether an element is drawn: one clipped away (the visually hidden ones: Bootstrap's
# .visually-hidden clips, the phone's table head clip-paths) or inside one is not drawn where its
# box says; nor is the content of a closed <details>, which still has boxes (checkVisibility()
# knows it is skipped).
DRAWN = """const drawn = element => {
    if (!element.checkVisibility({visibilityProperty: true})) return false;
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip !== "auto" || style.clipPath !== "none") return false;
    }
    return true;
  };"""

# The drawn elements reaching past the page's width.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  DRAWN
  const described = element => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string"
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  return [...document.body.querySelectorAll("*")]
    .filter(drawn)
    .map(element => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => box.width && (box.right > width + 0.5 || box.left < -0.5))
    .map(([element, box]) => [described(element), Math.round(box.left), Math.round(box.right),
                              element.textContent.trim().slice(0, 60)]);
}""".replace("DRAWN", DRAWN)

# The award tables' cells of several words drawn a word a line. A cell's text flows are measured
# apart: its inline content, and each block in it (a decision's date below its number at a desk
# is two words on two lines, by design). A flow's lines are its text's boxes grouped by their
# vertical overlap.
ONE_WORD_A_LINE = """() => {
  DRAWN
  const lines = nodes => {
    const range = document.createRange();
    range.setStartBefore(nodes[0]);
    range.setEndAfter(nodes[nodes.length - 1]);
    const boxes = [...range.getClientRects()].filter(box => box.width > 0 && box.height > 0)
      .sort((a, b) => a.top - b.top);
    let count = 0, bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom - 2) { count += 1; bottom = box.bottom; }
      else bottom = Math.max(bottom, box.bottom);
    }
    return [range.toString().trim().split(/\\s+/).filter(Boolean).length, count,
            range.toString().trim().replace(/\\s+/g, " ")];
  };
  const flows = cell => {
    const found = [];
    let inline = [];
    for (const node of cell.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE
          && !getComputedStyle(node).display.startsWith("inline")) {
        if (inline.length) found.push(inline);
        found.push([node]);
        inline = [];
      } else inline.push(node);
    }
    if (inline.length) found.push(inline);
    return found;
  };
  const cells = [...document.querySelectorAll(".award-table tr > *")]
    .filter(cell => drawn(cell) && cell.innerText.trim());
  return {
    measured: cells.length,
    squeezed: cells.flatMap(cell => flows(cell).map(flow => [cell.className, ...lines(flow)]))
      .filter(([name, words, count]) => words > 1 && count >= words),
  };
}""".replace("DRAWN", DRAWN)


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_nothing_wider_than_the_page(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    too_wide = page.evaluate(TOO_WIDE)
    listed = "\n".join(map(str, too_wide))
    assert not too_wide, f"past the page's {width} px ([element, left, right, text]):\n{listed}"


def assert_no_cell_a_word_a_line(page: Page) -> None:
    cells = page.evaluate(ONE_WORD_A_LINE)
    assert cells["measured"], "no award cell measured"
    squeezed = "\n".join(map(str, cells["squeezed"]))
    assert not cells["squeezed"], f"a word a line ([class, words, lines, text]):\n{squeezed}"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_roll_fits_the_screen_and_wraps_no_cell_a_word_a_line(
    demo_site, page: Page, screenshots, width
):
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, language in [("", "vi"), ("/en", "en"), ("/es", "es")]:
        page.goto(f"{demo_site}{prefix}/honours/2024/")
        expect(page.locator(".award-table").first).to_be_visible()
        page.screenshot(path=screenshots / f"roll-2024-{width}-{language}.png", full_page=True)
        assert_nothing_wider_than_the_page(page)
        assert_no_cell_a_word_a_line(page)
        if width < 992:  # the phone's menu and filters unfolded (at a desk they are open)
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            page.screenshot(path=screenshots / f"roll-2024-{width}-{language}-open.png")
            assert_nothing_wider_than_the_page(page)


def test_every_public_page_fits_a_phone(demo_site, page: Page, screenshots):
    """Beyond the roll: each kind of page at 390 px (a pact's targets once spilled past it)."""
    from tests.browser.test_accessibility import public_pages

    page.set_viewport_size({"width": 390, "height": 900})
    for name, path in public_pages().items():
        page.goto(f"{demo_site}/es{path}")  # the longest words
        page.screenshot(path=screenshots / f"{name.replace(' ', '-')}-390-es.png", full_page=True)
        assert_nothing_wider_than_the_page(page)
        if page.locator(".award-table").count():
            assert_no_cell_a_word_a_line(page)


def test_the_roll_printed_is_its_awards_alone_on_the_papers_width(
    demo_site, page: Page, screenshots
):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{demo_site}/honours/2024/")
    page.emulate_media(media="print")
    page.screenshot(path=screenshots / "roll-2024-print.png", full_page=True)

    for hidden in [
        page.locator(".site-nav"),  # the site's links and search at a desk
        page.locator(".site-menu"),  # the same folded on a phone, with the languages
        page.locator(".site-bar-languages"),
        page.locator("form[role=search]"),
        page.locator(".roll-filters"),
        page.locator(".breadcrumb"),
        page.locator("a[href*='format=csv']"),  # the downloads
        page.locator("a[rel=next]"),  # the page links
    ]:
        assert hidden.count(), hidden
        for element in hidden.all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng vinh danh năm 2024")
    headings = page.locator("section[aria-labelledby^=group-] h2")
    assert headings.count() >= 2
    for heading in headings.all():
        expect(heading).to_be_visible()
    expect(page.locator(".award-table").first).to_be_visible()
    assert_nothing_wider_than_the_page(page)
    assert_no_cell_a_word_a_line(page)
