"""The import's preview as a clerk uses it: one check kept, values set for many rows at once,
columns chosen by hand, another sheet, the blank annex, the registry's own files read back."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AnnexImport, AnnexImportRow, Decision, EmulationTitle
from tests.makers import (
    annex_xlsx,
    committed,
    make_award,
    make_commune,
    make_commune_decision,
    make_decision,
    make_person,
    make_unit,
    upload,
)
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_commune_decision(number="12/QĐ-UBND")


def preview_url(imp: AnnexImport) -> str:
    return reverse("admin:awards_decision_import_preview", args=[imp.decision_id, imp.pk])


def start(client, decision, content: bytes, name: str = "annex.xlsx") -> AnnexImport:
    response = client.post(
        reverse("admin:awards_decision_import", args=[decision.pk]),
        {"file": upload(name, content), "default_year": "2024"},
    )
    assert response.status_code == 302, response.context["form"].errors
    return AnnexImport.objects.latest("pk")


def people_rows(count: int) -> list[list]:
    return [
        [f"Người Số {number:05d}", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""]
        for number in range(count)
    ]


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_check_is_made_once_and_kept_for_every_page_of_the_preview(staff_client, draft):
    few = start(staff_client, draft, annex_xlsx(people_rows(3)))
    many = start(staff_client, draft, annex_xlsx(people_rows(450)))
    for imp in (few, many):
        staff_client.get(preview_url(imp))  # checks, and keeps the check

    again = [queries_of(staff_client, preview_url(imp)) for imp in (few, many)]
    second_page = queries_of(staff_client, preview_url(many) + "?page=2&show=new")

    assert again[0] == again[1] == second_page  # no matching: the kept check is read
    stored = AnnexImport.objects.get(pk=many.pk)
    assert stored.checked_rows.count() == 450 and stored.report["counts"]["new_recipients"] == 450
    # A page reads its own rows from the kept check, not the whole file's.
    assert len(staff_client.get(preview_url(many)).context["report"]["rows"]) == 200

    draft.delete()  # the database deletes the imports with their decision, their rows with them

    assert not AnnexImportRow.objects.exists()


def test_a_correction_makes_the_check_again(staff_client, draft):
    imp = start(staff_client, draft, annex_xlsx(people_rows(2)))
    assert staff_client.get(preview_url(imp)).context["counts"]["error"] == 0
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 0])
    values = staff_client.get(row_url).context["form"].initial

    staff_client.post(row_url, {**values, "title": "", "name": ""})

    assert staff_client.get(preview_url(imp)).context["counts"]["error"] == 1


def test_the_counts_say_what_confirming_will_do(staff_client, draft):
    commune = make_commune("Đồng Rui")
    make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    rows = [
        ["Trường Tiểu học Đồng Rui", "Tập thể", "", "", "Đồng Rui",
         "Tập thể lao động tiên tiến", 2024, "", ""],
        ["Nguyễn Văn Mới", "Cá nhân", "", "", "Đồng Rui", "Lao động tiên tiến", 2024, "", ""],
        ["Nguyễn Văn Mới", "Cá nhân", "", "", "Đồng Rui", "Chiến sĩ thi đua cơ sở", 2024, "", ""],
        ["Lê Thị Sai", "Cá nhân", "", "", "Xã Không Có", "Lao động tiên tiến", 2024, "", ""],
    ]  # fmt: skip
    imp = start(staff_client, draft, annex_xlsx(rows))

    page = staff_client.get(preview_url(imp)).content.decode()

    assert (
        "Confirming adds 3 awards: to 1 recipient already in the registry and 1 new recipient."
        in " ".join(page.split())
    )
    assert "1 in error" in page


def test_a_title_is_set_for_the_ticked_rows_from_the_catalogue(staff_client, draft):
    rows = [[f"Người {n}", "Cá nhân", "", "", "", "", 2024, "", ""] for n in range(4)]
    imp = start(staff_client, draft, annex_xlsx(rows))
    assert staff_client.get(preview_url(imp)).context["counts"]["error"] == 4
    merit = EmulationTitle.objects.get(slug="lao-dong-tien-tien")

    response = staff_client.post(
        preview_url(imp), {"set": "1", "rows": "chosen", "row": ["0", "2"], "title": merit.pk}
    )

    assert response.status_code == 302
    rows = staff_client.get(preview_url(imp)).context["report"]["rows"]
    assert [row["title"] for row in rows] == ["Lao động tiên tiến", "", "Lao động tiên tiến", ""]
    assert [row["status"] for row in rows] == ["new", "error", "new", "error"]


def test_every_row_of_a_filter_gets_the_value_and_no_other(staff_client, draft):
    rows = [
        ["Người Một", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""],
        ["Người Hai", "", "", "", "", "Giấy khen của Chủ tịch UBND xã", 2024, "", ""],
        ["Người Ba", "", "", "", "", "Giấy khen của Chủ tịch UBND xã", 2024, "", ""],
    ]
    imp = start(staff_client, draft, annex_xlsx(rows))

    staff_client.post(
        preview_url(imp) + "?show=error", {"set": "1", "rows": "shown", "kind": "individuals"}
    )

    imp.refresh_from_db()
    assert sorted(imp.corrections) == ["1", "2"]  # the two in error, not the first
    assert staff_client.get(preview_url(imp)).context["counts"]["error"] == 0


def test_a_commune_chosen_for_the_rows_is_that_one_among_namesakes(staff_client, draft):
    here = make_commune("Hải Lạng", province="Quảng Ninh")
    make_commune("Hải Lạng", province="Thanh Hóa", district="Tĩnh Gia")
    rows = [["Trần Văn Hải", "Cá nhân", "", "", "Hải Lạng", "Lao động tiên tiến", 2024, "", ""]]
    imp = start(staff_client, draft, annex_xlsx(rows))
    assert staff_client.get(preview_url(imp)).context["counts"]["error"] == 1  # which one?

    staff_client.post(preview_url(imp), {"set": "1", "rows": "all", "commune": here.pk})

    row = staff_client.get(preview_url(imp)).context["report"]["rows"][0]
    assert row["errors"] == [] and row["commune"] == str(here)


def test_nothing_chosen_to_set_is_said_and_changes_nothing(staff_client, draft):
    imp = start(staff_client, draft, annex_xlsx(people_rows(1)))

    response = staff_client.post(preview_url(imp), {"set": "1", "rows": "all"})

    assert "Choose a title, a kind, a commune or a year to set." in response.content.decode()
    imp.refresh_from_db()
    assert imp.corrections == {}


def test_a_file_without_column_names_is_mapped_by_hand(staff_client, draft):
    content = "Nguyễn Văn An;Lao động tiên tiến\nTrần Thị Bình;Lao động tiên tiến\n".encode()
    imp = start(staff_client, draft, content, name="danh-sach.csv")
    page = staff_client.get(preview_url(imp))
    assert "No line of column names was recognised" in page.content.decode()
    assert page.context["sample"][0][2] == ["Nguyễn Văn An", "Lao động tiên tiến"]

    staff_client.post(preview_url(imp), {"mapping": "1", "name": "0", "title": "1"})

    counts = staff_client.get(preview_url(imp)).context["counts"]
    assert (counts["new"], counts["error"]) == (2, 0)


def test_another_sheet_is_read_from_the_kept_file(staff_client, draft):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền danh sách vào trang sau."])
    for name, person in (("Năm 2023", "Người Năm Trước"), ("Năm 2024", "Người Năm Nay")):
        sheet = book.create_sheet(name)
        sheet.append(["Họ và tên", "Danh hiệu"])
        sheet.append([person, "Lao động tiên tiến"])
    content = io.BytesIO()
    book.save(content)
    imp = start(staff_client, draft, content.getvalue())
    assert (imp.sheet, imp.rows[0][2][0]) == ("Năm 2023", "Người Năm Trước")
    page = staff_client.get(preview_url(imp)).content.decode()
    assert "Read this sheet instead" in page

    staff_client.post(preview_url(imp), {"sheet": "Năm 2024"})

    imp.refresh_from_db()
    assert (imp.sheet, imp.rows[0][2][0]) == ("Năm 2024", "Người Năm Nay")
    staff_client.post(preview_url(imp), {"confirm": "1"})
    assert [award.recipient_name for award in draft.awards.all()] == ["Người Năm Nay"]
    imp.refresh_from_db()
    assert imp.source is None  # once imported, the file is not kept


def test_the_blank_annex_downloads_and_reads_back(staff_client, draft):
    make_commune("Đồng Rui")
    response = staff_client.get(reverse("admin:awards_decision_import_template"))
    assert response["Content-Disposition"] == ('attachment; filename="mau-danh-sach-kem-theo.xlsx"')
    imp = start(staff_client, draft, response.content)

    # The list to fill is empty: the examples' sheet is read, every row understood.
    assert imp.sheet == "Ví dụ"
    rows = staff_client.get(preview_url(imp)).context["report"]["rows"]
    assert [(row["status"], row["errors"]) for row in rows] == [("new", [])] * 3
    assert rows[1]["values"]["address"] == "Bà"


def test_the_registrys_own_annex_reads_back_to_the_same_recipients(staff_client):
    commune = make_commune("Đồng Rui")
    school = make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    teacher = make_person("Nguyễn Thị Hoa", unit=school)
    published = make_decision(signed_on=datetime.date(2025, 1, 10))
    with committed():
        make_award(school, "tap-the-lao-dong-tien-tien", decision=published, year=2024)
        make_award(
            teacher, "lao-dong-tien-tien", decision=published, year=2024,
            recipient_unit_name=school.name, recipient_address="Bà",
        )  # fmt: skip
    annex = staff_client.get(reverse("admin:reports_annex", args=[published.pk, "xlsx"]))
    later = make_commune_decision(signed_on=datetime.date(2026, 1, 10))

    imp = start(staff_client, later, annex.content)
    # The next year's awards to the same people, say.
    staff_client.post(preview_url(imp), {"set": "1", "rows": "all", "year": "2025"})
    rows = staff_client.get(preview_url(imp)).context["report"]["rows"]

    assert [(row["status"], row["recipient"]) for row in rows] == [
        ("matched", str(school)),
        ("matched", str(teacher)),
    ]
    assert rows[1]["values"]["address"] == "Bà"


def test_the_public_rolls_csv_reads_back(client, staff_client):
    school = make_unit("Trường Tiểu học Đồng Rui", commune=make_commune("Đồng Rui"))
    published = make_decision(signed_on=datetime.date(2025, 1, 10))
    published.status = "published"
    published.save()
    with committed():
        make_award(school, "tap-the-lao-dong-tien-tien", decision=published, year=2024)
    response = client.get(reverse("honours_year", args=[2024]), {"format": "csv"})
    csv = b"".join(response.streaming_content)
    later = make_commune_decision(signed_on=datetime.date(2026, 1, 10))

    imp = start(staff_client, later, csv, name="roll.csv")
    staff_client.post(preview_url(imp), {"set": "1", "rows": "all", "year": "2025"})
    rows = staff_client.get(preview_url(imp)).context["report"]["rows"]

    assert [(row["status"], row["recipient"], row["title"]) for row in rows] == [
        ("matched", str(school), "Tập thể lao động tiên tiến")
    ]


def test_the_command_takes_the_title_kind_and_sheet_of_every_row(tmp_path, draft):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Ghi chú"
    sheet = book.create_sheet("Danh sách")
    sheet.append(["STT", "Họ và tên"])
    sheet.append([1, "Ông Nguyễn Văn An"])
    sheet.append([2, "Bà Trần Thị Bình"])
    path = tmp_path / "danh-sach.xlsx"
    book.save(path)
    out = io.StringIO()

    call_command(
        "import_annex", str(path), decision=draft.pk, sheet="Danh sách",
        title="lao-dong-tien-tien", kind="individuals", stdout=out,
    )  # fmt: skip

    assert out.getvalue().startswith("2 rows: 0 matched, 2 new recipients, 0 in error.")
    awards = list(draft.awards.order_by("pk"))
    assert [(a.recipient_address, a.recipient_name) for a in awards] == [
        ("Ông", "Nguyễn Văn An"),
        ("Bà", "Trần Thị Bình"),
    ]
    assert {award.title.slug for award in awards} == {"lao-dong-tien-tien"}


def test_a_record_outside_an_editors_scope_cannot_be_chosen_nor_seen(client):
    from tests.awards.test_admin_entry import decision_form
    from tests.makers import make_member

    dong_rui, hai_lang = make_commune("Đồng Rui"), make_commune("Hải Lạng")
    theirs = make_person("Lý Thị Kín Đáo", commune=hai_lang)
    editor = make_member("bien-tap-dong-rui", "editor", commune=dong_rui)
    client.force_login(editor)
    commune_chair = {"issuer_name": "Ủy ban nhân dân xã Đồng Rui", "issuer_level": "grassroots"}
    client.post(
        reverse("admin:awards_decision_add"), decision_form(number="46/QĐ-UBND", **commune_chair)
    )
    draft = Decision.objects.get(number="46/QĐ-UBND")
    rows = [["Lý Thị Mai", "Cá nhân", "", "", "Đồng Rui", "Lao động tiên tiến", 2024, "", ""]]
    imp = start(client, draft, annex_xlsx(rows))
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 0])
    values = client.get(row_url).context["form"].initial

    response = client.post(row_url, {**values, "match": f"person:{theirs.pk}"})  # forged

    assert response.status_code == 200 and response.context["form"].errors["match"]
    imp.refresh_from_db()
    assert imp.corrections == {}
    # Nor would the check take it, were it kept somehow: outside the scope, never found.
    imp.corrections = {"0": {"match": f"person:{theirs.pk}"}}
    imp.save()
    row = client.get(preview_url(imp)).context["report"]["rows"][0]
    assert row["errors"] == ["The record chosen for this row is no longer in the registry."]
    assert "Kín Đáo" not in client.get(preview_url(imp)).content.decode()


def test_a_confirm_refused_by_a_changed_registry_shows_the_rows_now_wrong(staff_client, draft):
    """Two uploads of one list: the first confirmed, the second's kept check is stale."""
    content = annex_xlsx(people_rows(1))
    first, second = start(staff_client, draft, content), start(staff_client, draft, content)
    assert staff_client.get(preview_url(second)).context["report"]["is_valid"]
    staff_client.post(preview_url(first), {"confirm": "1"})

    staff_client.post(preview_url(second), {"confirm": "1"})

    report = staff_client.get(preview_url(second)).context["report"]
    assert not report["is_valid"]
    assert report["rows"][0]["errors"][0].startswith("Already awarded")


