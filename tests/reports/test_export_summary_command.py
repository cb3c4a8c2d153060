import io

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command

from awards.models import Decision
from tests.makers import make_award, make_decision, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards_2024():
    published = make_decision(status=Decision.Status.PUBLISHED)
    make_award(make_person("Lê Thị Hoa"), decision=published)
    make_award(make_person("Trần Văn Minh"), decision=published)


def test_the_summary_is_written_as_xlsx(awards_2024, tmp_path):
    output = tmp_path / "summary-2024.xlsx"
    out = io.StringIO()
    call_command("export_summary", "2024", "--format", "xlsx", "--output", str(output), stdout=out)
    assert "Wrote the 2024 summary" in out.getvalue()
    sheet = openpyxl.load_workbook(output).worksheets[0]
    assert {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}["Total"] == 2


def test_the_summary_is_written_as_csv(awards_2024, tmp_path):
    output = tmp_path / "summary.csv"
    call_command("export_summary", "2024", "--format", "csv", "--output", str(output))
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh,2,0" in output.read_text("utf-8-sig")


def test_a_year_without_awards_is_refused(awards_2024, tmp_path):
    with pytest.raises(CommandError, match="No published award for 1999"):
        call_command("export_summary", "1999", "--output", str(tmp_path / "x.xlsx"))


def test_an_unwritable_path_is_refused(awards_2024, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_summary", "2024", "--output", str(tmp_path / "missing" / "x.xlsx"))


def test_a_bad_format_is_refused(awards_2024, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_summary", "2024", "--format", "doc", "--output", str(tmp_path / "x"))


def test_an_official_form_is_written_as_pdf_with_its_vietnamese_text(awards_2024, tmp_path):
    output = tmp_path / "0603-2025.pdf"
    call_command(
        "export_summary", "2025", "--form", "0603", "--format", "pdf", "--output", str(output)
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(output).pages)
    assert "Biểu số: 0603.N/BNV-TĐKT" in text
    words = " ".join(text.split())  # a label wraps within its cell
    assert "Người trực tiếp công tác, lao động, học tập, chiến đấu" in words
    assert "Trang 1 / " in text


def test_an_official_form_is_written_as_xlsx_with_its_codes_and_numbers(awards_2024, tmp_path):
    """The awards for 2024, decided on 10 January 2025: the form of reporting year 2025."""
    output = tmp_path / "0603-2025.xlsx"
    call_command(
        "export_summary", "2025", "--form", "0603", "--format", "xlsx", "--output", str(output)
    )
    sheet = openpyxl.load_workbook(output).worksheets[0]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=9, values_only=True) if row[1]}
    assert rows["01"][3:5] == (2, 2)  # total, of which certificates of merit
    assert rows["05"][2] == "Người" and rows["05"][3] == 2


def test_an_official_form_names_the_office_that_reported_that_year(awards_2024, tmp_path, settings):
    """The office in force at the year's end (a district's office ended with the district);
    the OFFICE_NAME setting only where the registry records none."""
    from awards.models import ReportingOffice

    settings.OFFICE_NAME = "Văn phòng mặc định"
    output = tmp_path / "0603-2024.xlsx"

    def reporting_unit() -> str:
        call_command(
            "export_summary", "2024", "--form", "0603", "--format", "xlsx", "--output", str(output)
        )
        cells = openpyxl.load_workbook(output).worksheets[0].iter_rows(values_only=True)
        return next(c for row in cells for c in row if str(c).startswith("Đơn vị báo cáo"))

    assert reporting_unit() == "Đơn vị báo cáo: Văn phòng mặc định"
    ReportingOffice.objects.create(name="Phòng Nội vụ huyện Tiên Yên", valid_until="2025-06-30")
    ReportingOffice.objects.create(name="Sở Nội vụ tỉnh Quảng Ninh", valid_from="2025-07-01")
    assert reporting_unit() == "Đơn vị báo cáo: Phòng Nội vụ huyện Tiên Yên"
