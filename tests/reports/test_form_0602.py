"""Form 0602.N/BNV-TĐKT, the state-level awards, counted cell by cell against awards counted by
hand, and drawn as the circular draws it (its layout read from a public implementation of
Circular 02/2023/TT-BNV's forms, lifephongphanmem/thiduakhenthuong,
resources/views/BaoCao/TT022023/Mau0602.blade.php)."""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from awards.models import Authority, Commendation, Decision, ReportingOffice
from reports.official import HeaderCell, official_form
from reports.pdf import render
from reports.spreadsheets import official_form_rows, official_form_xlsx
from tests.makers import make_award, make_decision, make_household, make_person, make_unit
from units.models import Person, Unit

pytestmark = pytest.mark.django_db

PUBLISHED = Decision.Status.PUBLISHED


def state_decision(number: str, signed_on=datetime.date(2025, 3, 2), **fields) -> Decision:
    fields.setdefault("status", PUBLISHED)
    return make_decision(
        number=number,
        signed_on=signed_on,
        issuer_name="Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        issuer_level="state",
        **fields,
    )


@pytest.fixture
def state_awards():
    """Nine state awards in 2025's period (1 December 2024 to 30 November 2025): five proposed
    by the province, three by a ministry, one whose decision does not say; and four that count
    nowhere (after the period, a draft, revoked, a province's own)."""
    province = state_decision(
        "100/QĐ-CTN", proposer="Ủy ban nhân dân tỉnh Quảng Ninh",
        proposer_kind=Decision.ProposerKind.PROVINCE,
    )  # fmt: skip
    ministry = state_decision(
        "200/QĐ-TTg", signed_on=datetime.date(2024, 12, 1),
        proposer="Bộ Giáo dục và Đào tạo", proposer_kind=Decision.ProposerKind.CENTRAL,
    )  # fmt: skip
    unsaid = state_decision("300/QĐ-TTg", signed_on=datetime.date(2025, 11, 30))
    Category = Person.Category
    enterprise = make_unit("Công ty Than Hà Lầm", kind=Unit.Kind.ENTERPRISE)
    make_award(enterprise, "huan-chuong-lao-dong-hang-ba", decision=province)
    make_award(
        make_person("Lê Văn Thợ", category=Category.DIRECT_WORKER),
        "huan-chuong-lao-dong-hang-ba", decision=province,
    )  # fmt: skip
    make_award(
        make_person("Trần Chủ Tịch", category=Category.PROVINCIAL_LEADER),
        "huan-chuong-lao-dong-hang-nhi", decision=province, method="contribution",
    )  # fmt: skip
    make_award(make_household("Hoàng Văn Sáu"), "bang-khen-thu-tuong", decision=province)
    make_award(
        make_person("Phạm Doanh Nhân", category=Category.ENTREPRENEUR),
        "bang-khen-thu-tuong", decision=province,
    )  # fmt: skip
    make_award(
        make_person("Vũ Thị Giáo", category=Category.OTHER_LEADER),
        "nha-giao-uu-tu", decision=ministry,
    )  # fmt: skip
    make_award(make_unit("Trường THPT Bãi Cháy"), "co-thi-dua-cua-chinh-phu", decision=ministry)
    make_award(
        make_person("Đỗ Văn Lính"), "huy-chuong-quan-ky-quyet-thang", decision=ministry,
        method="seniority",
    )  # fmt: skip
    make_award(make_person("Ngô Chiến Sĩ"), "chien-si-thi-dua-toan-quoc", decision=unsaid)
    # Counted nowhere:
    after = state_decision("400/QĐ-CTN", signed_on=datetime.date(2025, 12, 1))
    make_award(make_person("Sau Kỳ"), "huan-chuong-lao-dong-hang-ba", decision=after)
    draft = state_decision("500/QĐ-CTN", status=Decision.Status.DRAFT)
    make_award(make_person("Dự Thảo"), "huan-chuong-lao-dong-hang-ba", decision=draft)
    revoked = make_award(make_person("Thu Hồi"), "bang-khen-thu-tuong", decision=province)
    revoked.revoked_on, revoked.revocation_reason = datetime.date(2025, 6, 1), "Khai man"
    revoked.save()
    make_award(make_person("Cấp Tỉnh"), decision=make_decision(status=PUBLISHED))


