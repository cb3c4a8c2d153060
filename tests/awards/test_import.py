"""Importing a decision's annex from a spreadsheet: preview, correct, confirm, all or nothing."""

import codecs
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards import imports
from awards.models import AnnexImport, Commendation, Decision
from tests.makers import (
    annex_xlsx,
    make_award,
    make_commune,
    make_commune_decision,
    make_decision,
    make_person,
    make_unit,
    upload,
)
from units.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    commune = make_commune("Đồng Rui")
    school = make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    return commune, school


@pytest.fixture
def draft():
    return make_commune_decision(number="12/QĐ-UBND")


def good_rows() -> list[list]:
    return [
        ["Trường Tiểu học Đồng Rui", "Tập thể", "", "", "dong rui", "Tập thể lao động tiên tiến",
         2024, "Hoàn thành xuất sắc nhiệm vụ", "1.000.000"],
        ["Nguyễn Văn Mới", "Cá nhân", "Giáo viên", "TRƯỜNG TIỂU HỌC  ĐỒNG RUI", "Đồng Rui",
         "Lao động tiên tiến", 2024, "", 500000],
        ["Hoàng Văn Sáu", "Hộ gia đình", "", "Thôn Khe Tiền", "Xã Đồng Rui", "Gia đình văn hóa",
         "", "", ""],
    ]  # fmt: skip


# What an old Excel writes for "CSV (Comma delimited)" on a Vietnamese Windows: code page
# 1258, where letters with a tone mark are a base letter then a combining byte.
WINDOWS_CSV = "Tên đơn vi,Danh hiêu\nTrương Mâm non,Lao đông tiên tiên\n".encode("cp1258")


def preview_url(imp: AnnexImport) -> str:
    return reverse("admin:awards_decision_import_preview", args=[imp.decision_id, imp.pk])


def upload_annex(client, decision: Decision, content: bytes, name: str = "annex.xlsx"):
    return client.post(
        reverse("admin:awards_decision_import", args=[decision.pk]),
        {"file": upload(name, content), "default_year": "2024"},
    )


def test_an_annex_is_previewed_row_by_row_and_nothing_is_saved_before_confirming(
    staff_client, place, draft
):
    response = upload_annex(staff_client, draft, annex_xlsx(good_rows()))
    imp = AnnexImport.objects.get()
    assert response.url == preview_url(imp)
    assert imp.header_line == 4  # under the title block, above the column numbers

    page = staff_client.get(preview_url(imp)).content.decode()
    assert "1 matched to the registry" in page
    assert "2 new recipients" in page
    assert "Confirm the import" in page
    assert not Commendation.objects.exists()
    assert not Person.objects.exists()


def test_confirming_saves_every_row_with_new_recipients_and_the_matched_unit(
    staff_client, place, draft
):
    commune, school = place
    upload_annex(staff_client, draft, annex_xlsx(good_rows()))
    imp = AnnexImport.objects.get()

    response = staff_client.post(preview_url(imp), {"confirm": "1"})

    assert response.url == reverse("admin:awards_decision_change", args=[draft.pk])
    awards = {award.recipient_name: award for award in draft.awards.all()}
    assert set(awards) == {"Trường Tiểu học Đồng Rui", "Nguyễn Văn Mới", "Hoàng Văn Sáu"}
    assert awards["Trường Tiểu học Đồng Rui"].unit == school  # matched, not duplicated
    assert awards["Trường Tiểu học Đồng Rui"].amount == 1_000_000
    teacher = awards["Nguyễn Văn Mới"].person
    assert (teacher.unit, teacher.position) == (school, "Giáo viên")
    assert awards["Nguyễn Văn Mới"].locality == commune
    household = awards["Hoàng Văn Sáu"].household
    assert (household.commune, household.village) == (commune, "Thôn Khe Tiền")
    assert awards["Hoàng Văn Sáu"].year == 2024  # the default year
    assert not any(award.is_public for award in awards.values())  # still a draft
    imp.refresh_from_db()
    assert (imp.status, imp.imported_count) == ("imported", 3)


