"""What a review found by probing the import as a careless clerk would (each failed before)."""

import datetime
import io

import pytest

from awards import imports
from tests.makers import make_decision, upload

pytestmark = pytest.mark.django_db


def read(content: str, decision=None):
    """The lines (cells split at ";") as a sheet of a workbook, read and checked."""
    from openpyxl import Workbook

    book = Workbook()
    for line in content.splitlines():
        book.active.append(line.split(";"))
    xlsx = io.BytesIO()
    book.save(xlsx)
    decision = decision or make_decision(signed_on=datetime.date(2025, 1, 10))
    imp = imports.read_import(upload("danh-sach.xlsx", xlsx.getvalue()), decision, 2024, None)
    return imp, imports.check(imp)


def test_totals_counts_and_the_place_and_date_line_are_not_recipients():
    _imp, report = read(
        "Họ và tên;Danh hiệu\n"
        "Nguyễn Văn An;Lao động tiên tiến\n"
        "Trần Thị Bình;Lao động tiên tiến\n"
        "Tổng cộng có 2 cá nhân;\n"
        "Danh sách này có 2 cá nhân./.;\n"
        "Đồng Rui, ngày 20 tháng 12 năm 2024;\n"
        "CHỦ TỊCH;\n"
        "Lý Văn Ký;\n"
    )
    assert [row.values["name"] for row in report.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_a_title_block_naming_two_titles_gives_neither_to_every_row():
    _imp, report = read(
        "DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ VÀ LAO ĐỘNG TIÊN TIẾN NĂM 2024\n"
        "STT;Họ và tên\n1;Nguyễn Văn An\n2;Trần Thị Bình\n"
    )
    assert all(row.title is None for row in report.rows)
    assert "names several titles" in report.rows[0].errors[0]


def test_a_blank_signing_date_is_not_the_emulation_year():
    imp, report = read(
        "DANH SÁCH CÁ NHÂN ĐẠT DANH HIỆU LAO ĐỘNG TIÊN TIẾN\n"
        "Năm học 2023 - 2024\n"
        "Ngày      tháng      năm 2025\n"
        "STT;Họ và tên\n1;Nguyễn Văn An\n"
    )
    assert imp.title_block["year"] == 2024
    assert report.rows[0].year == 2024


def test_a_reference_without_parentheses_ends_with_its_line():
    imp, _report = read(
        "DANH SÁCH KHEN THƯỞNG\n"
        "Kèm theo Quyết định số 15/QĐ-UBND ngày 10/01/2025 của Chủ tịch UBND xã\n"
        "Về thành tích xuất sắc năm 2023\n"
        "STT;Họ và tên;Danh hiệu\n1;Nguyễn Văn An;Lao động tiên tiến\n"
    )
    assert imp.title_block["reference"].startswith("Quyết định số 15/QĐ-UBND")
    assert imp.title_block["year"] == 2023


@pytest.mark.parametrize(
    ("written", "address", "name"),
    [
        ("Ông Văn Tùng", "", "Ông Văn Tùng"),  # Ông is the surname: a name never starts "Văn"
        ("Ông Thị Hồng Nhung", "", "Ông Thị Hồng Nhung"),
        ("Cồ Văn Hùng", "", "Cồ Văn Hùng"),  # Cồ, a surname; Cô, a form of address
        ("Thầy giáo Nguyễn Văn Dũng", "Thầy giáo", "Nguyễn Văn Dũng"),
        ("Cô giáo Lê Thị Hoa", "Cô giáo", "Lê Thị Hoa"),
        ("Đại úy QNCN Nguyễn Văn Hải", "Đại úy QNCN", "Nguyễn Văn Hải"),
        ("Em Hoàng Văn Nam", "Em", "Hoàng Văn Nam"),
        ("Ô. Phạm Văn Cường", "Ô.", "Phạm Văn Cường"),
    ],
)
def test_forms_of_address_are_told_from_surnames(written, address, name):
    _imp, report = read(f"Họ và tên;Loại;Danh hiệu\n{written};Cá nhân;Lao động tiên tiến\n")
    row = report.rows[0]
    assert (row.values["address"], row.values["name"]) == (address, name)


def test_an_address_leaving_a_two_word_name_is_said():
    _imp, report = read("Họ và tên;Loại;Danh hiệu\nÔng Ích Khiêm;Cá nhân;Lao động tiên tiến\n")
    assert report.rows[0].values["name"] == "Ích Khiêm"
    assert "“Ông” read as a form of address, leaving the name “Ích Khiêm”." in (
        report.rows[0].notes
    )


def test_a_row_beginning_q_dot_is_a_row():
    _imp, report = read(
        "Tên tập thể;Danh hiệu\nQ. Ba Đình Hội Chữ thập đỏ;Tập thể lao động tiên tiến\n"
        "Phòng Nội vụ;Tập thể lao động tiên tiến\n"
    )
    assert len(report.rows) == 2
