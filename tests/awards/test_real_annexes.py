"""The twelve real annexes of tests/awards/annexes/, imported as a clerk would, end to end.

Each file is uploaded on a draft decision like the one it belongs to; where the file itself
does not say the title, the kind or the commune, the clerk sets them for all rows in the
preview, as the preview offers; then the import is confirmed and the awards are what the file
lists (SOURCES.md there says where each file comes from and what each row must read).
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from awards.models import AnnexImport, Commendation, EmulationTitle
from tests.makers import make_commune, make_decision, upload
from units.models import Household, Person, Unit

pytestmark = pytest.mark.django_db

ANNEXES = Path(__file__).parent / "annexes"

QD_2871 = [  # 01: the collectives, then the individuals, as the decision lists them
    "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp",
    "Công an tỉnh",
    "Đài Phát thanh và Truyền hình Quảng Bình",
    "Ủy ban nhân dân huyện Quảng Ninh",
    "Sở Tài nguyên và Môi trường",
    "Trương Quang Sáng",
    "Lê Văn Tiến",
    "Đặng Đại Bàng",
    "Nguyễn Văn Tình",
]
TTR_2753 = [  # 02, and 03 with its typing slip
    "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình",
    "Công an tỉnh Quảng Bình",
    "Đài Phát thanh truyền hình tỉnh Quảng Bình",
    "UBND huyện Quảng Ninh",
    "Sở Tài nguyên và Môi trường tỉnh Quảng Bình",
    "Trương Quang Sáng",
    "Lê Văn Tiến",
    "Đặng Đại Bàng",
    "Nguyễn Văn Tình",
]
ADDRESSES = ["", "", "", "", "", "Ông", "Đại tá", "Ông", "Ông"]


def preview_url(imp: AnnexImport) -> str:
    return reverse("admin:awards_decision_import_preview", args=[imp.decision_id, imp.pk])


def import_file(client, name: str, decision, year: int, **for_all_rows) -> AnnexImport:
    """Upload the file, set what it does not say for every row, and return the preview."""
    response = client.post(
        reverse("admin:awards_decision_import", args=[decision.pk]),
        {"file": upload(name, (ANNEXES / name).read_bytes()), "default_year": str(year)},
    )
    assert response.status_code == 302, response.context["form"].errors
    imp = AnnexImport.objects.latest("pk")
    if for_all_rows:
        response = client.post(preview_url(imp), {"set": "1", "rows": "all", **for_all_rows})
        assert response.status_code == 302
    return imp


def rows_of(client, imp: AnnexImport) -> list[dict]:
    return client.get(preview_url(imp)).context["report"]["rows"]


def confirm(client, imp: AnnexImport) -> list[Commendation]:
    rows = rows_of(client, imp)
    assert [(row["line"], row["errors"]) for row in rows if row["errors"]] == []
    response = client.post(preview_url(imp), {"confirm": "1"})
    assert response.status_code == 302
    assert response.url == reverse("admin:awards_decision_change", args=[imp.decision_id])
    return list(imp.decision.awards.order_by("pk"))


def slug_pk(slug: str) -> str:
    return str(EmulationTitle.objects.get(slug=slug).pk)


@pytest.fixture
def quang_binh_2022():
    return make_decision(
        number="2871/QĐ-UBND",
        signed_on=datetime.date(2022, 10, 24),
        issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Quảng Bình",
        subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
    )


def test_a_decision_in_word_with_its_annex_as_numbered_paragraphs(staff_client, quang_binh_2022):
    """01: the title only in the decision's subject; sections give the kinds; "Ông" and
    "Đại tá" are not names; "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp" is not split."""
    imp = import_file(staff_client, "01_qb_qd2871_2022_bangkhen.docx", quang_binh_2022, 2022)

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == QD_2871
    assert [award.recipient_address for award in awards] == ADDRESSES
    assert {award.title.slug for award in awards} == {"bang-khen-chu-tich-tinh"}
    assert {award.year for award in awards} == {2022}
    assert [award.recipient_kind for award in awards] == ["collectives"] * 5 + ["individuals"] * 4
    assert awards[5].recipient_position + awards[5].recipient_unit_name == (
        "Phó Giám đốc Sở Tư pháp"
    )


def test_a_proposal_in_word_with_its_annex_as_the_last_table(staff_client, quang_binh_2022):
    """02: the list's title block names no award: the clerk chooses it for all rows."""
    imp = import_file(
        staff_client,
        "02_qb_ttr2753_stp_2022_bang_cuoi.docx",
        quang_binh_2022,
        2022,
        title=slug_pk("bang-khen-chu-tich-tinh"),
    )

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == TTR_2753
    assert [award.recipient_address for award in awards] == ADDRESSES