def test_every_kind_of_bad_row_is_reported_in_plain_words(staff_client, place, draft):
    make_award(place[1], "tap-the-lao-dong-tien-tien", year=2024,
               decision=make_decision(number="5/QĐ-UBND"))  # fmt: skip
    rows = [
        ["", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""],
        ["Hoàng Văn X", "Hộ gia đình", "", "", "Xã Không Có", "Gia đình văn hóa", 2024, "", ""],
        ["Trần B", "Cá nhân", "", "", "", "Tập thể lao động tiên tiến", 2024, "", ""],
        ["Trần C", "Cá nhân", "", "", "", "Lao động tiên tiến", 1800, "", ""],
        ["Trần D", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", "một triệu"],
        ["Trường Tiểu học Đồng Rui", "Tập thể", "", "", "Đồng Rui", "Tập thể lao động tiên tiến",
         2024, "", ""],
        ["Trần E", "Cá nhân", "", "", "", "Danh hiệu bịa", 2024, "", ""],
        ["Trần F", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", "=B2*2"],
    ]  # fmt: skip
    upload_annex(staff_client, draft, annex_xlsx(rows))
    imp = AnnexImport.objects.get()

    report = imports.check(imp)

    errors = [row.errors for row in report.rows]
    assert errors == [
        ["The name is empty."],
        ["Unknown commune “Xã Không Có”."],
        ["“Tập thể lao động tiên tiến” is not given to individuals."],
        ["The year 1800 is out of range (1945–2100)."],
        ["The amount “một triệu” is not a sum in đồng."],
        ["Already awarded: the same title for 2024 by decision 5/QĐ-UBND."],
        ["Unknown title or form “Danh hiệu bịa”."],
        ["The amount (VND) cell holds a formula (=B2*2); paste its value."],
    ]
    page = staff_client.get(preview_url(imp), {"show": "error"}).content.decode()
    assert "8 in error" in page
    assert "Correct the rows in error" in page
    assert "Confirm the import" not in page


def test_confirming_with_a_bad_row_saves_nothing(staff_client, place, draft):
    rows = [*good_rows(), ["Trần D", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", "?"]]
    upload_annex(staff_client, draft, annex_xlsx(rows))
    imp = AnnexImport.objects.get()

    response = staff_client.post(preview_url(imp), {"confirm": "1"}, follow=True)

    assert "Some rows have errors" in response.content.decode()
    assert not Commendation.objects.exists()
    assert not Person.objects.exists()
    assert Unit.objects.count() == 1


def test_a_row_is_corrected_in_the_preview_then_everything_imports(staff_client, place, draft):
    rows = [*good_rows(), ["Trần D", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", "?"]]
    upload_annex(staff_client, draft, annex_xlsx(rows))
    imp = AnnexImport.objects.get()
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 3])
    form = staff_client.get(row_url).context["form"]
    assert form.initial["amount"] == "?"

    staff_client.post(row_url, {**form.initial, "amount": "300.000", "kind": "Cá nhân"})
    staff_client.post(preview_url(imp), {"confirm": "1"})

    award = draft.awards.get(recipient_name="Trần D")
    assert award.amount == 300_000


def test_a_bad_row_can_be_left_out(staff_client, place, draft):
    rows = [*good_rows(), ["", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""]]
    upload_annex(staff_client, draft, annex_xlsx(rows))
    imp = AnnexImport.objects.get()
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 3])
    staff_client.post(row_url, {"skip": "on"})

    staff_client.post(preview_url(imp), {"confirm": "1"})

    assert draft.awards.count() == 3


def test_the_column_mapping_is_corrected_in_the_preview(staff_client, place, draft):
    headers = ["TT", "Họ và tên", "Ghi chú", "Danh hiệu"]
    rows = [["Nguyễn Văn Mới", "Cá nhân", "Lao động tiên tiến"]]
    upload_annex(staff_client, draft, annex_xlsx(rows, headers=headers))
    imp = AnnexImport.objects.get()
    assert "kind" not in imp.mapping  # "Ghi chú" (notes) names nothing we know

    staff_client.post(preview_url(imp), {"mapping": "1", "name": "1", "kind": "2", "title": "3"})

    imp.refresh_from_db()
    assert imp.mapping == {"name": 1, "kind": 2, "title": 3}
    assert imports.check(imp).is_valid


def test_a_two_line_header_with_merged_cells_is_recognised(draft):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Đơn vị", "Khen thưởng", None])
    sheet.append([None, None, None, "Danh hiệu", "Số tiền"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("D1:E1")
    sheet.append([1, "Nguyễn Văn Mới", "Trường A", "Lao động tiên tiến", 200000])
    content = io.BytesIO()
    book.save(content)

    table = imports.read_table(upload("annex.xlsx", content.getvalue()))

    assert table.mapping == {"name": 1, "unit": 2, "title": 3, "amount": 4}
    assert [cells for _line, _section, cells in table.rows] == [
        ["1", "Nguyễn Văn Mới", "Trường A", "Lao động tiên tiến", "200000"]
    ]


def test_section_headings_give_the_kind_and_title_of_the_rows_under_them(place, draft):
    csv_text = (
        "STT;Họ và tên;Đơn vị\n"
        "I. Danh hiệu Lao động tiên tiến (cá nhân);;\n"
        "1;Nguyễn Văn Mới;Trường Tiểu học Đồng Rui\n"
        "II. Tập thể lao động tiên tiến;;\n"
        "1;Trường Tiểu học Đồng Rui;\n"
    )
    imp = imports.read_import(upload("annex.csv", csv_text.encode()), draft, 2024, None)

    report = imports.check(imp)

    assert [(row.kind, row.title.slug, row.errors) for row in report.rows] == [
        ("individuals", "lao-dong-tien-tien", []),
        ("collectives", "tap-the-lao-dong-tien-tien", []),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel file (.xls)"),
        (b"PK\x03\x04 not really a zip", "could not be read as an Excel workbook"),
        (WINDOWS_CSV, "not in UTF-8"),
        ("Họ và tên,Danh hiệu\n".encode(), "no rows under it"),
    ],
)  # fmt: skip
def test_a_broken_file_gets_a_clear_message_and_saves_nothing(
    staff_client, draft, content, message
):
    response = upload_annex(staff_client, draft, content, name="annex.csv")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnnexImport.objects.exists()


def test_an_annex_of_too_many_rows_is_refused(staff_client, draft):
    lines = ["Họ và tên,Danh hiệu"] + [f"Người {n},Lao động tiên tiến" for n in range(20_001)]
    response = upload_annex(staff_client, draft, "\n".join(lines).encode(), name="big.csv")

    assert "more than 20,000 rows" in response.content.decode()
    assert not AnnexImport.objects.exists()


def test_csv_in_utf16_as_excel_saves_unicode_text_is_read(draft):
    text = "Họ và tên\tDanh hiệu\nNguyễn Văn Mới\tLao động tiên tiến\n"
    content = codecs.BOM_UTF16_LE + text.encode("utf-16-le")

    table = imports.read_table(upload("annex.txt", content))

    assert table.rows[0][2] == ["Nguyễn Văn Mới", "Lao động tiên tiến"]


def test_a_person_of_the_same_name_in_another_unit_is_a_new_person(place, draft):
    other = make_unit("Trường Mầm non Hà Lâu")
    make_person("Nguyễn Văn Mới", unit=other)
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(good_rows()[1:2])), draft, 2024, None)

    (row,) = imports.check(imp).rows

    assert row.status == "new"


def test_the_same_person_in_their_unit_is_matched_ignoring_case_and_marks(place, draft):
    teacher = make_person("Nguyễn Văn Mới", unit=place[1])
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(good_rows()[1:2])), draft, 2024, None)

    (row,) = imports.check(imp).rows

    assert (row.status, row.recipient) == ("matched", teacher)