def test_correcting_a_row_keeps_the_commune_chosen_among_namesakes(staff_client, draft):
    here = make_commune("Hải Lạng", province="Quảng Ninh")
    make_commune("Hải Lạng", province="Thanh Hóa", district="Tĩnh Gia")
    rows = [["Trần Văn Hải", "Cá nhân", "", "", "Hải Lạng", "Lao động tiên tiến", 2024, "", ""]]
    imp = start(staff_client, draft, annex_xlsx(rows))
    staff_client.post(preview_url(imp), {"set": "1", "rows": "all", "commune": here.pk})
    row_url = reverse("admin:awards_decision_import_row", args=[draft.pk, imp.pk, 0])
    values = staff_client.get(row_url).context["form"].initial

    staff_client.post(row_url, {**values, "position": "Giáo viên"})

    row = staff_client.get(preview_url(imp)).context["report"]["rows"][0]
    assert (row["errors"], row["commune"], row["values"]["position"]) == (
        [],
        str(here),
        "Giáo viên",
    )


def test_a_ticked_row_number_too_long_for_any_row_is_ignored(staff_client, draft):
    imp = start(staff_client, draft, annex_xlsx(people_rows(1)))

    response = staff_client.post(
        preview_url(imp), {"set": "1", "rows": "chosen", "row": ["1" * 5000, "0"], "year": "2023"}
    )

    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.corrections == {"0": {"year": "2023"}}


