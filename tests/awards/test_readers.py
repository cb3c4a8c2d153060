"""Reading files into sheets: the real annexes of tests/awards/annexes (see SOURCES.md there), each
format told by its content, and the hostile files of the formats read in the sandbox.

Files are built here as their programs write them, part by part where the trap is in a part.
"""

import io
import random
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from awards.imports import files
from awards.models import AnnexImport
from tests.makers import make_decision, upload

ANNEXES = Path(__file__).parent / "annexes"


def read(name: str, content: bytes | None = None) -> list[files.Sheet]:
    """The sheets of an annex of the folder, or of `content` uploaded under that name."""
    if content is None:
        content = (ANNEXES / name).read_bytes()
    return files.read_sheets(upload(name, content))


def lines(sheets: list[files.Sheet]) -> dict[str, list[list[str]]]:
    return {sheet.name: list(sheet.lines) for sheet in sheets}


def refusal(name: str, content: bytes) -> str:
    """What the user is told of a file whose sheets cannot all be read."""
    with pytest.raises(files.ImportFileError) as error:
        lines(read(name, content))
    return str(error.value)


# Word --------------------------------------------------------------------------------------


def test_a_decision_in_word_is_a_sheet_per_table_and_one_of_its_paragraphs():
    sheets = read("01_qb_qd2871_2022_bangkhen.docx")

    assert [(sheet.name, sheet.hidden) for sheet in sheets] == [
        ("Table 1", False), ("Table 2", False), ("Text", False),
    ]  # fmt: skip
    read_lines = lines(sheets)
    # The annex is written as paragraphs: the text sheet holds it, in order.
    text = read_lines["Text"]
    assert text[text.index(["DANH SÁCH"]) :][:7] == [
        ["DANH SÁCH"],
        ["(Kèm theo Quyết định số: 2871 /QĐ-UBND ngày 24 tháng 10 năm 2022"],
        ["của Chủ tịch UBND tỉnh)"],
        ["I. Tập thể"],
        ["1. Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp;"],
        ["2. Công an tỉnh;"],
        ["3. Đài Phát thanh và Truyền hình Quảng Bình;"],
    ]
    assert ["II. Cá nhân"] in text
    assert ["1. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;"] in text
    assert text[-2:] == [["4. Ông Nguyễn Văn Tình, Phó Chủ tịch UBND thị xã Ba Đồn./."], ["_" * 20]]
    # The header table is a sheet of its own, and its cells are not in the text.
    assert read_lines["Table 1"][0] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert ["TỈNH QUẢNG BÌNH"] not in text and ["Số: 2871 /QĐ-UBND"] not in text
    # The signature table: its cell's lines are one cell; the paragraphs above it, its title.
    assert read_lines["Table 2"][-1] == [
        "Nơi nhận: - Như Điều 2; - Lưu: VT, NCVX.", "CHỦ TỊCH Trần Thắng",
    ]  # fmt: skip
    assert read_lines["Table 2"][0] == ["QUYẾT ĐỊNH", ""]


def test_the_last_table_of_a_proposal_holds_the_list_under_its_title_block():
    sheets = read("02_qb_ttr2753_stp_2022_bang_cuoi.docx")

    assert [sheet.name for sheet in sheets] == ["Table 1", "Table 2", "Table 3", "Text"]
    annex = lines(sheets)["Table 3"]
    # The paragraphs between the signature table and this one, then the table.
    assert annex[:8] == [
        ["2", ""],
        ["DANH SÁCH", ""],
        ["Tập thể, cá nhân đề nghị xét khen thưởng vì đã có thành tích xuất sắc trong", ""],
        ["10 năm thực hiện Luật Phổ biến, giáo dục pháp luật", ""],
        ["(Kèm theo Tờ trình số 2753/TTr-STP ngày 28/9/2022 của Sở Tư pháp Quảng Bình)", ""],
        ["TT", "Tập thể, cá nhân đề nghị xét khen thưởng"],
        ["I", "Tập thể"],
        ["1.", "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình"],
    ]
    assert ["3.", "Đài Phát thanh truyền hình tỉnh Quảng Bình"] in annex  # its leading space
    assert annex[-1] == ["4.", "Ông Nguyễn Văn Tình - Phó Chủ tịch UBND thị xã Ba Đồn"]
    assert len(annex) == 5 + 1 + 11