def test_the_same_row_twice_in_the_file_is_an_error(place, draft):
    rows = [good_rows()[1], good_rows()[1]]
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(rows)), draft, 2024, None)

    first, second = imports.check(imp).rows

    assert first.errors == []
    assert second.errors == ["Same recipient, title and year as line 6."]


def test_eligibility_warnings_are_shown_and_kept_on_the_imported_awards(staff_client, place, draft):
    rows = [["Nguyễn Văn Mới", "Cá nhân", "", "", "", "Chiến sĩ thi đua cơ sở", 2024, "", ""]]
    upload_annex(staff_client, draft, annex_xlsx(rows))
    imp = AnnexImport.objects.get()

    page = staff_client.get(preview_url(imp)).content.decode()
    staff_client.post(preview_url(imp), {"confirm": "1"})

    assert "Advanced Worker missing for 2024" in page
    award = draft.awards.get()
    assert award.eligibility_shortfalls[0]["missing"] == [2024]
    assert award.needs_justification


def test_checking_costs_the_same_queries_for_ten_rows_and_for_two_hundred(
    django_assert_max_num_queries, place, draft
):
    def import_of(count: int) -> AnnexImport:
        rows = [
            [f"Người {n}", "Cá nhân", "", "Trường Tiểu học Đồng Rui", "Đồng Rui",
             "Chiến sĩ thi đua cơ sở", 2024, "", ""]
            for n in range(count)
        ]  # fmt: skip
        return imports.read_import(upload("a.xlsx", annex_xlsx(rows)), draft, 2024, None)

    small, large = import_of(10), import_of(200)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        imports.check(small)
    with django_assert_max_num_queries(len(small_queries)):
        imports.check(large)


def test_the_import_keeps_who_added_each_award_in_the_history(staff_client, place, draft):
    upload_annex(staff_client, draft, annex_xlsx(good_rows()))
    staff_client.post(preview_url(AnnexImport.objects.get()), {"confirm": "1"})

    award = draft.awards.get(recipient_name="Nguyễn Văn Mới")
    (created,) = award.history.all()
    assert (created.history_type, created.history_user.username) == ("+", "staff")
    assert award.person.history.get().history_user.username == "staff"


