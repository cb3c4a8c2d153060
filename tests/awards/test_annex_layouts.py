"""Finding the annex in the lists offices really write (issue 11).

The twelve files of tests/awards/annexes/ are real lists rebuilt (SOURCES.md says from where,
and which rows each must give); the small sheets built here stand for the patterns that no
real file showed (SOURCES.md, "Not found in real material"), modelled on the real ones.
"""

import csv
import io
from pathlib import Path

import pytest

from awards import exports
from awards.imports import ImportFileError, aliases, read_table, template
from reports import spreadsheets
from tests.makers import make_award, make_decision, make_unit, upload

ANNEXES = Path(__file__).resolve().parent / "annexes"


def annex(name: str):
    path = next(ANNEXES.glob(f"{name}_*"))
    return upload(path.name, path.read_bytes())


def sheet(*lines: list) -> object:
    """A CSV of these lines: a sheet as a clerk lays it out."""
    text = io.StringIO()
    csv.writer(text).writerows(lines)
    return upload("annex.csv", text.getvalue().encode())


def names(table) -> list[str]:
    column = table.mapping["name"]
    return [" ".join(cells[column].split()) for _line, _section, cells in table.rows]


def sections(table) -> list[str]:
    return [section for _line, section, _cells in table.rows]


def block(table) -> dict:
    """The title block without its lines."""
    return {key: value for key, value in table.title_block.items() if key != "lines"}


QD_2871_COLLECTIVES = [
    "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp",
    "Công an tỉnh",
    "Đài Phát thanh và Truyền hình Quảng Bình",
    "Ủy ban nhân dân huyện Quảng Ninh",
    "Sở Tài nguyên và Môi trường",
]
QD_2871_INDIVIDUALS = [
    "Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp",
    "Đại tá Lê Văn Tiến, Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Ông Đặng Đại Bàng, Bí thư Đoàn TNCS Hồ Chí Minh tỉnh Quảng Bình",
    "Ông Nguyễn Văn Tình, Phó Chủ tịch UBND thị xã Ba Đồn",
]
TTR_2753 = [
    "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình",
    "Công an tỉnh Quảng Bình",
    "Đài Phát thanh truyền hình tỉnh Quảng Bình",
    "UBND huyện Quảng Ninh",
    "Sở Tài nguyên và Môi trường tỉnh Quảng Bình",
    "Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp tỉnh Quảng Bình",
    "Đại tá Lê Văn Tiến - Chính ủy Bộ đội Biên phòng tỉnh Quảng Bình",
    "Ông Đặng Đại Bàng, Bí thư Tỉnh đoàn tỉnh Quảng Bình",
    "Ông Nguyễn Văn Tình - Phó Chủ tịch UBND thị xã Ba Đồn",
]
TWO_KINDS = ["I. Tập thể"] * 5 + ["II. Cá nhân"] * 4
SOFTWARE_COLUMNS = {"kind": 1, "name": 2, "position": 3, "unit": 4, "title": 5}
SOFTWARE_EXTRA = {"Phân loại đối tượng": 6, "Lĩnh vực hoạt động": 7}
MAUTDKT_COLUMNS = {"address": 1, "name": 2, "position": 3, "unit": 4, "kind": 5, "title": 6}
MAUTDKT_EXTRA = {"Phân loại đối tượng": 7, "Lĩnh vực hoạt động": 8}
SO_Y_TE = [
    "Thanh tra sở Y tế", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ Dược",
    "Phòng Tổ chức cán bộ", "Phòng Nghiệp vụ Y",
    "Chi cục Dân số-Kế hoạch hóa gia đình tỉnh Quảng Bình",
    "Phòng Hành chính tổng hợp và Truyền thông giáo dục", "Phòng Dân số KHHGĐ",
    "Chi cục An toàn vệ sinh thực phẩm Quảng Bình", "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình",
    "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Tài chính", "Khoa Cận Lâm sàng",
    "Khoa Dược - Vật tư thiết bị y tế", "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình", "Khoa Mắt",
    "Khoa Nội tiết", "Phòng khám đa khoa", "Phòng Tổ chức – Hành chính",
    "Phòng Tài chính – Kế toán", "Phòng Kế hoạch – Nghiệp vụ",
    "Khoa Phòng chống bệnh truyền nhiễm", "Khoa Phòng chống HIV/AIDS",
    "Khoa Phòng chống bệnh không lây nhiễm", "Khoa Dinh dưỡng",
]  # fmt: skip