def test_a_table_in_the_middle_of_minutes_ends_where_the_table_ends():
    read_lines = lines(read("03_qb_bb02_stp_2022_bang_giua.docx"))

    annex = read_lines["Table 2"]
    assert annex[-1] == ["4.", "Ông Nguyễn Văn Tình - Phó Chủ tịch UBND thị xã Ba Đồn"]
    assert ["3.", "Ông Đặn g Đại Bàng, Bí thư Tỉnh đoàn tỉnh Quảng Bình"] in annex  # as typed
    assert not any("Cuộc họp kết thúc" in line[0] for line in annex)
    # What follows the table is the title of the signature table, and in the text.
    assert read_lines["Table 3"][-1] == ["THƯ KÝ Nguyễn Văn Nghĩa", "CHỦ TOẠ Trần Chí Tiến"]
    assert ["Cuộc họp kết thúc vào hồi 16h30 cùng ngày."] in read_lines["Text"]
    assert read_lines["Text"][-1] == ["- Lưu: VT, VP."]


def word_file(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    content = io.BytesIO()
    document.save(content)
    return content.getvalue()


def test_a_word_table_reads_a_merged_cell_once_and_repeats_one_merged_down():
    def build(document) -> None:
        for number in range(1, 33):
            document.add_paragraph(f"Đoạn {number}")
        document.add_paragraph("")  # empty: not a line of the title block
        table = document.add_table(rows=4, cols=3)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "I. Tập thể"
        for column, text in enumerate(["STT", "Họ và tên", "Đơn vị"]):
            table.cell(1, column).text = text
        table.cell(2, 2).merge(table.cell(3, 2)).text = "Sở Y tế"
        table.cell(2, 1).text = "Nguyễn Văn A"
        table.cell(3, 1).paragraphs[0].text = "Trần"
        table.cell(3, 1).add_paragraph("Thị B")  # two paragraphs: one cell
        table.cell(3, 0).add_table(rows=1, cols=1).cell(0, 0).text = "bảng trong ô"
        document.add_paragraph("Sau bảng")

    sheets = read("annex.docx", word_file(build))

    assert [sheet.name for sheet in sheets] == ["Table 1", "Text"]
    table, text = lines(sheets).values()
    assert table == [
        *([f"Đoạn {number}", "", ""] for number in range(3, 33)),  # the last 30 paragraphs
        ["I. Tập thể", "", ""],
        ["STT", "Họ và tên", "Đơn vị"],
        ["", "Nguyễn Văn A", "Sở Y tế"],
        ["", "Trần Thị B", "Sở Y tế"],
    ]
    assert text[0] == ["Đoạn 1"] and text[-2:] == [[""], ["Sau bảng"]]
    assert not any("Nguyễn Văn A" in line[0] or "bảng trong ô" in line[0] for line in text)


# Excel --------------------------------------------------------------------------------------


def test_a_list_keyed_into_other_software_reads_its_codes_as_text():
    sheets = read("04_qb_phanmem_danhsach_ma_2871.xlsx")

    assert [(sheet.name, sheet.hidden) for sheet in sheets] == [
        ("DANHSACH", False), ("DANHMUC", False),
    ]  # fmt: skip
    annex = lines(sheets)["DANHSACH"]
    assert annex[0] == ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "", "", "", "", "", "", ""]
    assert annex[8] == [
        "", "CANHAN", "Ông Trương Quang Sáng", "Phó Giám đốc", "Sở Tư pháp tỉnh Quảng Bình",
        "1650360491", "1660638226", "",
    ]  # fmt: skip
    assert len(annex) == 12