# The columns, as the circular numbers them: the orders and medals, honorary titles and other
# forms one for each form conferred, each split by the recipients it may go to.
COLUMNS = [
    (1, ("Tổng số",)),
    (2, ("Các loại huân chương, huy chương", "Huân chương Lao động hạng Nhì", "Tập thể")),
    (2, ("Các loại huân chương, huy chương", "Huân chương Lao động hạng Nhì", "Cá nhân")),
    (2, ("Các loại huân chương, huy chương", "Huân chương Lao động hạng Ba", "Tập thể")),
    (2, ("Các loại huân chương, huy chương", "Huân chương Lao động hạng Ba", "Cá nhân")),
    (2, ("Các loại huân chương, huy chương", "Huy chương Quân kỳ quyết thắng", "Cá nhân")),
    (3, ("Giải thưởng Hồ Chí Minh", "Cá nhân")),
    (4, ("Giải thưởng Nhà nước", "Cá nhân")),
    (5, ("Danh hiệu vinh dự Nhà nước", "Nhà giáo ưu tú", "Cá nhân")),
    (6, ("Cờ thi đua của Chính phủ", "Tập thể")),
    (7, ("Bằng khen của Thủ tướng Chính phủ", "Tập thể")),
    (7, ("Bằng khen của Thủ tướng Chính phủ", "Cá nhân")),
    # A household's Bằng khen: not drawn by the circular, given its own column, not lost.
    (7, ("Bằng khen của Thủ tướng Chính phủ", "Hộ gia đình")),
    (8, ("Danh hiệu “Chiến sĩ thi đua toàn quốc”", "Cá nhân")),
    (9, ("Các hình thức khen thưởng khác",)),  # none conferred: the circular's empty column
]

# Every cell, counted by hand from the fixture (columns in COLUMNS' order).
CELLS = {
    "01": [9, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0],
    "02": [3, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0],  # the ministry's
    "03": [5, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0],  # the province's
    "06": [2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],  # collectives
    "07": [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],  # of which enterprises
    "08": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],  # households
    "09": [6, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0],  # individuals
    "10": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],  # provincial leaders
    "11": [0] * 15,  # department-level leaders
    "12": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],  # entrepreneurs
    "13": [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],  # other leaders
    "14": [3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0],  # direct workers and the unsaid
    "15": [7, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0],  # regular
    "16": [0] * 15,
    "17": [0] * 15,
    "18": [0] * 15,
    "19": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],  # contribution
    "20": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],  # seniority
    "21": [0] * 15,
}


def test_every_cell_of_form_0602_is_the_hand_count(state_awards):
    form = official_form("0602", 2025)
    assert [(column.number, column.headings) for column in form.columns] == COLUMNS
    assert {row.code: row.values for row in form.rows if not row.is_heading} == CELLS
    # One award's decision does not say who proposed it: the form says so.
    assert form.warnings == [
        "1 khen thưởng có quyết định chưa ghi đơn vị trình: tính trong dòng 01, không trong "
        "dòng 02-03. (1 awards whose decision does not record who proposed them: counted in "
        "line 01, not in lines 02-03.)"
    ]


def test_form_0602s_lines_and_heading_as_the_circular_draws_them(state_awards):
    form = official_form("0602", 2025)
    assert [(row.code or row.label, row.unit) for row in form.rows] == [
        ("01", ""),
        ("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", ""),
        ("02", "Bộ, ngành"), ("03", "Tỉnh, TP"),
        ("2. Chia theo đối tượng khen thưởng", ""),
        ("06", "Tập thể"), ("07", "Doanh nghiệp"), ("08", "Hộ"), ("09", "Người"),
        ("10", "Người"), ("11", "Người"), ("12", "Người"), ("13", "Người"), ("14", "Người"),
        ("3. Chia theo phương thức khen thưởng", ""),
        *((str(code), "") for code in range(15, 22)),
    ]  # fmt: skip
    top, forms, recipients = form.header
    assert top == [
        HeaderCell("Tổng số", rowspan=3),
        HeaderCell("Các loại huân chương, huy chương", colspan=5),
        HeaderCell("Giải thưởng Hồ Chí Minh", rowspan=2),
        HeaderCell("Giải thưởng Nhà nước", rowspan=2),
        HeaderCell("Danh hiệu vinh dự Nhà nước"),
        HeaderCell("Cờ thi đua của Chính phủ", rowspan=2),
        HeaderCell("Bằng khen của Thủ tướng Chính phủ", colspan=3, rowspan=2),
        HeaderCell("Danh hiệu “Chiến sĩ thi đua toàn quốc”", rowspan=2),
        HeaderCell("Các hình thức khen thưởng khác", rowspan=3),
    ]
    assert forms == [
        HeaderCell("Huân chương Lao động hạng Nhì", colspan=2),
        HeaderCell("Huân chương Lao động hạng Ba", colspan=2),
        HeaderCell("Huy chương Quân kỳ quyết thắng"),
        HeaderCell("Nhà giáo ưu tú"),
    ]
    assert [cell.text for cell in recipients] == [
        "Tập thể", "Cá nhân", "Tập thể", "Cá nhân", "Cá nhân", "Cá nhân", "Cá nhân", "Cá nhân",
        "Tập thể", "Tập thể", "Cá nhân", "Hộ gia đình", "Cá nhân",
    ]  # fmt: skip
    assert [(cell.text, cell.colspan) for cell in form.numbers] == [
        ("1", 1), ("2", 5), ("3", 1), ("4", 1), ("5", 1), ("6", 1), ("7", 3), ("8", 1), ("9", 1),
    ]  # fmt: skip