# The twelve real files ---------------------------------------------------------------------


def test_01_a_decisions_annex_in_paragraphs_is_read_from_its_text_not_its_page_one():
    table = read_table(annex("01"))

    assert table.sheet == table.sheets[-1]["name"]  # the paragraphs: its tables are not the list
    assert table.mapping == {"name": 0} and table.header_line == 0
    assert names(table) == QD_2871_COLLECTIVES + QD_2871_INDIVIDUALS
    assert sections(table) == TWO_KINDS
    # The title block names neither title nor year (its date is the decision's); the title is
    # in the decision's subject line, above it.
    assert table.title_block["lines"][0] == "DANH SÁCH"
    assert block(table) == {
        "reference": "Quyết định số: 2871 /QĐ-UBND ngày 24 tháng 10 năm 2022 "
        "của Chủ tịch UBND tỉnh",
        "title": "Bằng khen của Chủ tịch UBND tỉnh",
    }


def test_02_a_proposals_annex_is_its_last_word_table_with_sections_in_two_cells():
    table = read_table(annex("02"))

    assert table.sheet == table.sheets[-2]["name"]
    assert table.headers == ["TT", "Tập thể, cá nhân đề nghị xét khen thưởng"]
    assert table.mapping == {"name": 1} and table.extra == {}
    assert names(table) == TTR_2753
    assert sections(table) == TWO_KINDS
    assert table.title_block["lines"][0] == "DANH SÁCH"
    assert block(table) == {
        "reference": "Tờ trình số 2753/TTr-STP ngày 28/9/2022 của Sở Tư pháp Quảng Bình"
    }


def test_03_minutes_give_the_table_in_their_middle_and_nothing_of_the_text_around_it():
    table = read_table(annex("03"))

    assert table.mapping == {"name": 1}
    assert names(table) == [
        name.replace("Đặng Đại Bàng", "Đặn g Đại Bàng") for name in TTR_2753
    ]  # the slip as on the scan: for the matching to offer, not to mend here
    assert sections(table) == TWO_KINDS
    # The paragraph nearest the table names the award, and both kinds: no single kind. The
    # text and the signers' table after it (Nguyễn Văn Nghĩa, Trần Chí Tiến) are not rows.
    assert block(table) == {"title": "Bằng khen Chủ tịch UBND tỉnh"}