def test_a_published_decision_takes_no_import(staff_client, place):
    published = make_decision(status=Decision.Status.PUBLISHED)

    response = upload_annex(staff_client, published, annex_xlsx(good_rows()))

    assert response.status_code == 403
    assert not AnnexImport.objects.exists()


def test_the_command_checks_with_dry_run_then_imports(tmp_path, place, draft):
    path = tmp_path / "annex.xlsx"
    path.write_bytes(annex_xlsx(good_rows()))
    out = io.StringIO()

    call_command("import_annex", str(path), decision=draft.pk, dry_run=True, stdout=out)
    assert "3 rows: 1 matched, 2 new recipients, 0 in error. Dry run" in out.getvalue()
    assert not Commendation.objects.exists()

    call_command("import_annex", str(path), decision=draft.pk, stdout=out)
    assert draft.awards.count() == 3


def test_the_command_lists_bad_rows_and_imports_nothing(tmp_path, place, draft):
    path = tmp_path / "annex.xlsx"
    path.write_bytes(annex_xlsx([*good_rows(), ["", "Cá nhân", "", "", "", "Lao động tiên tiến",
                                                 2024, "", ""]]))  # fmt: skip
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"1 in error\. Nothing was imported"):
        call_command("import_annex", str(path), decision=draft.pk, stderr=err)

    assert "line 9: The name is empty." in err.getvalue()
    assert not Commendation.objects.exists()


def test_the_command_refuses_a_missing_file_and_a_published_decision(tmp_path, draft):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_annex", str(tmp_path / "nope.xlsx"), decision=draft.pk)
    published = make_decision(status=Decision.Status.PUBLISHED)
    with pytest.raises(CommandError, match="published"):
        call_command("import_annex", str(tmp_path / "x.xlsx"), decision=published.pk)


def test_the_import_pages_show_the_file_its_rows_and_a_row_to_correct(staff_client, place, draft):
    upload_annex(staff_client, draft, annex_xlsx(good_rows()))
    imp = AnnexImport.objects.get()
    import_url = reverse("admin:awards_decision_import", args=[draft.pk])

    def page(url: str) -> str:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    change = page(reverse("admin:awards_decision_change", args=[draft.pk]))
    assert f'href="{import_url}">Import annex</a>' in change
    upload_page = page(import_url)
    assert 'type="file"' in upload_page and 'value="Read the file"' in upload_page
    assert f'href="{preview_url(imp)}">annex.xlsx</a>' in upload_page  # the upload not confirmed
    preview = page(preview_url(imp))
    for name in ["Trường Tiểu học Đồng Rui", "Nguyễn Văn Mới", "Hoàng Văn Sáu"]:
        assert name in preview
    assert "0 in error" in preview and "Confirm the import" in preview
    row = page(reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 0]))
    assert "Hoàn thành xuất sắc nhiệm vụ" in row  # the first row, as read from the file
    assert 'value="Save the correction"' in row


def test_the_preview_costs_the_same_queries_for_five_warnings_and_for_fifty(
    staff_client, place, draft
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def preview_of(count: int) -> str:
        rows = [
            [f"Người {n}", "Cá nhân", "", "", "", "Chiến sĩ thi đua cơ sở", 2024, "", ""]
            for n in range(count)
        ]
        upload_annex(staff_client, draft, annex_xlsx(rows))
        return preview_url(AnnexImport.objects.latest("pk"))

    small, large = preview_of(5), preview_of(50)
    with CaptureQueriesContext(connection) as small_queries:
        assert "Advanced Worker missing" in staff_client.get(small).content.decode()
    with CaptureQueriesContext(connection) as large_queries:
        staff_client.get(large)

    assert len(large_queries) == len(small_queries)


def test_imported_records_are_written_as_saving_them_one_by_one_writes_them(place, draft):
    """On PostgreSQL the import writes by COPY, not through save(): the folded names and the
    ids must still be what save() gives (found by search; the next record saved takes the next
    id, not one of theirs)."""
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(good_rows())), draft, 2024, None)
    imp.save()

    assert imports.import_rows(imp, by=None) == 3
    newcomer = Person.objects.matching("nguyen van moi").get()
    award = Commendation.objects.matching("hoang van sau").get()
    later = make_person("Người Sau")
    assert newcomer.name_folded == "nguyen van moi"
    assert award.household.head_name == "Hoàng Văn Sáu"
    assert later.pk > newcomer.pk
    assert make_award(later, decision=draft).pk > award.pk
    assert list(draft.awards.filter(is_public=True)) == []