def test_a_filled_template_reads_its_formulas_as_their_saved_values_and_its_hidden_sheets():
    sheets = read("05_qb_soyte_ttldtt_mautdkt.xlsx")

    assert [(sheet.name, sheet.hidden) for sheet in sheets] == [
        ("file nhận", False), ("HTKT", True), ("PLDT", True), ("LVHD", True),
        ("phan loai kt", True), ("Hướng dẫn", False),
    ]  # fmt: skip
    annex = lines(sheets)["file nhận"]
    assert annex[0][:3] == ["STT", "Tên gọi (Ông/Bà/Chức danh)", "Tên tập thể/cá nhân/hộ gia đình"]
    assert annex[1] == [
        "", "", "Thanh tra sở Y tế", "", "Sở Y tế", "Khen thưởng tập thể",
        "Tập thể lao động tiên tiến", "Cơ quan Hành chính", "Y tế", *[""] * 8,
        "TAPTHE", "1647933198", "1668477383", "0012",  # VLOOKUPs, as saved
    ]  # fmt: skip
    assert annex[14][4] == "Trung tâm Mắt - Nội tiết tỉnh Quảng Bình"  # spaces collapsed
    # The rows a template fills with lookups down to 553: their saved errors, nothing else.
    assert len(annex) == 553
    assert {tuple(line) for line in annex[26:]} == {("",) * 17 + ("#N/A",) * 4}


def test_a_blank_template_is_552_lines_of_error_values_and_no_formula():
    read_lines = lines(read("06_mautdkt_mau_trong.xlsx"))

    annex = read_lines["file nhận"]
    assert len(annex) == 553
    assert {cell for line in annex[1:] for cell in line} == {"", "#N/A"}
    assert read_lines["Hướng dẫn"][1][:7] == [
        "1", "Ông", "Nguyễn Anh Đại", "Phó Giám đốc", "Sở Tài Chính", "Khen thưởng cá nhân",
        "Bằng khen",
    ]  # fmt: skip
    assert read_lines["phan loai kt"] == [
        ["", ""], ["Khen thưởng cá nhân", "CANHAN"], ["Khen thưởng tập thể", "TAPTHE"],
        ["Khen thưởng hộ gia đình", "HOGIADINH"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "header_line", "header", "first_row"),
    [
        ("07_phanmem_nhandulieu_canhan_tapthe_hogiadinh.xlsx", 3,
         ["STT", "Phân loại khen thưởng", "Tên tập thể/cá nhân/hộ gia đình", "Chức vụ",
          "Đơn vị công tác", "Danh hiệu thi đua/Hình thức khen thưởng", "Phân loại đối tượng",
          "Lĩnh vực hoạt động"],
         ["", "TAPTHE", "UBND Tỉnh Quảng Bình", "", "", "", "", ""]),
        ("08_phanmem_tapthe_ten_don_vi.xlsx", 3,
         ["STT", "Tên đơn vị / tập thể", "Mã phân loại tập thể", "Mã hình thức khen thưởng",
          "Mã danh hiệu thi đua (nếu có)"],  # a line break in the cell
         ["", "UBND Xã", "", "", ""]),
        ("09_phanmem_canhan_ngaysinh_gioitinh.xlsx", 3,
         ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ",
          "Tên phòng ban/ khối, tổ công tác", "Tên đơn vị/tập thể công tác", "Địa chỉ / Nơi ở",
          "Mã phân loại cán bộ", "Mã hình thức khen thưởng", "Mã danh hiệu thi đua (nếu có)"],
         ["", "Hoàng Văn Anh", "NAM", "", "", "", "", "", "", "", ""]),
        ("10_qb_qd1632_2020_ttldxs_muc_dem.xlsx", 4, ["STT", "Tên tập thể"],
         ["I", "Danh hiệu Tập thể Lao động xuất sắc: 07 tập thể"]),
    ],
    ids=["07", "08", "09", "10"],
)  # fmt: skip
def test_the_other_softwares_workbooks_read_as_they_show(name, header_line, header, first_row):
    first, *others = read(name)

    annex = list(first.lines)
    assert (annex[header_line - 1], annex[header_line]) == (header, first_row)
    assert [(sheet.name, sheet.hidden) for sheet in others] == (
        [] if name.startswith("10") else [("DANHMUC", False)]
    )