def test_04_the_province_softwares_workbook_keeps_its_own_columns_aside():
    table = read_table(annex("04"))

    assert table.header_line == 3
    assert table.mapping == SOFTWARE_COLUMNS
    assert table.extra == SOFTWARE_EXTRA
    assert names(table) == [
        "Phòng Phổ biến, giáo dục pháp luật Sở Tư pháp", "Công an tỉnh Quảng Bình",
        "Đài Phát thanh truyền hình tỉnh Quảng Bình", "UBND huyện Quảng Ninh",
        "Sở Tài nguyên và Môi trường tỉnh Quảng Bình", "Ông Trương Quang Sáng",
        "Đại tá Lê Văn Tiến", "Ông Đặng Đại Bàng", "Ông Nguyễn Văn Tỉnh",
    ]  # fmt: skip
    assert [cells[1] for _line, _section, cells in table.rows] == ["TAPTHE"] * 5 + ["CANHAN"] * 4
    assert table.title_block == {"lines": ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"]}


def test_05_a_filled_template_gives_its_rows_not_its_formula_only_rows():
    table = read_table(annex("05"))

    assert table.header_line == 1 and table.title_block == {}
    assert table.mapping == MAUTDKT_COLUMNS
    assert table.extra == MAUTDKT_EXTRA | {
        "Mã Phân loại khen thưởng": 17, "Mã Danh hiệu thi đua": 18,
        "Mã phân loại loại tượng": 19, "Mã Lĩnh vực hoạt động": 20,
    }  # fmt: skip
    assert names(table) == SO_Y_TE  # 25 rows; the 527 lines of lookups under them are empty
    assert [line for line, _section, _cells in table.rows] == list(range(2, 27))


def test_06_a_blank_template_is_read_from_its_sheet_of_examples():
    table = read_table(annex("06"))

    assert table.sheet == "Hướng dẫn"
    assert {each["name"]: each["hidden"] for each in table.sheets} == {
        "file nhận": False, "HTKT": True, "PLDT": True, "LVHD": True, "phan loai kt": True,
        "Hướng dẫn": False,
    }  # fmt: skip
    assert table.mapping == MAUTDKT_COLUMNS and table.extra == MAUTDKT_EXTRA
    assert names(table) == [
        "Nguyễn Anh Đại",
        "Nguyễn Anh Ba",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Hộ gia đình",
    ]
    assert [cells[1] for _line, _section, cells in table.rows][:2] == ["Ông", "Thượng tá"]


def test_07_kinds_as_codes_and_a_household_are_rows_as_written():
    table = read_table(annex("07"))

    assert table.mapping == SOFTWARE_COLUMNS and table.extra == SOFTWARE_EXTRA
    assert names(table) == [
        "UBND Tỉnh Quảng Bình", "UBND Thành phố Đồng Hới", "Trần Mạnh Hải",
        "Gia đình ông Lê Văn Hải",
    ]  # fmt: skip
    assert [cells[1] for _line, _section, cells in table.rows] == [
        "TAPTHE", "TAPTHE", "CANHAN", "HOGIADINH"
    ]  # fmt: skip


def test_08_a_collectives_template_names_its_kind_in_the_title_block():
    table = read_table(annex("08"))

    assert table.headers[4] in ("Mã danh hiệu thi đua\n(nếu có)", "Mã danh hiệu thi đua (nếu có)")
    assert table.mapping == {"name": 1}
    assert table.extra == {
        "Mã phân loại tập thể": 2, "Mã hình thức khen thưởng": 3,
        "Mã danh hiệu thi đua (nếu có)": 4,
    }  # fmt: skip
    assert names(table) == ["UBND Xã", "UBND Huyện", "UBND Tỉnh"]
    assert block(table) == {"kind": "collectives"}


def test_09_private_columns_of_individuals_are_kept_aside():
    table = read_table(annex("09"))

    assert table.mapping == {"name": 1, "position": 4, "unit": 6}
    assert table.extra == {
        "Giới tính": 2, "Ngày sinh": 3, "Tên phòng ban/ khối, tổ công tác": 5,
        "Địa chỉ / Nơi ở": 7, "Mã phân loại cán bộ": 8, "Mã hình thức khen thưởng": 9,
        "Mã danh hiệu thi đua (nếu có)": 10,
    }  # fmt: skip
    assert names(table) == ["Hoàng Văn Anh", "Trần Thị Hà"]
    assert block(table) == {}


def test_10_a_single_name_column_under_sections_of_awards_with_counts():
    table = read_table(annex("10"))

    assert table.headers == ["STT", "Tên tập thể"] and table.mapping == {"name": 1}
    assert names(table) == [
        "Nhân dân và cán bộ xã Văn Hóa", "Nhân dân và cán bộ xã Châu Hóa",
        "Nhân dân và cán bộ xã Thuận Hóa (huyện Tuyên Hóa)",
        "Nhân dân và cán bộ thị trấn Quán Hàu", "Nhân dân và cán bộ xã Võ Ninh",
        "Nhân dân và cán bộ xã An Ninh", "Nhân dân và cán bộ xã Hải Ninh (huyện Quảng Ninh)",
        "Nhân dân và cán bộ xã Châu Hóa", "Nhân dân và cán bộ xã Văn Hóa (huyện Tuyên Hóa)",
    ]  # fmt: skip
    # The count is not kept; what it counted says the kind where the words do not.
    assert (
        sections(table)
        == ["I. Danh hiệu Tập thể Lao động xuất sắc"] * 7
        + ["II. Bằng khen của Chủ tịch UBND tỉnh (tập thể)"] * 2
    )
    assert block(table) == {
        "reference": "Quyết định số 1632/QĐ-UBND ngày 22/5/2020 của UBND tỉnh",
        "year": 2019,
    }


def test_11_an_ods_list_names_its_award_and_school_year_in_the_title_block():
    table = read_table(annex("11"))

    assert table.headers == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác"]
    assert table.mapping == {"name": 1, "unit": 2}
    assert names(table) == [
        "Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)",
        "Trường Trung học cơ sở Đặng Dung (xã Quảng Điền)", "Bà Lê Thị Thu Hà",
        "ông Bùi Phước Dương", "bà Nguyễn Thị Thu Hà", "bà Trần Thị Khuyên", "bà Trương Thị Cúc",
        "bà Võ Phương Quỳnh Ngân", "ông Nguyễn Đức Hải",
    ]  # fmt: skip
    assert sections(table) == ["I. Tập thể"] * 2 + ["II. Cá nhân"] * 7
    # "TẬP THỂ, CÁ NHÂN": no single kind; "từ năm học 2020-2021 đến năm học 2024-2025": 2025.
    assert block(table) == {"title": "Bằng khen của Thủ tướng Chính phủ", "year": 2025}


def test_12_a_list_pasted_from_word_without_header_is_read_as_names():
    first = read_table(annex("12"))
    second = read_table(annex("12"), sheet="Tien Giang 2013")

    assert first.sheet == "Ben Tre 2008"
    assert [each["name"] for each in first.sheets] == ["Ben Tre 2008", "Tien Giang 2013"]
    assert (first.mapping, first.header_line, first.headers) == ({"name": 0}, 0, ["A"])
    assert names(first) == [
        "Ông Nguyễn Văn Hiếu, Giám đốc Sở Thủy sản tỉnh Bến Tre",
        "Ông Nguyễn Quang Trị, Giám đốc Sở Văn hóa - Thông tin tỉnh Bến Tre",
    ]  # the signer "Nguyễn Sinh Hùng" and "KT. THỦ TƯỚNG" are not rows
    assert block(first) == {"title": "Chiến sĩ thi đua toàn quốc"}
    assert names(second) == [
        "Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang",
        "Ông Nguyễn Văn Châu, Giám đốc Sở Khoa học và Công nghệ",
    ]
    assert block(second) == {"title": "Chiến sĩ thi đua toàn quốc", "kind": "individuals"}


def test_a_word_table_without_header_is_returned_under_its_title_block_for_mapping_by_hand():
    import docx  # built here: every real Word annex found had a header or was paragraphs

    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    head.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN XÃ ĐỒNG RUI"
    head.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("Về việc tặng Giấy khen năm 2024")
    document.add_paragraph("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN")
    rows = [["1", "Nguyễn Văn A", "Giáo viên"], ["2", "Trần Thị B", "Kế toán"]]
    annex_table = document.add_table(rows=2, cols=3)
    for cells, values in zip(annex_table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    content = io.BytesIO()
    document.save(content)

    table = read_table(upload("quyet-dinh", content.getvalue()))  # told by content, not name

    assert table.sheet == table.sheets[1]["name"]
    assert (table.mapping, table.headers) == ({}, ["A", "B", "C"])
    assert [cells for _line, _section, cells in table.rows] == rows
    assert block(table) == {"title": "Giấy khen", "kind": "individuals"}


# The registry's own files ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_registrys_annex_download_imports_back():
    decision = make_decision(number="7/QĐ-UBND")
    make_award(make_unit("Trường Tiểu học Đồng Rui"), decision=decision, citation="Xuất sắc")
    content = spreadsheets.annex_xlsx(decision, decision.awards.all())

    table = read_table(upload("annex.xlsx", content))

    assert table.headers[1] == "Họ và tên / Tên tập thể"
    assert table.mapping == {
        "name": 1, "position": 2, "unit": 3, "title": 4, "year": 5, "citation": 6, "amount": 7,
    }  # fmt: skip
    assert table.extra == {}
    assert names(table) == ["Trường Tiểu học Đồng Rui"]
    assert sections(table) == ["I. Tập thể"]
    assert table.title_block["reference"].startswith("Quyết định số 7/QĐ-UBND ngày 10/01/2025")


def test_the_blank_templates_example_sheet_imports():
    table = read_table(upload("mau.xlsx", template.annex_template_xlsx()))

    assert table.sheet == "Ví dụ"  # the blank sheet before it has no rows
    assert set(table.mapping) == {
        "name", "kind", "address", "position", "unit", "commune", "title", "year", "citation",
        "amount",
    }  # fmt: skip
    assert names(table) == ["Trường Tiểu học Đồng Rui", "Nguyễn Thị Hoa", "Hoàng Văn Sáu"]
    assert "reference" not in table.title_block  # "Quyết định số …/QĐ-… ngày …" is a blank


def test_the_public_rolls_csv_imports_back():
    row = [
        1, 2024, "Lao động tiên tiến", "Advanced Worker", "lao-dong-tien-tien", "grassroots",
        "individuals", "Nguyễn Văn Mới", "Giáo viên", "Trường Tiểu học Đồng Rui", "Đồng Rui",
        "regular", "", 3, "12/QĐ-UBND", "2025-01-10", "Ủy ban nhân dân huyện Tiên Yên",
    ]  # fmt: skip
    content = exports.csv_text([name for name, _path in exports.COLUMNS], [row])

    table = read_table(upload("roll.csv", content.encode()))

    assert table.mapping == {
        "year": 1, "title": 2, "kind": 6, "name": 7, "position": 8, "unit": 9, "commune": 10,
        "citation": 12,
    }  # fmt: skip
    assert set(table.extra) == {
        "id", "title_en", "title_slug", "level", "method", "decision_id", "decision_number",
        "decision_date", "issuer",
    }  # fmt: skip
    assert names(table) == ["Nguyễn Văn Mới"]


# One test per pattern of the issue ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title_lines", "expected"),
    [
        (
            ["DANH SÁCH TẬP THỂ ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
             "(Kèm theo Quyết định số 215/QĐ-UBND ngày 10/01/2025 của Chủ tịch UBND tỉnh)"],
            {"title": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "kind": "collectives",
             "reference": "Quyết định số 215/QĐ-UBND ngày 10/01/2025 của Chủ tịch UBND tỉnh"},
        ),
        (
            ["Danh sách cá nhân đạt danh hiệu Lao động tiên tiến năm 2024"],
            {"title": "Lao động tiên tiến", "kind": "individuals", "year": 2024},
        ),
        (
            ["DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC CÔNG NHẬN DANH HIỆU GIA ĐÌNH VĂN HÓA NĂM 2024"],
            {"title": "Gia đình văn hóa", "kind": "households", "year": 2024},
        ),
        (
            ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN",
             "Năm học 2023-2024"],
            {"title": "Giấy khen", "year": 2024},
        ),
    ],
)  # fmt: skip
def test_the_title_block_names_the_title_kind_and_year(title_lines, expected):
    table = read_table(
        sheet(
            ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["", "", "Độc lập - Tự do - Hạnh phúc"],
            *[[line] for line in title_lines],
            [],
            ["STT", "Tên tập thể", "Ghi chú"],
            ["1", "Trường Tiểu học Đồng Rui", ""],
        )
    )

    assert table.title_block["lines"] == title_lines  # not the issuer and motto above
    assert block(table) == expected


