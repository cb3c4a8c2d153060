"""A visitor walks the public site in a real browser."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

# serialized_rollback: the flush after a live-server test would otherwise empty the catalogue
# that the data migration filled, for every test after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(demo_site):
    return demo_site


def test_a_visitor_finds_dong_rui_and_downloads_the_roll(site, page: Page):
    # The 2024 roll, from the list of years.
    page.goto(f"{site}/honours/")
    page.get_by_role("link", name="2024", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng vinh danh năm 2024")
    expect(page.get_by_role("heading", name="Cờ thi đua của Ủy ban nhân dân tỉnh")).to_be_visible()

    # Filtered to one commune: the address keeps the filter, other communes are gone.
    page.get_by_label("Xã", exact=True).fill("Đồng Rui")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page).to_have_url(re.compile(r"commune=%C4%90%E1%BB%93ng\+Rui"))
    communes = page.locator("tbody td:nth-child(3)").all_inner_texts()
    assert communes and {text.strip() for text in communes if text.strip()} == {"Xã Đồng Rui"}

    # A search without diacritics finds the commune; its page shows the 2024 flag.
    page.get_by_role("search").first.get_by_role("searchbox").fill("dong rui")
    page.get_by_role("search").first.get_by_role("button").click()
    page.get_by_role("link", name="Xã Đồng Rui").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Đồng Rui")
    expect(page.get_by_text("Nay thuộc")).to_be_visible()
    history = page.locator(".award-table")
    expect(history.get_by_role("cell", name="Cờ thi đua của Ủy ban nhân dân tỉnh")).to_be_visible()

    # The same page in English, then the 2024 roll downloaded as CSV.
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Award history")).to_be_visible()
    page.goto(f"{site}/en/honours/2024/?q=dong+rui")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "honours-2024.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert "Nhân dân và cán bộ xã Đồng Rui" in {row["recipient_name"] for row in rows}
    assert {row["year"] for row in rows} == {"2024"}


# The visible cells of a row: their class, top and width.
CELL_BOXES = (
    "cells => cells.filter(cell => cell.offsetParent).map(cell => "
    "[cell.className, cell.getBoundingClientRect().top, cell.getBoundingClientRect().width])"
)


@pytest.mark.parametrize("path", ["/honours/2024/", "/communes/{commune}/"])
def test_on_a_phone_each_award_is_a_block_and_nothing_wraps_a_word_a_line(site, page: Page, path):
    """At 360 px the award tables are blocks, their recipient first: no cell is squeezed to a
    word a line, and the page never scrolls sideways."""
    from units.models import Commune

    commune = Commune.objects.get(name="Đồng Rui", valid_until__isnull=False)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}{path.format(commune=commune.pk)}")
    rows = page.locator(".award-table tbody tr")
    assert rows.count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    first = rows.first.locator("td").evaluate_all(CELL_BOXES)
    # The recipient on top, then each cell a line of its own (the year beside the title).
    assert min(first, key=lambda cell: cell[1])[0] == "recipient"
    for name, _top, width in first:
        if name != "year":
            assert width >= 200, (name, width)
    # At a desk, the table as before: one line of cells a row.
    page.set_viewport_size({"width": 1366, "height": 800})
    tops = {round(top) for _name, top, _width in rows.first.locator("td").evaluate_all(CELL_BOXES)}
    assert len(tops) == 1


def test_a_roll_prints_its_awards_without_navigation_filters_or_buttons(site, page: Page):
    page.goto(f"{site}/honours/2024/")
    page.emulate_media(media="print")
    for hidden in [
        page.get_by_role("search").first,
        page.locator("header ul.nav").first,  # the site's links
        page.locator("header ul.nav").last,  # the languages
        page.get_by_role("button", name="Áp dụng"),
        page.get_by_role("link", name="CSV"),
    ]:
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng vinh danh năm 2024")
    expect(page.get_by_role("heading", name="Cờ thi đua của Ủy ban nhân dân tỉnh")).to_be_visible()
    expect(page.locator(".award-table").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Áp dụng")).to_be_visible()