def test_a_year_without_state_awards_has_the_circulars_columns():
    form = official_form("0602", 2025)
    assert [(column.number, column.headings) for column in form.columns] == [
        (1, ("Tổng số",)),
        (2, ("Các loại huân chương, huy chương",)),
        (3, ("Giải thưởng Hồ Chí Minh", "Cá nhân")),
        (4, ("Giải thưởng Nhà nước", "Cá nhân")),
        (5, ("Danh hiệu vinh dự Nhà nước",)),
        (6, ("Cờ thi đua của Chính phủ", "Tập thể")),
        (7, ("Bằng khen của Thủ tướng Chính phủ", "Tập thể")),
        (7, ("Bằng khen của Thủ tướng Chính phủ", "Cá nhân")),
        (8, ("Danh hiệu “Chiến sĩ thi đua toàn quốc”", "Cá nhân")),
        (9, ("Các hình thức khen thưởng khác",)),
    ]
    assert all(value == 0 for row in form.rows for value in row.values) and not form.warnings


def test_form_0602_downloads_with_its_headings_merged(staff_client, state_awards):
    form = official_form("0602", 2025)
    sheet = openpyxl.load_workbook(io.BytesIO(official_form_xlsx(form))).worksheets[0]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    # Three heading lines (7-9), the numbers on line 10, the total on line 11.
    assert sheet["A7"].value == "Chỉ tiêu" and "A7:A9" in merged
    assert sheet["D7"].value == "Tổng số" and "D7:D9" in merged
    assert sheet["E7"].value == "Các loại huân chương, huy chương" and "E7:I7" in merged
    assert sheet["E8"].value == "Huân chương Lao động hạng Nhì" and "E8:F8" in merged
    assert sheet["I8"].value == "Huy chương Quân kỳ quyết thắng"
    assert (sheet["E9"].value, sheet["F9"].value) == ("Tập thể", "Cá nhân")
    assert sheet["J7"].value == "Giải thưởng Hồ Chí Minh" and "J7:J8" in merged
    assert sheet["J9"].value == "Cá nhân"
    assert sheet["E10"].value == 2 and "E10:I10" in merged
    assert [sheet.cell(11, column).value for column in range(1, 19)] == [
        "Tổng số", "01", "", *CELLS["01"]
    ]  # fmt: skip
    header = next(official_form_rows(form))
    assert (
        header[6] == "2. Các loại huân chương, huy chương / Huân chương Lao động hạng Ba / Tập thể"
    )
    page = staff_client.get(reverse("admin:reports_official_form", args=["0602"]), {"year": 2025})
    assert page.status_code == 200
    assert '<th scope="colgroup" colspan="5">Các loại huân chương, huy chương</th>' in page.text
    assert "1 khen thưởng có quyết định chưa ghi đơn vị trình" in page.text


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def test_form_0602s_pdf_is_the_form_on_a_landscape_a4(state_awards, engine):
    rendered = render("form", {"form": official_form("0602", 2025)}, engine=engine)
    pages = pypdf.PdfReader(io.BytesIO(rendered.content)).pages
    assert {(round(page.mediabox.width), round(page.mediabox.height)) for page in pages} == {
        (842, 595)
    }
    words = " ".join("\n".join(page.extract_text() for page in pages).split())
    assert words.startswith("Biểu số: 0602.N/BNV-TĐKT")
    assert "Các loại huân chương, huy chương" in words and "Huân chương Lao động hạng Nhì" in words
    # The lettered and numbered line, then line 01 and line 03 cell by cell.
    assert "A B C 1 2 3 4 5 6 7 8 9 " in words
    assert "Tổng số 01 " + " ".join(map(str, CELLS["01"])) in words
    assert "Tỉnh, TP " + " ".join(map(str, CELLS["03"])) in words
    assert "1 khen thưởng có quyết định chưa ghi đơn vị trình" in words
    assert words.endswith(f"Trang {len(pages)} / {len(pages)}")


def test_an_award_revoked_after_the_period_counts_as_the_form_first_counted_it(state_awards):
    """A form made again later says what it said when sent: an award revoked after 30
    November still counts; one revoked within the period does not."""
    fighter = Commendation.objects.get(person__full_name="Ngô Chiến Sĩ")
    fighter.revoked_on, fighter.revocation_reason = datetime.date(2025, 12, 15), "Khai man"
    fighter.save()
    assert official_form("0602", 2025).rows[0].values == CELLS["01"]
    fighter.revoked_on = datetime.date(2025, 11, 30)
    fighter.save()
    total, *_ = official_form("0602", 2025).rows[0].values
    assert total == CELLS["01"][0] - 1


def test_the_form_is_the_office_in_force_at_the_end_of_its_period():
    """The reporting period ends on 30 November; an office that starts on 1 December reports
    on the next one, though it is in force at the year's end (the summary's office)."""
    authority = Authority.objects.get(code="provincial_chair")
    ReportingOffice.objects.create(
        name="Ban Thi đua - Khen thưởng tỉnh", authority=authority,
        valid_until=datetime.date(2025, 11, 30),
    )  # fmt: skip
    ReportingOffice.objects.create(
        name="Sở Nội vụ tỉnh", authority=authority, valid_from=datetime.date(2025, 12, 1)
    )
    assert official_form("0602", 2025).reporting_unit == "Ban Thi đua - Khen thưởng tỉnh"
    assert ReportingOffice.for_year(2025) == "Sở Nội vụ tỉnh"