def test_minutes_in_word_with_the_list_between_paragraphs_and_signatures(
    staff_client, quang_binh_2022
):
    """03: "Bằng khen Chủ tịch UBND tỉnh" (no "của") read as the catalogue's, and shown as
    read loosely; the signers below the table are not recipients."""
    imp = import_file(staff_client, "03_qb_bb02_stp_2022_bang_giua.docx", quang_binh_2022, 2022)
    report = staff_client.get(preview_url(imp)).context["report"]
    # The title, read loosely for every row, is said once above them.
    assert report["common_notes"] == [
        "“Bằng khen Chủ tịch UBND tỉnh” read as “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”."
    ]

    awards = confirm(staff_client, imp)

    names = [award.recipient_name for award in awards]
    assert names == [*TTR_2753[:7], "Đặn g Đại Bàng", TTR_2753[8]]
    assert not {"Nguyễn Văn Nghĩa", "Trần Chí Tiến"} & set(names)


def test_a_second_list_of_the_same_people_suggests_them_and_makes_no_silent_duplicate(
    staff_client, quang_binh_2022
):
    """01 then 04 (the same list keyed into the province's software, kinds as codes, the
    title as a code, "Nguyễn Văn Tỉnh" for "Tình"): the units written as 01 wrote them match;
    the others are offered as close to 01's."""
    confirm(
        staff_client,
        import_file(staff_client, "01_qb_qd2871_2022_bangkhen.docx", quang_binh_2022, 2022),
    )
    draft = make_decision(
        number="2900/QĐ-UBND",
        signed_on=datetime.date(2023, 11, 24),
        issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Quảng Bình",
    )
    # The next year's list, say: the same title again is another award.
    imp = import_file(staff_client, "04_qb_phanmem_danhsach_ma_2871.xlsx", draft, 2023)
    rows = rows_of(staff_client, imp)
    # Its title column holds the other software's code, which names no title: the clerk
    # chooses it.
    assert all(row["status"] == "error" for row in rows)
    staff_client.post(
        preview_url(imp), {"set": "1", "rows": "all", "title": slug_pk("bang-khen-chu-tich-tinh")}
    )
    rows = {row["values"]["name"]: row for row in rows_of(staff_client, imp)}

    assert rows["UBND huyện Quảng Ninh"]["status"] == "matched"  # UBND = Ủy ban nhân dân
    assert rows["Trương Quang Sáng"]["values"]["address"] == "Ông"
    assert rows["Lê Văn Tiến"]["values"]["address"] == "Đại tá"
    police = rows["Công an tỉnh Quảng Bình"]
    assert police["status"] == "new"
    assert [suggestion["label"] for suggestion in police["suggestions"]][:1] == ["Công an tỉnh"]
    assert rows["Nguyễn Văn Tỉnh"]["suggestions"][0]["label"] == "Nguyễn Văn Tình"
    units_before, people_before = Unit.objects.count(), Person.objects.count()
    # The clerk takes the suggestion for the police: 01's record, not a new one.
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, police["index"]])
    form = staff_client.get(row_url).context["form"]
    suggestion = police["suggestions"][0]
    assert (f"unit:{suggestion['pk']}", "Công an tỉnh (90%)") in form.fields["match"].choices
    staff_client.post(row_url, {**form.initial, "match": f"unit:{suggestion['pk']}"})
    police = next(row for row in rows_of(staff_client, imp) if row["index"] == police["index"])
    assert (police["status"], police["recipient"]) == ("matched", "Công an tỉnh")

    awards = confirm(staff_client, imp)

    assert len(awards) == 9
    assert Unit.objects.count() == units_before + 3  # the three written otherwise than in 01
    assert Person.objects.count() == people_before + 4  # their units unknown: said, not merged
    assert awards[1].unit.name == "Công an tỉnh"


