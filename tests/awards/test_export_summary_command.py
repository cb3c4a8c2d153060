import io

import openpyxl
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
    assert "2 awards" in out.getvalue()
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
