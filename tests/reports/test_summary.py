"""The yearly summary counts what the office awarded, the same on screen, in CSV and in XLSX."""

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from awards.models import (
    Authority,
    ClusterMembership,
    Commendation,
    Decision,
    EmulationCluster,
    EmulationMovement,
    ReportingOffice,
)
from reports import pdf, pdf_typst, pdf_weasyprint
from reports.models import ExportJob
from reports.official import NoRegime, official_form
from reports.summaries import Row, Table, YearSummary, summarise
from tests.makers import (
    make_award,
    make_awards,
    make_decision,
    make_people,
    make_person,
    make_unit,
)
from units.models import Commune, Person, Unit

pytestmark = pytest.mark.django_db


def table(summary, title: str) -> dict[str, tuple[int, int]]:
    rows = next(t.rows for t in summary.tables if str(t.title) == title)
    return {row.label: (row.count, row.previous) for row in rows}


def test_the_summary_counts_published_awards_in_force_and_compares_with_last_year(
    year_of_awards,
):
    summary = summarise(2024)
    assert (summary.total, summary.previous_total) == (6, 1)
    assert table(summary, "By recipient") == {
        "collectives": (2, 0),
        "of which enterprises": (1, 0),
        "households": (1, 0),
        "individuals": (3, 1),
        "provincial or ministerial leader and above": (0, 0),
        "department-level leader": (1, 1),
        "entrepreneur": (0, 0),
        "other leader, deputy head of office and up": (0, 0),
        "direct worker (worker, farmer, …)": (2, 0),
        "other": (0, 0),
    }
    assert table(summary, "By level")["ministry or province"] == (5, 1)
    assert table(summary, "By level")["grassroots"] == (1, 0)
    assert table(summary, "By method")["irregular (sudden achievement)"] == (1, 0)
    assert table(summary, "By method")["regular (yearly)"] == (5, 1)
    assert table(summary, "By title or form") == {
        "Cờ thi đua của Ủy ban nhân dân tỉnh": (1, 0),
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh": (4, 1),
        "Gia đình văn hóa": (1, 0),
    }


def test_revoked_awards_are_listed_apart(year_of_awards):
    summary = summarise(2024)
    assert [award.recipient_name for award in summary.revoked] == ["Thu Hồi"]
    assert [(d.number, d.award_total) for d in summary.decisions] == [("1/QĐ-UBND", 6)]


def test_a_commune_summary_counts_only_that_commune(year_of_awards):
    summary = summarise(2024, commune=Commune.objects.get(name="Đồng Rui"))
    assert summary.total == 3
    assert table(summary, "By recipient")["households"] == (1, 0)


def test_a_cluster_summary_counts_its_members_and_their_people(year_of_awards):
    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    member = make_unit("Ủy ban nhân dân xã Đồng Rui")
    ClusterMembership.objects.create(cluster=cluster, unit=member, year=2024)
    make_award(member, decision=year_of_awards)
    make_award(make_person("Vũ Thị Hằng", unit=member), decision=year_of_awards)
    assert summarise(2024, cluster=cluster).total == 2