def test_a_decisions_page_one_above_the_list_is_not_its_title_block():
    table = read_table(
        sheet(
            ["QUYẾT ĐỊNH"],
            ["Về việc tặng Giấy khen của Chủ tịch UBND xã"],
            ["Căn cứ Luật Thi đua, Khen thưởng ngày 15/6/2022;"],
            ["Điều 1. Tặng Giấy khen cho 02 cá nhân và 01 tập thể năm 2024 (có danh sách)."],
            ["DANH SÁCH"],
            ["(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2025 của Chủ tịch UBND xã)"],
            ["1. Ông Nguyễn Văn A, Trưởng thôn Khe Tiền;"],
            ["2. Bà Trần Thị B, Bí thư chi bộ;"],
            ["3. Thôn Khe Tiền./."],
        )
    )

    assert table.title_block["lines"][0] == "DANH SÁCH"
    assert block(table) == {
        "reference": "Quyết định số 12/QĐ-UBND ngày 05/01/2025 của Chủ tịch UBND xã",
        "title": "Giấy khen của Chủ tịch UBND xã",
    }  # no year, no kind: those of Điều 1 are not the block's
    assert names(table) == [
        "Ông Nguyễn Văn A, Trưởng thôn Khe Tiền",
        "Bà Trần Thị B, Bí thư chi bộ",
        "Thôn Khe Tiền",
    ]


