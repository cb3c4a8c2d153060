"""An editor imports a decision's annex in a real browser; a publisher publishes it."""

import pytest
from playwright.sync_api import Page, expect

from awards.models import Decision
from tests.makers import annex_xlsx, make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà", "Quốc Huy"]


def annex_with_three_bad_rows() -> bytes:
    rows = []
    for number in range(17):
        name = f"{FAMILIES[number % 7]} {GIVEN[number // 7 % 7]} {chr(ord('A') + number // 49)}"
        rows.append(
            [name.strip(), "Cá nhân", "Giáo viên", "Trường Tiểu học Đồng Rui", "Đồng Rui",
             "Lao động tiên tiến", 2024, "Hoàn thành tốt nhiệm vụ", "300.000"]
        )  # fmt: skip
    rows[5][4] = "Xã Không Tồn Tại"  # unknown commune
    rows[12][8] = "ba trăm nghìn"  # malformed amount
    rows.append(["Đinh Thị Lan", "Cá nhân", "", "", "Đồng Rui", "Lao động giỏi", 2024, "", ""])
    rows += [
        ["Lý Văn Sơn", "Cá nhân", "", "", "Đồng Rui", "Lao động tiên tiến", 2024, "", ""],
        ["Mạc Thị Tâm", "Cá nhân", "", "", "Đồng Rui", "Lao động tiên tiến", 2024, "", ""],
    ]
    return annex_xlsx(rows)


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/en/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


@pytest.fixture
def site(demo_site):
    make_member("bien-tap", "editor")
    make_member("phe-duyet", "publisher")
    return demo_site


def test_an_editor_imports_an_annex_and_a_publisher_publishes_it(site, page: Page, tmp_path):
    annex = tmp_path / "danh-sach-khen-thuong.xlsx"
    annex.write_bytes(annex_with_three_bad_rows())

    # The editor enters the decision, then uploads its annex.
    log_in(page, site, "bien-tap")
    page.goto(f"{site}/en/admin/awards/decision/add/")
    page.locator("#id_number").fill("88/QĐ-UBND")
    page.locator("#id_signed_on").fill("2025-01-15")
    page.locator("#id_subject").fill("Về việc tặng danh hiệu Lao động tiên tiến năm 2024")
    page.locator("#id_issuer_name").fill("Ủy ban nhân dân xã Đồng Rui")
    page.locator("#id_issuer_level").select_option("grassroots")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Import annex").click()
    page.get_by_label("Annex file").set_input_files(annex)
    page.get_by_role("button", name="Read the file").click()

    # The preview: three rows in error, nothing saved yet; each is corrected in turn.
    expect(page.get_by_role("link", name="17 to new recipients")).to_be_visible()
    page.get_by_role("link", name="3 in error").click()
    expect(page.get_by_text("Unknown commune “Xã Không Tồn Tại”.")).to_be_visible()
    expect(page.get_by_text("The amount “ba trăm nghìn” is not a sum in đồng.")).to_be_visible()
    expect(page.get_by_text("Unknown title or form “Lao động giỏi”.")).to_be_visible()
    assert not Decision.objects.get(number="88/QĐ-UBND").awards.exists()
    for field, value in [
        ("Commune", "Đồng Rui"),
        ("Amount (VND)", "300.000"),
        ("Title or form", "Lao động tiên tiến"),  # chosen from the catalogue
    ]:
        page.get_by_role("link", name="Correct").first.click()
        if field == "Title or form":
            page.get_by_label(field).select_option(label=value)
        else:
            page.get_by_label(field).fill(value)
        page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("link", name="0 in error")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("20 awards imported into the draft.")).to_be_visible()
    log_out(page)

    # The publisher publishes; the awards reach the public roll.
    log_in(page, site, "phe-duyet")
    page.goto(f"{site}/en/admin/awards/decision/?q=88")
    page.get_by_role("link", name="88/QĐ-UBND").click()
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is published: its awards are on the public rolls.")).to_be_visible()

    # The decision's history names both of them, and its awards as the editor imported them.
    page.get_by_role("link", name="History").click()
    own = page.locator("#change-history")
    expect(own.get_by_role("cell", name="bien-tap").first).to_be_visible()
    expect(own.get_by_role("cell", name="phe-duyet").first).to_be_visible()
    awards = page.locator("#award-history")
    lan = awards.get_by_role("row").filter(has_text="Đinh Thị Lan").first
    expect(lan).to_contain_text("bien-tap")
    log_out(page)

    page.goto(f"{site}/en/honours/2024/?q=dinh+thi+lan")
    expect(page.get_by_text("Đinh Thị Lan")).to_be_visible()
    page.goto(f"{site}/en/decisions/{Decision.objects.get(number='88/QĐ-UBND').pk}/")
    expect(page.get_by_text("Mạc Thị Tâm")).to_be_visible()