def test_a_filled_template_of_other_software_with_formulas_and_hidden_sheets(staff_client):
    """05: 25 departments proposed for "Tập thể lao động tiên tiến", formula-only rows down to
    line 553 that are not rows; two departments of the same name under different parents;
    row 15 repeats row 10, which the clerk leaves out."""
    # The director of the department, an agency head, confers it (Law of 2003, Art. 80).
    draft = make_decision(
        signed_on=datetime.date(2023, 12, 20), issuer_name="Sở Y tế", issuer_level="grassroots"
    )
    imp = import_file(staff_client, "05_qb_soyte_ttldtt_mautdkt.xlsx", draft, 2023)
    rows = rows_of(staff_client, imp)
    assert len(rows) == 25
    repeated = [row for row in rows if row["errors"]]
    assert [row["line"] for row in repeated] == [16]  # row 15 of the list, under the header
    staff_client.post(
        reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, repeated[0]["index"]]),
        {**repeated[0]["values"], "skip": "on", "title": "tap-the-lao-dong-tien-tien"},
    )

    awards = confirm(staff_client, imp)

    assert len(awards) == 24
    assert {award.title.slug for award in awards} == {"tap-the-lao-dong-tien-tien"}
    # Under the centre its own row added (written with an en dash there, a hyphen here), and
    # under "Sở Y tế", which the file names only as a parent.
    plans = Unit.objects.filter(name="Phòng Kế hoạch - Tài chính")
    assert sorted(unit.parent.name for unit in plans) == [
        "Sở Y tế",
        "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình",
    ]
    assert Unit.objects.filter(name="Sở Y tế").count() == 1


def test_a_blank_template_of_other_software_reads_its_examples_sheet(staff_client):
    """06: the sheet to fill holds only formulas: the first sheet with rows is the guide's
    five examples; the bare "Bằng khen" is the decision's issuer's."""
    draft = make_decision(signed_on=datetime.date(2023, 12, 20))
    commune = make_commune("Đồng Hới")
    imp = import_file(
        staff_client, "06_mautdkt_mau_trong.xlsx", draft, 2023, commune=str(commune.pk)
    )
    assert imp.sheet == "Hướng dẫn"
    visible = [sheet["name"] for sheet in imp.sheets if not sheet["hidden"]]
    assert visible == ["file nhận", "Hướng dẫn"]

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == [
        "Nguyễn Anh Đại", "Nguyễn Anh Ba", "Sở Tư pháp", "Sở Tài chính", "Hộ gia đình",
    ]  # fmt: skip
    assert [award.recipient_address for award in awards][:2] == ["Ông", "Thượng tá"]
    assert {award.title.slug for award in awards} == {"bang-khen-chu-tich-tinh"}


def test_kinds_written_as_codes_and_a_household_named_with_ong(staff_client):
    """07: TAPTHE, CANHAN, HOGIADINH; "Gia đình ông Lê Văn Hải" keeps its "ông"."""
    draft = make_decision(signed_on=datetime.date(2022, 11, 1))
    commune = make_commune("Đồng Hới")
    imp = import_file(
        staff_client,
        "07_phanmem_nhandulieu_canhan_tapthe_hogiadinh.xlsx",
        draft,
        2022,
        title=slug_pk("bang-khen-chu-tich-tinh"),
        commune=str(commune.pk),
    )

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == [
        "UBND Tỉnh Quảng Bình", "UBND Thành phố Đồng Hới", "Trần Mạnh Hải",
        "Gia đình ông Lê Văn Hải",
    ]  # fmt: skip
    assert [award.recipient_kind for award in awards] == [
        "collectives", "collectives", "individuals", "households",
    ]  # fmt: skip
    assert Household.objects.get().head_name == "Gia đình ông Lê Văn Hải"


def test_a_list_of_collectives_named_by_its_title_block(staff_client):
    """08: "DANH SÁCH TẬP THỂ …" says the kind; the code columns are kept aside."""
    draft = make_decision(signed_on=datetime.date(2022, 11, 1))
    imp = import_file(
        staff_client,
        "08_phanmem_tapthe_ten_don_vi.xlsx",
        draft,
        2022,
        title=slug_pk("bang-khen-chu-tich-tinh"),
    )
    assert imp.title_block["kind"] == "collectives"
    assert any(header.startswith("Mã") for header in imp.extra_columns)

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == ["UBND Xã", "UBND Huyện", "UBND Tỉnh"]
    assert {award.recipient_kind for award in awards} == {"collectives"}