def test_a_single_name_column_list_loses_its_numbering_and_closing_punctuation():
    table = read_table(
        sheet(
            ["STT", "Tên tập thể, cá nhân"],
            ["", "1. Trường Tiểu học Đồng Rui;"],
            ["", "2) Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp,"],
            ["", "- Thôn Khe Tiền./."],
        )
    )

    assert table.mapping == {"name": 1}
    assert names(table) == [
        "Trường Tiểu học Đồng Rui", "Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp",
        "Thôn Khe Tiền",
    ]  # fmt: skip


def test_combined_and_other_systems_columns_are_recognised():
    table = read_table(
        sheet(
            ["TT", "Tên gọi (Ông/Bà/Chức danh)", "Họ và tên / Tên tập thể",
             "Chức vụ, đơn vị công tác", "Phân loại khen thưởng",
             "Danh hiệu thi đua/Hình thức khen thưởng", "Lĩnh vực hoạt động", "Ghi chú"],
            ["1", "Ông", "Nguyễn Văn A", "Trưởng thôn Khe Tiền", "CANHAN",
             "Lao động tiên tiến", "Y tế", ""],
        )
    )  # fmt: skip

    assert table.mapping == {"address": 1, "name": 2, "unit": 3, "kind": 4, "title": 5}
    assert table.extra == {"Lĩnh vực hoạt động": 6, "Ghi chú": 7}


