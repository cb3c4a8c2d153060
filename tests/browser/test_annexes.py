"""An editor imports real annexes in a real browser: a decision's Word file, an old Excel file
whose second sheet is another decision's (tests/awards/annexes/SOURCES.md)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from awards.models import Decision
from tests.browser.test_staff import log_in
from tests.makers import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ANNEXES = Path(__file__).parent.parent / "awards" / "annexes"


def enter_decision(page: Page, site: str, number: str, signed_on: str, issuer: str, level: str):
    page.goto(f"{site}/en/admin/awards/decision/add/")
    page.locator("#id_number").fill(number)
    page.locator("#id_signed_on").fill(signed_on)
    page.locator("#id_subject").fill("Về việc khen thưởng")
    page.locator("#id_issuer_name").fill(issuer)
    page.locator("#id_issuer_level").select_option(level)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Import annex").click()


def upload(page: Page, name: str, year: str) -> None:
    page.get_by_label("Annex file").set_input_files(ANNEXES / name)
    page.get_by_label("Emulation year for rows without one").fill(year)
    page.get_by_role("button", name="Read the file").click()


@pytest.fixture
def site(catalogue):
    make_member("bien-tap", "editor")
    return catalogue


def test_an_editor_imports_a_word_decision_and_an_old_excel_file(site, page: Page, tmp_path):
    log_in(page, site, "bien-tap")

    # The decision's Word file: its annex is numbered paragraphs after page 1.
    enter_decision(
        page, site, "2871/QĐ-UBND", "2022-10-24", "Chủ tịch UBND tỉnh Quảng Bình", "province"
    )
    upload(page, "01_qb_qd2871_2022_bangkhen.docx", "2022")
    expect(page.get_by_text("Sheet “Text”:")).to_be_visible()
    expect(page.get_by_text("Above the list")).to_be_visible()
    expect(page.get_by_role("link", name="9 to new recipients")).to_be_visible()
    expect(page.get_by_role("link", name="0 in error")).to_be_visible()
    expect(page.get_by_role("cell", name="Đại tá Lê Văn Tiến", exact=False)).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=tmp_path / "word-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=tmp_path / "word-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("9 awards imported into the draft.")).to_be_visible()
    decision = Decision.objects.get(number="2871/QĐ-UBND")
    assert sorted(decision.awards.values_list("recipient_address", flat=True)) == [
        "", "", "", "", "", "Ông", "Ông", "Ông", "Đại tá",
    ]  # fmt: skip

    # An old .xls of lines pasted from Word, one sheet per decision: the second is read.
    enter_decision(page, site, "1/QĐ-TTg", "2013-01-20", "Thủ tướng Chính phủ", "state")
    upload(page, "12_cstd_toanquoc_dan_tu_word.xls", "2013")
    expect(page.get_by_text("Sheet “Ben Tre 2008”:")).to_be_visible()
    page.get_by_label("Sheet").select_option("Tien Giang 2013")
    page.get_by_role("button", name="Read this sheet instead").click()
    expect(page.get_by_text("Sheet “Tien Giang 2013”:")).to_be_visible()
    expect(page.get_by_text("Trần Văn Tấn")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("2 awards imported into the draft.")).to_be_visible()
    awards = Decision.objects.get(number="1/QĐ-TTg").awards.order_by("pk")
    assert [award.recipient_name for award in awards] == ["Trần Văn Tấn", "Nguyễn Văn Châu"]
    assert {award.title.slug for award in awards} == {"chien-si-thi-dua-toan-quoc"}