def xlsx(build, **parts: str) -> bytes:
    """A workbook openpyxl writes; `parts` replace some of its parts, as other programs write."""
    from openpyxl import Workbook

    book = Workbook()
    build(book)
    content = io.BytesIO()
    book.save(content)
    if not parts:
        return content.getvalue()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(content) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            target.writestr(info, parts.pop(info.filename, None) or source.read(info))
        for name, part in parts.items():
            target.writestr(name, part)
    return rebuilt.getvalue()


def annex_book(book) -> None:
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["Họ và tên", "Danh hiệu"])
    sheet.append(["Nguyễn Văn Mới", "Lao động tiên tiến"])


def test_an_xlsm_reads_its_values_and_leaves_its_macros_alone():
    content = xlsx(annex_book)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        relationships = archive.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).replace(
        "<Default ",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
        1,
    )
    relationships = relationships.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    # A VBA project is an OLE file of compiled macros: binary, 2 MB here, and not XML.
    macros = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(1).randbytes(2 * 2**20)
    content = xlsx(
        annex_book,
        **{"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": relationships},
        **{"xl/vbaProject.bin": macros},
    )

    sheets = read("annex.xlsm", content)

    assert lines(sheets) == {
        "Danh sách": [["Họ và tên", "Danh hiệu"], ["Nguyễn Văn Mới", "Lao động tiên tiến"]]
    }


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_formula_saved_without_its_value_is_read_as_the_formula_to_be_shown():
    # As programs write them: openpyxl itself, and shared formulas ("fill down") without values.
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Đơn vị</t></is></c></row>'
        '<row r="2"><c r="A2" t="str"><f>"Nguyễn"&amp;" Văn Mới"</f><v>Nguyễn Văn Mới</v></c>'
        '<c r="B2"><f t="shared" ref="B2:B3" si="0">C2&amp;D2</f></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Trần Thị Hà</t></is></c>'
        '<c r="B3"><f t="shared" si="0"/></c></row>'
    )
    worksheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'

    sheets = read("annex.xlsx", xlsx(annex_book, **{"xl/worksheets/sheet1.xml": worksheet}))

    assert lines(sheets)["Danh sách"] == [
        ["Họ và tên", "Đơn vị"], ["Nguyễn Văn Mới", "=C2&D2"], ["Trần Thị Hà", "=C2&D2"],
    ]  # fmt: skip


def test_a_sheet_beyond_the_bounds_is_refused_when_it_is_read_and_the_others_still_read():
    def build(book) -> None:
        annex_book(book)
        notes = book.create_sheet("Ghi chú")
        notes.sheet_state = "hidden"
        notes.cell(row=2, column=101, value="ghi chú")

    first, notes = read("annex.xlsx", xlsx(build))

    assert (notes.name, notes.hidden) == ("Ghi chú", True)
    assert list(first.lines)[1] == ["Nguyễn Văn Mới", "Lao động tiên tiến"]
    with pytest.raises(files.ImportFileError, match="Line 2 has a value in column CW"):
        list(notes.lines)


def test_the_lines_of_old_callers_are_those_of_the_first_visible_sheet():
    def build(book) -> None:
        book.active.title = "Mã"
        book.active.sheet_state = "hidden"
        book.active.append(["CANHAN"])
        book.create_sheet("Danh sách").append(["Họ và tên"])

    assert list(files.read_lines(upload("annex.xlsx", xlsx(build)))) == [["Họ và tên"]]