def test_an_offices_own_column_names_extend_ours(tmp_path, settings):
    (tmp_path / "headers.toml").write_text('[fields]\nname = ["ten nguoi nhan"]\n')
    settings.IMPORT_ALIASES_DIR = str(tmp_path)
    aliases.load.cache_clear()
    try:
        table = read_table(
            sheet(["STT", "Tên người nhận", "Danh hiệu"], ["1", "Nguyễn Văn A", "Giấy khen"])
        )
    finally:
        aliases.load.cache_clear()

    assert table.mapping == {"name": 1, "title": 2}


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        # Numeral and text in one cell and in two (files 01, 11 / 02, 10 are roman; the rest
        # built here: no real list used them).
        ([["I. Tập thể"], ["II - Cá nhân"]], ["I. Tập thể", "II - Cá nhân"]),
        ([["I", "Tập thể"], ["II", "Cá nhân"]], ["I. Tập thể", "II. Cá nhân"]),
        ([["A.", "Tập thể"], ["B.", "Cá nhân"]], ["A. Tập thể", "B. Cá nhân"]),
        ([["a) Tập thể"], ["b) Cá nhân"]], ["a) Tập thể", "b) Cá nhân"]),
        ([["PHẦN I. TẬP THỂ"], ["PHẦN II. CÁ NHÂN"]], ["PHẦN I. TẬP THỂ", "PHẦN II. CÁ NHÂN"]),
        ([["Phần thứ nhất", "Tập thể"], ["Phần thứ hai", "Cá nhân"]],
         ["Phần thứ nhất. Tập thể", "Phần thứ hai. Cá nhân"]),
        ([["1.", "Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể"],
          ["2.", "Huân chương Lao động hạng Nhì: 03 cá nhân"]],
         ["1. Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
          "2. Huân chương Lao động hạng Nhì (cá nhân)"]),
        ([["1) Tập thể"], ["2) Cá nhân"]], ["1) Tập thể", "2) Cá nhân"]),
        ([["TẬP THỂ"], ["CÁ NHÂN"]], ["TẬP THỂ", "CÁ NHÂN"]),
    ],
)  # fmt: skip
def test_sections_are_read_in_every_numbering_with_their_counts(headings, expected):
    first, second = headings
    table = read_table(
        sheet(
            ["STT", "Họ và tên", "Đơn vị"],
            first,
            ["1", "Trường Tiểu học Đồng Rui", ""],
            ["2", "Thôn Khe Tiền", ""],
            second,
            ["1", "Nguyễn Văn A", "Thôn Khe Tiền"],
        )
    )

    assert names(table) == ["Trường Tiểu học Đồng Rui", "Thôn Khe Tiền", "Nguyễn Văn A"]
    assert sections(table) == [expected[0], expected[0], expected[1]]


