"""The blank annex an office fills in to import ("Mẫu danh sách kèm theo"), and the words
for each kind of recipient that the annexes we write, and read back, use."""

import io

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Each kind of recipient as the annexes we write, and read back, name it.
KIND_WORDS = {"collectives": "Tập thể", "individuals": "Cá nhân", "households": "Hộ gia đình"}

TEMPLATE_COLUMNS = [
    ("STT", 5, ""),
    ("Họ và tên / Tên tập thể", 30, "Tên tập thể, họ tên cá nhân hoặc chủ hộ; không ghi Ông, Bà"),
    ("Loại", 12, "Tập thể, Cá nhân hoặc Hộ gia đình"),
    ("Tên gọi (Ông/Bà/Chức danh)", 12, "Ông, Bà, Đại tá… (cá nhân)"),
    ("Chức vụ", 20, "của cá nhân"),
    ("Đơn vị công tác", 30, "của cá nhân; thôn, bản của hộ gia đình"),
    ("Xã/Phường", 18, "xã, phường, đặc khu"),
    ("Danh hiệu / Hình thức khen thưởng", 30, "đúng tên trong danh mục"),
    ("Năm", 7, "năm thi đua"),
    ("Thành tích", 40, ""),
    ("Số tiền (đồng)", 14, ""),
]
TEMPLATE_EXAMPLES = [
    [1, "Trường Tiểu học Đồng Rui", "Tập thể", "", "", "", "Đồng Rui",
     "Tập thể lao động tiên tiến", 2024, "Hoàn thành xuất sắc nhiệm vụ năm học", ""],
    [2, "Nguyễn Thị Hoa", "Cá nhân", "Bà", "Giáo viên", "Trường Tiểu học Đồng Rui", "Đồng Rui",
     "Lao động tiên tiến", 2024, "", ""],
    [3, "Hoàng Văn Sáu", "Hộ gia đình", "", "", "Thôn Khe Tiền", "Đồng Rui",
     "Gia đình văn hóa", 2024, "", ""],
]  # fmt: skip


def annex_template_xlsx() -> bytes:
    """The blank annex to fill in ("Mẫu danh sách kèm theo"): our columns, a line of column
    numbers, and a second sheet with one example of each kind of recipient."""
    output = io.BytesIO()
    with xlsxwriter.Workbook(output, {"in_memory": True}) as workbook:
        title = workbook.add_format({"bold": True, "font_size": 13, "align": "center"})
        header = workbook.add_format(
            {"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        )  # fmt: skip
        note = workbook.add_format({"italic": True, "font_color": "#555555", "text_wrap": True})
        for name, rows in (("Danh sách", []), ("Ví dụ", TEMPLATE_EXAMPLES)):
            sheet = workbook.add_worksheet(name)
            last = len(TEMPLATE_COLUMNS) - 1
            sheet.merge_range(0, 0, 0, last, "DANH SÁCH KHEN THƯỞNG", title)
            sheet.merge_range(
                1, 0, 1, last, "(Kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của …)", note
            )
            for column, (text, width, hint) in enumerate(TEMPLATE_COLUMNS):
                sheet.set_column(column, column, width)
                sheet.write(3, column, text, header)
                sheet.write(4, column, f"({column + 1})", header)
                if hint:
                    sheet.write_comment(3, column, hint)
            sheet.data_validation(
                5, 2, 5000, 2,
                {"validate": "list", "source": list(KIND_WORDS.values())},
            )  # fmt: skip
            for line, row in enumerate(rows, start=5):
                sheet.write_row(line, 0, row)
            sheet.freeze_panes(5, 0)
    return output.getvalue()