# LibreOffice and old Excel ------------------------------------------------------------------


def test_a_libreoffice_sheet_reads_its_merged_section_cell_once_and_numbers_as_written():
    [sheet] = read("11_hue_2025_bangkhen_ttg_giaoduc.ods")

    annex = list(sheet.lines)
    assert (sheet.name, sheet.hidden) == ("Bằng khen TTg", False)
    assert annex[:6] == [
        ["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ", "", ""],
        ["(Thành tích xuất sắc trong công tác giáo dục và đào tạo từ năm học 2020-2021 đến năm "
         "học 2024-2025)", "", ""],
        ["", "", ""],
        ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác"],
        ["I. Tập thể", "", ""],
        ["1", "Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)", ""],
    ]  # fmt: skip
    assert annex[7:9] == [
        ["II. Cá nhân", "", ""], ["1", "Bà Lê Thị Thu Hà", "Hiệu trưởng Trường Mầm non Hồng Bắc"],
    ]  # fmt: skip
    assert len(annex) == 15


def test_an_old_excel_file_reads_both_its_sheets():
    read_lines = lines(read("12_cstd_toanquoc_dan_tu_word.xls"))

    assert read_lines == {
        "Ben Tre 2008": [
            ["Phong tặng danh hiệu Chiến sĩ thi đua toàn quốc cho"],
            ["1. Ông Nguyễn Văn Hiếu, Giám đốc Sở Thủy sản tỉnh Bến Tre;"],
            ["2. Ông Nguyễn Quang Trị, Giám đốc Sở Văn hóa - Thông tin tỉnh Bến Tre,"],
            ["Đã có thành tích xuất sắc tiêu biểu trong phong trào Thi đua yêu nước, góp phần vào "
             "sự nghiệp xây dựng Chủ nghĩa xã hội và bảo vệ Tổ quốc."],
            [""], ["KT. THỦ TƯỚNG"], ["Phó Thủ tướng"], ["(Đã ký)"], ["Nguyễn Sinh Hùng"],
        ],
        "Tien Giang 2013": [
            ["Phó Thủ tướng Chính phủ Nguyễn Xuân Phúc vừa ký Quyết định phong tặng danh hiệu "
             "Chiến sĩ thi đua toàn quốc cho 2 cá nhân là:"],
            ["- Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang;"],
            ["- Ông Nguyễn Văn Châu, Giám đốc Sở Khoa học và Công nghệ;"],
            ["vì đã có thành tích tiêu biểu, xuất sắc trong phong trào thi đua yêu nước, góp phần "
             "vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc."],
        ],
    }  # fmt: skip


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
)


def ods(rows: str, doctype: str = "") -> bytes:
    """A LibreOffice spreadsheet of one sheet of these rows (table:table-row elements)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content '
        f'{ODS_NAMESPACES} office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Danh sách">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return odf_zip({"content.xml": content.encode()})


def odf_zip(parts: dict, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet"):
    """An OpenDocument file: its mimetype first, its manifest, and these parts."""
    return zip_of({"mimetype": mimetype.encode(), "META-INF/manifest.xml": MANIFEST.encode(),
                   **parts})  # fmt: skip


def zip_of(parts: dict) -> bytes:
    """A zip of these parts, each bytes or chunks of bytes (a bomb never sits whole here)."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in [part] if isinstance(part, bytes) else part:
                    member.write(chunk)
    return content.getvalue()


def cell(text: str, repeated: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeated}" '
        f'office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def empty(repeated: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeated}"/>'


def row(*cells: str, repeated: int = 1) -> str:
    content = "".join(cells)
    return f'<table:table-row table:number-rows-repeated="{repeated}">{content}</table:table-row>'