def test_nested_sections_are_joined_outermost_first():
    table = read_table(
        sheet(
            ["STT", "Họ và tên", "Đơn vị"],
            ["I", "TẬP THỂ"],
            ["1", "Danh hiệu Tập thể lao động tiên tiến"],
            ["1", "Trường Tiểu học Đồng Rui", ""],
            ["2", "Giấy khen của Chủ tịch UBND xã"],
            ["1", "Thôn Khe Tiền", ""],
            ["II", "CÁ NHÂN"],
            ["1", "Nguyễn Văn A", "Thôn Khe Tiền"],
        )
    )

    assert sections(table) == [
        "I. TẬP THỂ › 1. Danh hiệu Tập thể lao động tiên tiến",
        "I. TẬP THỂ › 2. Giấy khen của Chủ tịch UBND xã",
        "II. CÁ NHÂN",
    ]


def test_a_numbered_item_is_a_row_and_a_numbered_heading_whose_items_restart_is_a_section():
    table = read_table(
        sheet(
            ["Danh sách khen thưởng"],
            ["1. Khối các trường học"],  # the items under it restart at 1
            ["1. Trường Tiểu học Đồng Rui;"],
            ["2. Trường Mầm non Đồng Rui;"],
            ["3. Khối 5 Trường Tiểu học Đồng Rui;"],  # carries the numbering on: an item
            ["4. Nguyễn Văn A;"],
            ["2. Các thôn"],
            ["1. Thôn Khe Tiền."],
        )
    )

    assert names(table) == [
        "Trường Tiểu học Đồng Rui", "Trường Mầm non Đồng Rui",
        "Khối 5 Trường Tiểu học Đồng Rui", "Nguyễn Văn A", "Thôn Khe Tiền",
    ]  # fmt: skip
    assert sections(table) == ["1. Khối các trường học"] * 4 + ["2. Các thôn"]


def test_bullets_are_items_of_a_list_without_header():
    # As file 12's second sheet, built here so that it runs without the XLS reader.
    table = read_table(
        sheet(
            ["Chủ tịch UBND tỉnh tặng Bằng khen cho 2 cá nhân là:"],
            ["- Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang;"],
            ["+ Ông Nguyễn Văn Châu, Giám đốc Sở Khoa học và Công nghệ;"],
            ["• Bà Trần Thị Hà."],
            ["vì đã có thành tích tiêu biểu, xuất sắc trong phong trào thi đua yêu nước."],
        )
    )

    assert (table.mapping, table.header_line) == ({"name": 0}, 0)
    assert names(table) == [
        "Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang",
        "Ông Nguyễn Văn Châu, Giám đốc Sở Khoa học và Công nghệ",
        "Bà Trần Thị Hà",
    ]
    assert block(table) == {"title": "Bằng khen", "kind": "individuals"}