def test_staff_see_the_summary_and_download_the_same_figures(staff_client, year_of_awards):
    url = reverse("admin:reports_summary")
    page = staff_client.get(url, {"year": 2024})
    assert page.status_code == 200
    assert page.context["summary"].total == 6

    response = staff_client.get(url, {"year": 2024, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_title = {r["line"]: int(r["year"]) for r in rows if r["section"] == "By title or form"}
    assert by_title["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == 4

    response = staff_client.get(url, {"year": 2024, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="summary-2024.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[2]  # by recipient
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["individuals"] == 3 and values["of which enterprises"] == 1
    assert values["Total"] == 6
    assert sheet.freeze_panes == "B4"


def test_a_bad_year_is_explained(staff_client):
    response = staff_client.get(reverse("admin:reports_summary"), {"year": "19"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1945" in response.content.decode()


def test_the_summary_is_for_staff_only(client):
    response = client.get(reverse("admin:reports_summary"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def form_rows(form) -> dict[str, list[int]]:
    return {row.code: row.values for row in form.rows if not row.is_heading}


def test_form_0603_counts_the_offices_own_decisions_of_the_reporting_period(year_of_awards):
    """The fixture's decision was signed on 10 January 2025: reporting year 2025 (1 December
    2024 to 30 November 2025), whatever the emulation year of its awards."""
    assert form_rows(official_form("0603", 2024))["01"] == [0, 0, 0, 0, 0]
    # Every cell; columns: total, certificate of merit, provincial fighter, provincial flag,
    # medal.
    none = [0, 0, 0, 0, 0]
    assert form_rows(official_form("0603", 2025)) == {
        "01": [6, 5, 0, 1, 0],  # Trần Văn Minh's award for 2023 too: same decision
        "02": [2, 1, 0, 1, 0],  # collectives
        "03": [1, 1, 0, 0, 0],  # of which enterprises
        "04": none,  # the cultural family is none of the form's forms
        "05": [4, 4, 0, 0, 0],
        "06": none, "07": [2, 2, 0, 0, 0], "08": none, "09": none, "10": [2, 2, 0, 0, 0],
        "11": [5, 4, 0, 1, 0],  # regular
        "12": none, "13": [1, 1, 0, 0, 0], "14": none, "15": none, "16": none, "17": none,
    }  # fmt: skip


def test_form_0603s_categories_of_individuals_add_up_to_its_individuals(year_of_awards):
    """No "other" category: whoever is not recorded as a leader or an entrepreneur is counted
    among those who work directly (row 10)."""
    make_award(make_person("Không Rõ", category=Person.Category.OTHER), decision=year_of_awards)
    make_award(make_person("Chưa Ghi"), decision=year_of_awards)
    rows = form_rows(official_form("0603", 2025))
    assert rows["05"][0] == 6
    assert rows["10"][0] == 4
    assert sum(rows[code][0] for code in ("06", "07", "08", "09", "10")) == rows["05"][0]


def test_form_0603_counts_by_decision_date_within_the_period_and_only_its_own(year_of_awards):
    def award_signed(on: datetime.date, **fields) -> None:
        decision = make_decision(signed_on=on, status=Decision.Status.PUBLISHED, **fields)
        make_award(make_person(f"Người {on}"), decision=decision)

    award_signed(datetime.date(2024, 11, 30))  # the last day of 2024's period
    award_signed(datetime.date(2024, 12, 1))  # the first of 2025's
    award_signed(datetime.date(2024, 6, 1), issuer_level="grassroots")  # a commune's decision
    assert form_rows(official_form("0603", 2024))["01"][0] == 1
    assert form_rows(official_form("0603", 2025))["01"][0] == 7


def test_forms_follow_their_circulars_layout():
    """Codes, parts and numbered columns as Circular 02/2023/TT-BNV prints them (read from a
    public implementation, lifephongphanmem/thiduakhenthuong, resources/views/BaoCao/TT022023/)."""
    form = official_form("0603", 2024)
    assert [row.code or row.label for row in form.rows] == [
        "01", "1. Chia theo đối tượng khen thưởng", "02", "03", "04", "05", "06", "07", "08",
        "09", "10", "3. Chia theo phương thức khen thưởng", "11", "12", "13", "14", "15", "16",
        "17",
    ]  # fmt: skip
    units = {row.code: row.unit for row in form.rows}
    assert [units[code] for code in ("02", "03", "04", "05", "10")] == [
        "Tập thể", "Doanh nghiệp", "Hộ", "Người", "Người",
    ]  # fmt: skip
    assert [column.number for column in form.columns] == [1, 2, 3, 4, 5]
    assert form.columns[0].label == "Tổng số" and form.columns[1].label == "Bằng khen"
    assert form.regime.header == "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
    assert form.period == (datetime.date(2023, 12, 1), datetime.date(2024, 11, 30))
    movements = official_form("0601", 2024)
    assert [row.code or row.label[:2] for row in movements.rows] == [
        "01", "1.", "02", "03", "04", "05", "2.", "06", "07", "08", "09", "10", "3.", "11", "12",
    ]  # fmt: skip


def test_no_form_for_a_year_no_regime_governs(staff_client):
    """Circular 02/2023 governs from 10 May 2023: 2022's period ended before it."""
    with pytest.raises(NoRegime):
        official_form("0603", 2022)
    url = reverse("admin:reports_official_form", args=["0603"])
    assert staff_client.get(url, {"year": 2022}).status_code == 404
    assert staff_client.get(url, {"year": 2023}).status_code == 200


def test_form_0601_counts_movements_launched_within_the_period():
    make = EmulationMovement.objects.create
    make(
        name="Thi đua yêu nước 2024",
        launched_by="UBND huyện",
        launch_level="agency",
        scope="locality",
        method="regular",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    make(  # after 30 November: in 2025's period
        name="Chào mừng Đại hội Đảng",
        launched_by="UBND tỉnh",
        launch_level="province",
        scope="locality",
        method="thematic",
        starts_on=datetime.date(2024, 12, 31),
        ends_on=datetime.date(2026, 3, 31),
    )
    make(
        name="Chiến dịch 100 ngày",
        launched_by="UBND huyện",
        launch_level="agency",
        scope="agency",
        method="thematic",
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 8, 9),
    )
    make(  # in December 2023: in 2024's period
        name="Thi đua cụm 2024-2025",
        launched_by="Hội đồng Thi đua - Khen thưởng tỉnh",
        launch_level="province",
        scope="cluster",
        method="thematic",
        starts_on=datetime.date(2023, 12, 15),
        ends_on=datetime.date(2025, 6, 15),
    )
    # Every cell; columns: total, central, ministry or province, agency. In 2024's period:
    # the yearly movement (locality, a year, regular), the 100 days (agency, under a year,
    # thematic), the cluster's (province, 18 months, thematic).
    none = [0, 0, 0, 0]
    assert form_rows(official_form("0601", 2024)) == {
        "01": [3, 0, 1, 2],
        "02": none, "03": [1, 0, 0, 1], "04": [1, 0, 1, 0], "05": [1, 0, 0, 1],  # by scope
        "06": [1, 0, 0, 1], "07": [1, 0, 0, 1], "08": [1, 0, 1, 0], "09": none, "10": none,
        "11": [2, 0, 1, 1], "12": [1, 0, 0, 1],  # thematic, regular
    }  # fmt: skip
    assert form_rows(official_form("0601", 2025))["01"] == [1, 0, 1, 0]  # fmt: skip


def test_staff_download_a_form_as_pdf_xlsx_and_csv(staff_client, year_of_awards):
    url = reverse("admin:reports_official_form", args=["0603"])
    page = staff_client.get(url, {"year": 2025})
    assert page.status_code == 200 and page.context["official_form"].rows[0].values[0] == 6
    assert "the decisions signed from 01/12/2024 to 30/11/2025" in page.text
    pdf_response = staff_client.get(url, {"year": 2025, "format": "pdf"})
    assert pdf_response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(pdf_response.content)).pages[0].extract_text()
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH" in text
    assert "(từ ngày 01/12/2024 đến ngày 30/11/2025)" in text
    assert "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo" in text
    xlsx = staff_client.get(url, {"year": 2025, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet["B9"].value == "01" and sheet["D9"].value == 6
    assert sheet["A10"].value == "1. Chia theo đối tượng khen thưởng"
    csv_response = staff_client.get(url, {"year": 2025, "format": "csv"})
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "Tổng số,01,,6,5,0,1,0" in text


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1800"}, {}])
def test_a_form_without_a_good_year_is_not_found(staff_client, query):
    url = reverse("admin:reports_official_form", args=["0603"])
    assert staff_client.get(url, query).status_code == 404


def test_the_summary_pdf_is_made_in_the_background_then_downloaded(staff_client, year_of_awards):
    response = staff_client.get(reverse("admin:reports_summary"), {"year": 2024, "format": "pdf"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("admin:reports_export", args=[job.pk])
    assert (job.status, job.progress, job.requested_by.username) == ("done", 100, "staff")
    page = staff_client.get(response["Location"])
    assert "Download the file" in page.content.decode()
    response = staff_client.get(response["Location"], {"download": 1})
    content = b"".join(response.streaming_content)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Awards for 2024" in text and "Trần Văn Minh" not in text
    assert "Thu Hồi" in text  # listed apart as revoked


def test_a_decisions_annex_downloads_ready_to_print(staff_client, year_of_awards):
    xlsx = staff_client.get(reverse("admin:reports_annex", args=[year_of_awards.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert "Kèm theo Quyết định số 1/QĐ-UBND" in sheet["A2"].value
    lines = list(sheet.iter_rows(min_row=5, values_only=True))
    names = [line[1] for line in lines if line[1]]
    assert "Riêng Tư" in names and "Thu Hồi" not in names  # the unlisted are on the real annex
    assert len(names) == 7  # in force, across 2023 and 2024
    # Under a heading for each kind, numbered again in each, as offices lay annexes out.
    headings = [line[0] for line in lines if not line[1]]
    assert headings == ["I. Tập thể", "II. Cá nhân", "III. Hộ gia đình"]
    assert [line[0] for line in lines].count(1) == 3
    # The PDF is laid out in the background (by a worker; here, where it is queued).
    response = staff_client.get(reverse("admin:reports_annex", args=[year_of_awards.pk, "pdf"]))
    job = ExportJob.objects.get(kind=ExportJob.Kind.ANNEX_PDF)
    assert response["Location"] == reverse("admin:reports_export", args=[job.pk])
    content = b"".join(staff_client.get(response["Location"], {"download": 1}).streaming_content)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "DANH SÁCH KHEN THƯỞNG" in text and "Hoàng Văn Sáu" in text
    assert job.file.name.endswith(f"annex-{year_of_awards.pk}.pdf")


# Both engines lay out the same pages: Typst, the default, and WeasyPrint, kept as a fallback.
ENGINES = pytest.mark.parametrize("engine", ["typst", "weasyprint"])


def engine_module(engine: str):
    return {"typst": pdf_typst, "weasyprint": pdf_weasyprint}[engine]


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


@ENGINES
def test_a_long_summary_laid_out_in_parts_reads_as_one_document(monkeypatch, engine):
    """Parts of a few rows each give the pages one part gives, numbered across the parts."""
    communes = [Row(f"Xã Đồng Rui số {n}", n, n - 1) for n in range(1, 71)]
    summary = YearSummary(2024, "Quảng Ninh", 11_325, 11_175)
    summary.tables = [Table("By commune", communes)]
    for n in range(1, 31):
        decision = Decision(number=f"{n}/QĐ-UBND", signed_on=datetime.date(2025, 1, 10))
        decision.issuer_name, decision.award_total = "Ủy ban nhân dân tỉnh Quảng Ninh", n
        summary.decisions.append(decision)
    context = {"summary": summary}

    monkeypatch.setattr(engine_module(engine), "PART_ROWS", 10_000)
    whole = page_texts(pdf.render("summary", context, engine=engine).content)
    # More than a page holds (42 rows in WeasyPrint, 51 in Typst), as it must be.
    monkeypatch.setattr(engine_module(engine), "PART_ROWS", 60)
    in_parts = page_texts(pdf.render("summary", context, engine=engine).content)

    assert len(in_parts) == 3  # 107 headings and rows: two parts of 60 at least
    assert in_parts == whole
    for number, text in enumerate(in_parts, 1):
        assert text.endswith(f"{number} / {len(in_parts)}")
    text = "\n".join(in_parts)
    assert all(text.count(f"Xã Đồng Rui số {n} ") == 1 for n in range(1, 71))
    assert all(f"\n{n}/QĐ-UBND 10/01/2025" in text for n in range(1, 31))
    assert text.count("By commune") == 1  # the heading once, the table's head on every page
    assert "Revoked awards (not counted above)\n—" in text


@ENGINES
def test_a_long_annex_is_numbered_across_parts(monkeypatch, engine):
    decision = make_decision(status=Decision.Status.PUBLISHED)
    people = make_people([f"Nguyễn Văn Số {n}" for n in range(1, 141)])
    make_awards(people, "bang-khen-chu-tich-tinh", decision=decision)
    awards = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")
    context = {"decision": decision, "awards": awards}

    monkeypatch.setattr(engine_module(engine), "PART_ROWS", 10_000)
    whole = page_texts(pdf.render("annex", context, engine=engine).content)
    monkeypatch.setattr(engine_module(engine), "PART_ROWS", 60)  # more than a page holds
    in_parts = page_texts(pdf.render("annex", context, engine=engine).content)

    assert len(in_parts) >= 3  # 141 headings and rows: three parts of 60 at least
    assert in_parts == whole
    for number, text in enumerate(in_parts, 1):
        assert text.endswith(f"Trang {number} / {len(in_parts)}")
        # The table's head on every page, the part's first or not.
        assert "TT Họ và tên / Tên tập thể Chức vụ, đơn vị Năm\n" in text
    text = "\n".join(in_parts)
    assert text.count("DANH SÁCH KHEN THƯỞNG") == 1
    # One title: numbered from 1 in name order, each once, whichever part laid it out.
    names = sorted(range(1, 141), key=lambda n: f"nguyen van so {n}")
    for number, name in enumerate(names, 1):
        assert text.count(f"\n{number} Nguyễn Văn Số {name} ") == 1


@ENGINES
@pytest.mark.parametrize("part_rows", [20, 31, 45])
def test_rows_of_several_lines_are_never_split_between_parts(monkeypatch, engine, part_rows):
    """A row that wraps stays on one page, so that a part carries it whole to the next: the
    pages are those of one document, whatever the part's size."""
    decision = make_decision(status=Decision.Status.PUBLISHED)
    awards = make_awards(make_people([f"Trần Thị Dòng {n}" for n in range(1, 81)]),
                         "bang-khen-chu-tich-tinh", decision=decision)  # fmt: skip
    for n, award in enumerate(awards):  # one line to ten (each field under its 300 letters)
        award.recipient_position = ", ".join(["Phó Trưởng phòng Giáo dục và Đào tạo"] * (n % 8))
        award.recipient_unit_name = ", ".join(["Trường Trung học phổ thông Tiên Yên"] * (n % 8))
    Commendation.objects.bulk_update(awards, ["recipient_position", "recipient_unit_name"])
    in_force = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")
    context = {"decision": decision, "awards": in_force}

    monkeypatch.setattr(engine_module(engine), "PART_ROWS", 10_000)
    whole = page_texts(pdf.render("annex", context, engine=engine).content)
    monkeypatch.setattr(engine_module(engine), "PART_ROWS", part_rows)
    in_parts = page_texts(pdf.render("annex", context, engine=engine).content)

    assert len(whole) >= 4 and in_parts == whole
    words = " ".join(" ".join(in_parts).split())
    assert words.count("Phó Trưởng phòng Giáo dục và Đào tạo") == 28 * 10  # 0+1+…+7 an 8
    assert words.count("Trường Trung học phổ thông Tiên Yên") == 28 * 10


@ENGINES
def test_an_annex_without_awards_in_force_is_its_title_alone(engine):
    decision = make_decision()
    context = {"decision": decision, "awards": decision.awards.all()}
    (text,) = page_texts(pdf.render("annex", context, engine=engine).content)
    assert text.startswith("DANH SÁCH KHEN THƯỞNG") and text.endswith("Trang 1 / 1")


def test_an_unknown_annex_is_not_found(staff_client, year_of_awards):
    url = reverse("admin:reports_annex", args=[year_of_awards.pk, "docx"])
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(reverse("admin:reports_annex", args=[999, "pdf"])).status_code == 404


def test_a_communes_summary_pdf_covers_that_commune_signed_like_the_forms(
    staff_client, year_of_awards, settings
):
    settings.OFFICE_NAME = "Sở Nội vụ tỉnh Quảng Ninh"
    dong_rui = Commune.objects.get(name="Đồng Rui")
    url = reverse("admin:reports_summary")
    job_page = staff_client.get(url, {"year": 2024, "commune": dong_rui.pk, "format": "pdf"})
    content = b"".join(staff_client.get(job_page["Location"], {"download": 1}).streaming_content)
    pages = page_texts(content)
    first, last = pages[0], pages[-1]
    assert "SỞ NỘI VỤ TỈNH QUẢNG NINH" in first and "Độc lập - Tự do - Hạnh phúc" in first
    assert "Awards for 2024: Xã Đồng Rui" in first and "the whole registry" not in first
    assert "Emulation year 2024" in first and "whatever the date of the decision" in first
    # Đồng Rui's own: the enterprise, the household and Lê Thị Hoa, not Hải Lạng's flag.
    assert "Lê Thị Hoa" not in first  # the summary counts; it lists no one in force
    total = next(line for line in first.splitlines() if line.startswith("Total"))
    assert total.split()[1:] == ["3", "0"]
    assert "Prepared by" in last and "Head of the office" in last
    assert "(signature, full name, seal)" in last


def test_a_clusters_summary_pdf_covers_that_cluster(staff_client, year_of_awards):
    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    member = Unit.objects.get(name="Công ty TNHH Thủy sản")
    ClusterMembership.objects.create(cluster=cluster, unit=member, year=2024)
    url = reverse("admin:reports_summary")
    job_page = staff_client.get(url, {"year": 2024, "cluster": cluster.pk, "format": "pdf"})
    content = b"".join(staff_client.get(job_page["Location"], {"download": 1}).streaming_content)
    first = page_texts(content)[0]
    assert "Awards for 2024: Cụm thi đua số 1" in first
    total = next(line for line in first.splitlines() if line.startswith("Total"))
    assert total.split()[1:] == ["1", "0"]


def test_form_0603_counts_the_decisions_of_the_offices_own_authority(year_of_awards):
    """A minister's decisions are of the same level as the provincial chair's, and not the
    province's own: counted by the ministry, not here."""
    chair = Authority.objects.get(code="provincial_chair")
    ministers = make_decision(
        status=Decision.Status.PUBLISHED, issuer_name="Bộ trưởng Bộ Nội vụ",
        authority=Authority.objects.get(code="minister_of_home_affairs"),
    )  # fmt: skip
    make_award(make_person("Của Bộ"), "ky-niem-chuong-thi-dua-khen-thuong", decision=ministers)
    Decision.objects.filter(pk=year_of_awards.pk).update(authority=chair)
    unknown = official_form("0603", 2025)  # no office recorded: every provincial-level one
    assert unknown.rows[0].values[0] == 7 and "authority is not recorded" in unknown.warnings[0]
    ReportingOffice.objects.create(name="Sở Nội vụ tỉnh Quảng Ninh", authority=chair)
    form = official_form("0603", 2025)
    assert form.rows[0].values[0] == 6 and form.warnings == []
    assert form.reporting_unit == "Sở Nội vụ tỉnh Quảng Ninh"