def test_a_sheet_that_starts_lower_and_further_right_keeps_its_lines_and_columns():
    # Trap: python-calamine gives the rows from the first, the columns from the first filled.
    content = ods(
        row(empty(1), repeated=2) + row(empty(2), cell("Họ và tên")) + row(empty(1), cell("1"))
    )

    assert lines(read("annex.ods", content)) == {
        "Danh sách": [["", "", ""], ["", "", ""], ["", "", "Họ và tên"], ["", "1", ""]]
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (row(cell("Họ và tên")) + row(empty(99), cell("ghi chú", 2)),
         "Line 2 has a value in column CW, beyond the first 100 columns"),
        (row(cell("Họ và tên")) + row(cell("a" * 5_001)),
         "Line 2 has a cell of more than 5,000 characters"),
    ],
    ids=["too wide", "too long"],
)  # fmt: skip
def test_the_bounds_of_a_sheet_are_those_of_an_xlsx(rows, message):
    assert message in refusal("annex.ods", ods(rows))


# Telling formats apart ---------------------------------------------------------------------


def test_a_file_is_told_by_its_content_not_its_name():
    ods_file = (ANNEXES / "11_hue_2025_bangkhen_ttg_giaoduc.ods").read_bytes()
    xls_file = (ANNEXES / "12_cstd_toanquoc_dan_tu_word.xls").read_bytes()
    word_file = (ANNEXES / "02_qb_ttr2753_stp_2022_bang_cuoi.docx").read_bytes()

    assert [sheet.name for sheet in read("annex.xlsx", ods_file)] == ["Bằng khen TTg"]
    assert [sheet.name for sheet in read("annex.csv", xls_file)] == [
        "Ben Tre 2008", "Tien Giang 2013",
    ]  # fmt: skip
    assert [sheet.name for sheet in read("annex.xlsx", word_file)][-1] == "Text"


def test_a_csv_is_one_sheet_without_a_name():
    [sheet] = read("annex.csv", "Họ và tên;Danh hiệu\nNguyễn Văn Mới;Lao động tiên tiến\n".encode())

    assert (sheet.name, sheet.hidden) == ("", False)
    assert list(sheet.lines) == [
        ["Họ và tên", "Danh hiệu"],
        ["Nguyễn Văn Mới", "Lao động tiên tiến"],
    ]


ACCEPTED = "Upload the annex as .xlsx, .xlsm, .xls, .ods, .csv, .docx."
# An old Word file: an OLE file (as an old Excel file is) holding a "WordDocument" stream.
OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("annex.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This is a PDF file"),
        ("annex.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ACCEPTED),
        ("annex.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", ACCEPTED),
        ("annex.html", b"<html><table><tr><td>Ho va ten</td></tr></table></html>", ACCEPTED),
        ("annex.doc", OLD_WORD, "This is an old Word document (.doc)."),
        ("annex.odt", odf_zip({"content.xml": b"<x/>"}, "application/vnd.oasis.opendocument.text"),
         ACCEPTED),
        ("annex.zip", zip_of({"annex.csv": b"a,b"}), ACCEPTED),
    ],
    ids=["pdf", "png", "jpeg", "web page", "doc", "odt", "zip"],
)  # fmt: skip
def test_a_file_the_import_does_not_read_is_told_which_ones_it_reads(name, content, message):
    assert message in refusal(name, content)


# Hostile files read in the sandbox --------------------------------------------------------