def test_an_editor_limited_to_a_commune_sets_that_commune_only(client):
    from tests.awards.test_admin_entry import decision_form
    from tests.makers import make_member

    dong_rui, hai_lang = make_commune("Đồng Rui"), make_commune("Hải Lạng")
    client.force_login(make_member("bien-tap-dong-rui", "editor", commune=dong_rui))
    client.post(reverse("admin:awards_decision_add"), decision_form(number="47/QĐ-UBND"))
    imp = start(client, Decision.objects.get(number="47/QĐ-UBND"), annex_xlsx(people_rows(1)))

    response = client.post(preview_url(imp), {"set": "1", "rows": "all", "commune": hai_lang.pk})

    assert "commune" in response.context["set_form"].errors
    imp.refresh_from_db()
    assert imp.corrections == {}


def test_the_counts_name_the_parent_units_confirming_adds(staff_client, draft):
    rows = [
        ["Phòng Kế hoạch - Tài chính", "Tập thể", "", "Sở Y tế", "",
         "Tập thể lao động tiên tiến", 2024, "", ""],
        ["Phòng Kế hoạch - Tài chính", "Tập thể", "", "Trung tâm Mắt", "",
         "Tập thể lao động tiên tiến", 2024, "", ""],
    ]  # fmt: skip
    imp = start(staff_client, draft, annex_xlsx(rows))
    page = " ".join(staff_client.get(preview_url(imp)).content.decode().split())
    assert "and 2 new recipients (and 2 units the unit column names as parents)." in page

    staff_client.post(preview_url(imp), {"confirm": "1"})

    assert Unit.objects.count() == 4