def test_a_list_of_individuals_with_private_columns_kept_aside(staff_client):
    """09: birth dates and home addresses are kept aside, never on an award."""
    # Lao động tiên tiến: an agency head's to confer (or a district chair's).
    draft = make_decision(signed_on=datetime.date(2022, 11, 1), issuer_level="grassroots")
    imp = import_file(
        staff_client,
        "09_phanmem_canhan_ngaysinh_gioitinh.xlsx",
        draft,
        2022,
        title=slug_pk("lao-dong-tien-tien"),
    )
    assert {"Ngày sinh", "Giới tính"} <= set(imp.extra_columns)

    awards = confirm(staff_client, imp)

    assert [award.recipient_name for award in awards] == ["Hoàng Văn Anh", "Trần Thị Hà"]
    assert Person.objects.filter(birth_date__isnull=False).count() == 0


def test_a_single_name_column_under_sections_that_name_the_titles_with_counts(staff_client):
    """10: the year from the title block ("… NĂM 2019"), the title of each section, the same
    two communes' people awarded twice: seven recipients, nine awards."""
    draft = make_decision(
        number="1632/QĐ-UBND",
        signed_on=datetime.date(2020, 5, 22),
        issuer_name="Ủy ban nhân dân tỉnh Quảng Bình",
    )
    imp = import_file(staff_client, "10_qb_qd1632_2020_ttldxs_muc_dem.xlsx", draft, 2020)
    assert imp.title_block["year"] == 2019

    awards = confirm(staff_client, imp)

    assert len(awards) == 9 and {award.year for award in awards} == {2019}
    assert [award.title.slug for award in awards] == (
        ["tap-the-lao-dong-xuat-sac"] * 7 + ["bang-khen-chu-tich-tinh"] * 2
    )
    assert len({award.unit_id for award in awards}) == 7
    assert awards[2].recipient_name == "Nhân dân và cán bộ xã Thuận Hóa"  # no "(huyện …)"


def test_a_libreoffice_sheet_of_schools_and_teachers(staff_client):
    """11 (.ods): the award and the year in the title block; "bà", "ông" in lower case."""
    draft = make_decision(
        signed_on=datetime.date(2025, 11, 10),
        issuer_name="Thủ tướng Chính phủ",
        issuer_level="state",
    )
    imp = import_file(staff_client, "11_hue_2025_bangkhen_ttg_giaoduc.ods", draft, 2025)

    awards = confirm(staff_client, imp)

    assert {award.title.slug for award in awards} == {"bang-khen-thu-tuong"}
    assert [award.recipient_name for award in awards][:4] == [
        "Trường Tiểu học Lý Thường Kiệt", "Trường Trung học cơ sở Đặng Dung", "Lê Thị Thu Hà",
        "Bùi Phước Dương",
    ]  # fmt: skip
    assert [award.recipient_address for award in awards][2:5] == ["Bà", "ông", "bà"]


def test_an_old_excel_file_of_lines_pasted_from_word_one_sheet_then_the_other(staff_client):
    """12 (.xls): no header at all, the list in column A, the title in a sentence above it;
    the second sheet is another decision's, read when the clerk picks it."""
    draft = make_decision(signed_on=datetime.date(2008, 7, 1), issuer_level="state")
    imp = import_file(staff_client, "12_cstd_toanquoc_dan_tu_word.xls", draft, 2008)
    assert imp.sheet == "Ben Tre 2008"

    awards = confirm(staff_client, imp)
    assert [award.recipient_name for award in awards] == ["Nguyễn Văn Hiếu", "Nguyễn Quang Trị"]
    assert {award.title.slug for award in awards} == {"chien-si-thi-dua-toan-quoc"}

    later = make_decision(signed_on=datetime.date(2013, 1, 20), issuer_level="state")
    imp = import_file(staff_client, "12_cstd_toanquoc_dan_tu_word.xls", later, 2013)
    staff_client.post(preview_url(imp), {"sheet": "Tien Giang 2013"})
    imp.refresh_from_db()
    assert imp.sheet == "Tien Giang 2013"

    awards = confirm(staff_client, imp)
    assert [award.recipient_name for award in awards] == ["Trần Văn Tấn", "Nguyễn Văn Châu"]