@pytest.fixture
def readers_out_of_reach(monkeypatch):
    """python-calamine and python-docx cannot be imported here: only the sandbox can read."""
    for name in ("python_calamine", "docx"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.parametrize(
    "name",
    ["02_qb_ttr2753_stp_2022_bang_cuoi.docx", "11_hue_2025_bangkhen_ttg_giaoduc.ods",
     "12_cstd_toanquoc_dan_tu_word.xls"],
)  # fmt: skip
def test_word_libreoffice_and_old_excel_files_are_read_outside_the_worker(
    readers_out_of_reach, name
):
    assert all(list(sheet.lines) for sheet in read(name))


def test_an_ods_row_repeated_a_million_times_is_refused_without_the_workers_memory(
    readers_out_of_reach,
):
    # 800 bytes, which python-calamine makes into a million rows of four cells: 500 MB (in
    # the sandbox; the worker could not even import python-calamine).
    names = "".join(cell(f"Nguyễn Văn {number}") for number in range(4))
    bomb = ods(row(names, repeated=1_000_000))
    assert len(bomb) < 1_000

    message = refusal("annex.ods", bomb)

    assert message.startswith("A sheet of the workbook has more than 100,000 lines")


@pytest.mark.parametrize("kind", ["ods", "docx"])
def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_read(kind):
    # 64 MB of spaces in 64 KB: beyond the unpacked size and the ratio of any annex.
    spaces = (b" " * 2**20 for _chunk in range(64))
    if kind == "ods":
        bomb = odf_zip({"content.xml": spaces})
    else:
        bomb = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": spaces})
    assert len(bomb) < 200_000

    assert refusal(f"annex.{kind}", bomb) == (
        "The file holds far more inside than any annex, so it was not read. Copy the annex "
        "alone into a new file and upload that."
    )


MEMORY_BOMB = ods(row(cell("Nguyễn Văn A", 200), repeated=100_000))  # 20 million cells


@pytest.mark.django_db
def test_a_reader_that_runs_out_of_memory_gets_a_plain_message_not_a_500(monkeypatch, staff_client):
    monkeypatch.setattr(files, "SANDBOX_MEMORY", 300 * 2**20)  # to fail sooner than 1 GB does
    decision = make_decision(number="12/QĐ-UBND")

    response = staff_client.post(
        reverse("admin:awards_decision_import", args=[decision.pk]),
        {"file": upload("annex.ods", MEMORY_BOMB), "default_year": "2024"},
    )

    assert response.status_code == 200
    assert "The file holds far more inside than any annex" in response.content.decode()
    assert not AnnexImport.objects.exists()


def test_a_reader_that_takes_too_long_is_stopped_with_a_plain_message(monkeypatch):
    monkeypatch.setattr(files, "SANDBOX_SECONDS", 0.1)  # a million rows take half a second

    message = refusal("annex.ods", ods(row(cell("Nguyễn Văn A", 2), repeated=1_000_000)))

    assert message.startswith("Reading the file took far longer than any annex takes")


def test_a_file_of_more_characters_than_any_annex_is_refused():
    # 100 columns of 4,000 characters, 60 lines: 24 million characters from 2 KB.
    content = ods(row(cell("a" * 4_000, 100), repeated=60))

    assert refusal("annex.ods", content).startswith(
        "The file holds more than 20,000,000 characters in all"
    )


XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("kind", ["ods", "docx"])
def test_an_external_entity_is_not_read_into_a_cell(kind):
    if kind == "ods":
        content = ods(row(cell("&xxe;")), doctype=XXE)
    else:
        content = word_file(lambda document: document.add_paragraph("ENTITY"))
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read("word/document.xml").decode()
        xml = xml.replace("?>", f"?>{XXE}", 1).replace(">ENTITY<", ">&xxe;<")
        content = replace_part(content, "word/document.xml", xml.encode())

    try:
        cells = [
            text for sheet in read(f"annex.{kind}", content) for x in sheet.lines for text in x
        ]
    except files.ImportFileError:
        cells = []

    assert not any("root:" in text for text in cells)


def replace_part(content: bytes, name: str, part: bytes) -> bytes:
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            target.writestr(info, part if info.filename == name else source.read(info))
    return rebuilt.getvalue()


def test_empty_cells_within_the_lines_count_against_the_files_bound():
    """A 1 KB file (a row of 99 empty cells and an "x", repeated 50,000 times) is forty
    million cells once read: refused by the child before the worker decodes any of them.
    Found by a review probing the import (it took 10.8 s and 380 MB of the worker)."""
    content = ods(row(empty(99), cell("x"), repeated=49_999))

    assert refusal("rong.ods", content).startswith("The file holds more than 2,000,000 cells")