def test_totals_signatures_and_notes_under_the_list_are_not_rows():
    # No real list had a totals line (SOURCES.md); the signatures are as in files 03 and 12.
    table = read_table(
        sheet(
            ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1", "Nguyễn Văn A", "Giáo viên", "Trường Tiểu học Đồng Rui"],
            ["", "Cộng: 01 cá nhân", "", ""],
            ["2", "Trần Thị B", "Chủ tịch", "Hội Phụ nữ xã"],
            ["", "Tổng cộng: 02 cá nhân", "", ""],
            ["____________"],
            ["Ghi chú: danh sách gồm 02 cá nhân."],
            ["", "", "KT. CHỦ TỊCH", ""],
            ["", "", "PHÓ CHỦ TỊCH", ""],
            ["", "", "(Đã ký)", ""],
            ["", "", "Nguyễn Sinh Hùng", ""],
        )
    )

    assert names(table) == ["Nguyễn Văn A", "Trần Thị B"]


def test_signatures_end_the_list_even_without_notes():
    table = read_table(
        sheet(
            ["STT", "Tên tập thể"],
            ["1", "Công an tỉnh"],
            ["Hội đồng đã thống nhất và biểu quyết 09/09 thành viên có mặt (100%)."],
            ["THƯ KÝ Nguyễn Văn Nghĩa", "CHỦ TOẠ Trần Chí Tiến"],
            ["Nơi nhận:"],
            ["- Sở Nội vụ;"],
        )
    )

    assert names(table) == ["Công an tỉnh"]


def test_lines_of_formulas_and_error_values_only_are_empty():
    table = read_table(
        sheet(
            ["STT", "Họ và tên", "Danh hiệu", "Mã danh hiệu"],
            ["1", "Nguyễn Văn A", "Lao động tiên tiến", "1647933042"],
            *[["", "", "", "#N/A"]] * 300,
            ["", "", "", "=VLOOKUP(C400,HTKT!$A$2:$B$300,2,0)"],
            ["2", "", "", "#REF!"],
        )
    )

    assert names(table) == ["Nguyễn Văn A"]


def test_a_sheet_of_rows_without_a_header_is_returned_for_mapping_by_hand():
    table = read_table(sheet(["a", "b", "c"], ["1", "2", "3"], ["Nguyễn Văn A", "x", "y"]))

    assert (table.mapping, table.header_line, table.headers) == ({}, 0, ["A", "B", "C"])
    assert [cells for _line, _section, cells in table.rows] == [
        ["a", "b", "c"], ["1", "2", "3"], ["Nguyễn Văn A", "x", "y"]
    ]  # fmt: skip


def test_a_sheet_with_no_rows_at_all_is_still_refused():
    with pytest.raises(ImportFileError, match="no rows under it"):
        read_table(sheet(["Họ và tên", "Danh hiệu"], ["Tổng cộng: 0"]))
    with pytest.raises(ImportFileError, match="The file is empty"):
        read_table(sheet([], [""], ["", "#N/A"]))


def test_the_sheet_is_the_first_visible_with_rows_or_the_one_asked_for():
    assert read_table(annex("04")).sheet == "DANHSACH"  # not its code list
    assert read_table(annex("05")).sheet == "file nhận"
    assert read_table(annex("05"), sheet="Hướng dẫn").sheet == "Hướng dẫn"

    with pytest.raises(ImportFileError, match=r"No rows were found on the sheet “file nhận”\."):
        read_table(annex("06"), sheet="file nhận")
    with pytest.raises(ImportFileError, match="no sheet “Bảng 9”"):
        read_table(annex("06"), sheet="Bảng 9")
