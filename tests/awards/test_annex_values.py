"""Reading the values of real annexes and matching their rows (awards/imports/values.py,
matching.py): kinds, titles, names, places and abbreviations as offices write them.

Every row here is a row of tests/awards/annexes/SOURCES.md (the file named in each docstring),
given to the check as the table reader gives it: [line, section heading, cells] under a column
mapping, with the title block's findings beside them.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import imports
from awards.imports.values import name_variants, read_name
from awards.models import AnnexImport, Commendation, Decision
from tests.makers import (
    make_commune,
    make_decision,
    make_household,
    make_person,
    make_unit,
)
from units.models import Household, Person, Unit

pytestmark = pytest.mark.django_db

COLLECTIVE = Commendation.RecipientKind.COLLECTIVES
INDIVIDUAL = Commendation.RecipientKind.INDIVIDUALS
HOUSEHOLD = Commendation.RecipientKind.HOUSEHOLDS

# The columns of the province's software (files 04, 07): STT | Phân loại khen thưởng | Tên tập
# thể/cá nhân/hộ gia đình | Chức vụ | Đơn vị công tác | Danh hiệu thi đua/Hình thức khen thưởng.
SOFTWARE = {"kind": 1, "name": 2, "position": 3, "unit": 4, "title": 5}
# A single name column (files 01, 02, 10, 12): STT | Tên tập thể (or the paragraph's text).
SINGLE = {"name": 1}


def quang_binh_decision(**fields) -> Decision:
    """Decision 2871/QĐ-UBND of 24/10/2022 (file 01): the provincial chair's Bằng khen."""
    fields.setdefault("number", "2871/QĐ-UBND")
    fields.setdefault("signed_on", datetime.date(2022, 10, 24))
    fields.setdefault("issuer_name", "Chủ tịch UBND tỉnh Quảng Bình")
    fields.setdefault("issuer_level", "province")
    fields.setdefault("subject", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh")
    found = Decision.objects.filter(number=fields["number"], issuer_name=fields["issuer_name"])
    return found.first() or make_decision(**fields)


def tien_yen_decision(**fields) -> Decision:
    """A decision of Tiên Yên district's chair in 2022: the grassroots titles were his to confer
    (the Law of 2003, then Law 06/2022 Art. 80 khoản 2, until 30 June 2025)."""
    fields.setdefault("number", "1456/QĐ-UBND")
    fields.setdefault("signed_on", datetime.date(2022, 10, 24))
    fields.setdefault("issuer_name", "Chủ tịch UBND huyện Tiên Yên")
    fields.setdefault("issuer_level", "district")
    return quang_binh_decision(**fields)


def health_department_decision() -> Decision:
    """File 05: the director of Quảng Bình's Department of Health, an agency head, confers
    Tập thể lao động tiên tiến on his departments (2023)."""
    return quang_binh_decision(
        number="1895/QĐ-SYT", signed_on=datetime.date(2023, 12, 20),
        issuer_name="Giám đốc Sở Y tế tỉnh Quảng Bình", issuer_level="grassroots",
    )  # fmt: skip


def prime_minister_decision() -> Decision:
    return quang_binh_decision(
        number="1120/QĐ-TTg", signed_on=datetime.date(2025, 9, 24),
        issuer_name="Thủ tướng Chính phủ", issuer_level="state",
    )  # fmt: skip


def annex(
    rows: list,
    mapping: dict = SINGLE,
    decision: Decision | None = None,
    year: int = 2022,
    block: dict | None = None,
    title: str = "",
) -> AnnexImport:
    """An import as read from a file: each row is its cells, or (section heading, cells).

    `title`, when given, is the title block's award: the only place some files name it.
    """
    width = max(mapping.values()) + 1
    read = []
    for line, row in enumerate(rows, start=5):
        section, cells = row if isinstance(row, tuple) else ("", row)
        read.append([line, section, [*cells, *[""] * (width - len(cells))]])
    block = dict(block or {})
    if title:
        block["title"] = title
    return AnnexImport(
        decision=decision or quang_binh_decision(),
        file_name="annex.xlsx",
        headers=[f"column {n}" for n in range(width)],
        rows=read,
        mapping=mapping,
        default_year=year,
        title_block=block,
    )


def checked(imp: AnnexImport) -> list:
    return imports.check(imp).rows


def one(imp: AnnexImport):
    (row,) = checked(imp)
    return row


BANG_KHEN_TINH = "Bằng khen của Chủ tịch UBND tỉnh"
EXACT_BANG_KHEN_TINH = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


# Kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Cá nhân", INDIVIDUAL),
        ("Tập thể", COLLECTIVE),
        ("Hộ gia đình", HOUSEHOLD),
        ("Khen thưởng cá nhân", INDIVIDUAL),
        ("Khen thưởng tập thể", COLLECTIVE),
        ("Khen thưởng hộ gia đình", HOUSEHOLD),
        ("CANHAN", INDIVIDUAL),
        ("TAPTHE", COLLECTIVE),
        ("HOGIADINH", HOUSEHOLD),
    ],
)
def test_kinds_are_read_as_words_and_as_the_software_codes(written, kind):
    """Files 05/06 ("Khen thưởng tập thể" in Phân loại khen thưởng), 04/07 (TAPTHE, CANHAN,
    HOGIADINH), sections "I. Tập thể" / "II. Cá nhân" of 01."""
    commune = make_commune("Đồng Hới", province="Quảng Bình", district="")
    cells = ["", written, "Trần Mạnh Hải", "", "", "Bằng khen của Chủ tịch UBND tỉnh"]
    imp = annex([cells], {**SOFTWARE, "commune": 6})
    imp.rows[0][2][6] = commune.name

    row = one(imp)

    assert (row.kind, row.errors) == (kind, [])


def test_the_kind_comes_from_the_cell_then_the_section_then_the_title_block_then_the_title():
    """File 08 names the kind only in its title block ("DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN
    THƯỞNG"); 01 in its sections; 05 in each row; 10's title is given to collectives only."""
    rows = [
        ("", ["", "Cá nhân", "Trần Mạnh Hải", "Giám đốc", "Sở Y tế", BANG_KHEN_TINH]),
        ("II. Cá nhân", ["", "", "Trương Quang Sáng", "", "", BANG_KHEN_TINH]),
        ("", ["", "", "UBND Xã", "", "", BANG_KHEN_TINH]),
        ("", ["", "", "Thanh tra sở Y tế", "", "", "Tập thể lao động xuất sắc"]),
    ]
    by_block = annex(rows, SOFTWARE, block={"kind": "collectives"})
    no_block = annex(rows, SOFTWARE)

    assert [row.kind for row in checked(by_block)] == [
        INDIVIDUAL, INDIVIDUAL, COLLECTIVE, COLLECTIVE,
    ]  # fmt: skip
    kinds = [(row.kind, row.errors[:1]) for row in checked(no_block)]
    assert kinds[2] == (
        "",
        ["Say whether the recipient is a collective, an individual or a household."],
    )
    assert kinds[3] == (COLLECTIVE, [])  # the only kind Tập thể lao động xuất sắc is given to


def test_a_section_naming_two_kinds_decides_neither():
    """File 11's title block: "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN …"."""
    row = one(annex([("Tập thể, cá nhân", ["1", "Trường Tiểu học Lý Thường Kiệt"])],
                    decision=prime_minister_decision(),
                    title="Bằng khen của Thủ tướng Chính phủ"))  # fmt: skip

    assert row.errors == [
        "Say whether the recipient is a collective, an individual or a household."
    ]


# Titles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        # 01, 10: "UBND" for "Ủy ban nhân dân".
        ("Bằng khen của Chủ tịch UBND tỉnh", "bang-khen-chu-tich-tinh"),
        # 03: without "của".
        ("Bằng khen Chủ tịch UBND tỉnh", "bang-khen-chu-tich-tinh"),
        # 10: a leading "Danh hiệu", a capital "Lao động".
        ("Danh hiệu Tập thể Lao động xuất sắc", "tap-the-lao-dong-xuat-sac"),
        # The MauTDKT HTKT sheet of 05/06, and Phong Thổ's counts: "sỹ", "cấp cơ sở".
        ("Chiến sỹ thi đua cơ sở", "chien-si-thi-dua-co-so"),
        ("Danh hiệu chiến sỹ thi đua cấp cơ sở", "chien-si-thi-dua-co-so"),
        # HTKT: "cấp huyện"; Phong Thổ: "giấy khen của Chủ tịch UBND huyện".
        ("Giấy khen của Chủ tịch UBND cấp huyện", "giay-khen-chu-tich-huyen"),
        ("giấy khen của Chủ tịch UBND huyện", "giay-khen-chu-tich-huyen"),
        # An issuer's name inside the title.
        ("Giấy khen của Chủ tịch UBND huyện Tiên Yên", "giay-khen-chu-tich-huyen"),
        ("Bằng khen của Chủ tịch UBND tỉnh Quảng Bình", "bang-khen-chu-tich-tinh"),
        # HTKT: "Cờ thi đua của UBND tỉnh".
        ("Cờ thi đua của UBND tỉnh", "co-thi-dua-cua-tinh"),
    ],
)
def test_titles_written_loosely_are_read_and_said_to_be(written, slug):
    """The loose titles of SOURCES.md's pattern table ("loose titles", "Not found in real
    material" for sỹ, cấp huyện and Giấy khen của Chủ tịch UBND huyện)."""
    kind = "Tập thể" if slug.startswith(("tap-the", "co-")) else "Cá nhân"
    district = slug in ("chien-si-thi-dua-co-so", "giay-khen-chu-tich-huyen")
    decision = tien_yen_decision() if district else quang_binh_decision()
    row = one(annex([["", kind, "Sở Tư pháp", "", "", written]], SOFTWARE, decision=decision))

    assert (row.title.slug, row.errors) == (slug, [])
    assert row.notes == [f"“{written}” read as “{row.title.name}”."]


def test_a_title_written_as_the_catalogue_writes_it_has_no_note():
    """File 05: "Tập thể lao động tiên tiến", exact on every row; case aside ("TẬP THỂ …")."""
    rows = [
        ["", "Khen thưởng tập thể", "Thanh tra sở Y tế", "", " Sở Y tế", title]
        for title in ("Tập thể lao động tiên tiến", "TẬP THỂ LAO ĐỘNG TIÊN TIẾN")
    ]
    first, second = checked(annex(rows, SOFTWARE, year=2023))

    assert first.title.slug == second.title.slug == "tap-the-lao-dong-tien-tien"
    assert first.notes == second.notes == []


def test_the_title_comes_from_the_cell_then_the_section_then_the_title_block():
    """File 10: the section "Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể" under a title block
    naming Tập thể lao động xuất sắc; file 01: only the title block (the decision's heading)."""
    rows = [
        ("Danh hiệu Tập thể Lao động xuất sắc: 07 tập thể",
         ["1", "Nhân dân và cán bộ xã Văn Hóa"]),
        ("Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể",
         ["1", "Nhân dân và cán bộ xã Châu Hóa"]),
        ("I. Tập thể", ["1", "Công an tỉnh"]),
        ("I. Tập thể", ["2", "Sở Tài nguyên và Môi trường", "", "", "", "Lao động tiên tiến"]),
    ]  # fmt: skip
    imp = annex(rows, {**SINGLE, "title": 5}, year=2019, title="Bằng khen của Chủ tịch UBND tỉnh")

    rows = checked(imp)

    assert [row.title.slug for row in rows[:3]] == [
        "tap-the-lao-dong-xuat-sac", "bang-khen-chu-tich-tinh", "bang-khen-chu-tich-tinh",
    ]  # fmt: skip
    assert rows[1].notes == [
        "“Bằng khen của Chủ tịch UBND tỉnh: 02 tập thể” read as “Bằng khen của Chủ tịch Ủy ban "
        "nhân dân tỉnh”."
    ]
    assert rows[3].errors[0] == "“Lao động tiên tiến” is not given to collectives."


def test_a_software_code_in_the_title_column_gives_way_to_the_title_block():
    """File 04: the title column holds 1650360491, a code of the software's DANHMUC sheet."""
    cells = ["", "TAPTHE", "Công an tỉnh Quảng Bình", "", "", "1650360491"]

    with_block = one(annex([cells], SOFTWARE, title="Bằng khen của Chủ tịch UBND tỉnh"))
    without = one(annex([cells], SOFTWARE))

    assert with_block.title.slug == "bang-khen-chu-tich-tinh"
    assert with_block.notes[0] == (
        "The title column holds “1650360491”, not a title: “Bằng khen của Chủ tịch Ủy ban nhân "
        "dân tỉnh” is taken from the title block."
    )
    assert without.errors == ["Unknown title or form “1650360491”."]


@pytest.mark.parametrize(
    ("written", "level", "issuer", "slug"),
    [
        ("Bằng khen", "province", "Chủ tịch UBND tỉnh Quảng Bình", "bang-khen-chu-tich-tinh"),
        ("Bằng khen", "state", "Thủ tướng Chính phủ", "bang-khen-thu-tuong"),
        ("bằng khen", "province", "Chủ tịch UBND tỉnh Quảng Bình", "bang-khen-chu-tich-tinh"),
        ("Giấy khen", "district", "Chủ tịch UBND huyện Tiên Yên", "giay-khen-chu-tich-huyen"),
        ("Giấy khen", "grassroots", "Chủ tịch UBND xã Tiên Yên", "giay-khen-chu-tich-xa"),
    ],
)
def test_a_bare_form_is_the_one_the_decisions_issuer_confers(written, level, issuer, slug):
    """File 06's examples (title "Bằng khen"), 04's code list (1650360491 = "Bằng khen"),
    02's body ("tặng bằng khen")."""
    decision = quang_binh_decision(issuer_level=level, issuer_name=issuer)
    row = one(annex([["", "CANHAN", "Ông Nguyễn Anh Đại", "Phó Giám đốc", "Sở Tài Chính",
                      written]], SOFTWARE, decision=decision))  # fmt: skip

    assert (row.title.slug, row.errors) == (slug, [])
    assert row.notes == [
        f"“{written}” read as “{row.title.name}”, the form the decision's issuer ({issuer}) "
        "confers."
    ]


def test_a_bare_form_the_issuer_does_not_confer_asks_for_the_title():
    """File 06's "Bằng khen" in a decision of a district, which confers no Bằng khen."""
    decision = quang_binh_decision(issuer_level="district", issuer_name="UBND huyện Tiên Yên")
    row = one(annex([["", "CANHAN", "Ông Nguyễn Anh Đại", "", "", "Bằng khen"]], SOFTWARE,
                    decision=decision))  # fmt: skip

    assert row.title is None
    assert row.errors == [
        "“Bằng khen” does not say which one the decision's issuer (UBND huyện Tiên Yên) "
        "confers: pick the title (“Bằng khen của Thủ tướng Chính phủ”, “Bằng khen của bộ, ban, "
        "ngành”, “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”)."
    ]


def test_a_title_with_a_typo_is_a_visible_guess_and_a_far_one_names_the_closest():
    """The issue's "Lao đông tiên tiên" (SOURCES.md: a typo in a title, not found in real
    material), as a clerk would type it in file 09's list of individuals."""
    rows = [
        ["", "CANHAN", "Hoàng Văn Anh", "", "", "Lao đông tiên tiên"],
        ["", "CANHAN", "Trần Thị Hà", "", "", "Lao động tiên tiếnn"],
        ["", "CANHAN", "Trần Thị Hà", "", "", "Chiến sĩ thi đua cấp huyện"],
    ]
    accents, letter, far = checked(annex(rows, SOFTWARE, decision=tien_yen_decision()))

    assert accents.title.slug == letter.title.slug == "lao-dong-tien-tien"
    assert accents.notes == [
        "“Lao đông tiên tiên” read as “Lao động tiên tiến” (a guess, 89% alike)."
    ]
    assert letter.notes == [
        "“Lao động tiên tiếnn” read as “Lao động tiên tiến” (a guess, 97% alike)."
    ]
    assert far.title is None
    assert far.errors == [
        "Unknown title or form “Chiến sĩ thi đua cấp huyện”. The closest in the catalogue: "
        "“Chiến sĩ thi đua cơ sở”, “Chiến sĩ thi đua toàn quốc”, “Chiến sĩ tiên tiến”."
    ]


# Names -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name", "address"),
    [
        ("Ông Trương Quang Sáng", "Trương Quang Sáng", "Ông"),  # 04
        ("Đại tá Lê Văn Tiến", "Lê Văn Tiến", "Đại tá"),  # 04
        ("Bà Lê Thị Thu Hà", "Lê Thị Thu Hà", "Bà"),  # 11
        ("ông Bùi Phước Dương", "Bùi Phước Dương", "ông"),  # 11, lower case
        ("bà  Võ Phương Quỳnh Ngân ", "Võ Phương Quỳnh Ngân", "bà"),  # 11, stray spaces
        ("Đồng chí Trần Chí Tiến", "Trần Chí Tiến", "Đồng chí"),  # 03's body
        ("Đ/c Nguyễn Văn Nghĩa", "Nguyễn Văn Nghĩa", "Đ/c"),  # 03's body
        ("Thượng tá Nguyễn Anh Ba", "Nguyễn Anh Ba", "Thượng tá"),  # 06's address column
        ("PGS.TS. Nguyễn Văn Hiếu", "Nguyễn Văn Hiếu", "PGS.TS."),
        ("Nhà giáo ưu tú Trần Thị Khuyên", "Trần Thị Khuyên", "Nhà giáo ưu tú"),
        ("Đại tá, TS. Lê Văn Tiến", "Lê Văn Tiến", "Đại tá, TS."),
    ],
)
def test_a_form_of_address_or_rank_goes_aside_from_an_individuals_name(written, name, address):
    """Files 01–04 and 12 ("Ông", "Đại tá" inside the name), 11 ("Bà", "bà", "ông"), 03's body
    ("Đ/c", "Đồng chí"); academic and honorary titles as other lists write them."""
    row = one(annex([["", "CANHAN", written, "", "", BANG_KHEN_TINH]], SOFTWARE))

    assert (row.values["name"], row.values["address"], row.address) == (name, address, address)
    assert row.written_name == written
    assert row.recipient.full_name == name


def test_the_address_column_is_kept_and_a_household_or_collective_keeps_its_whole_name():
    """File 06 (the address "Thượng tá" in its own column "Tên gọi (Ông/Bà/Chức danh)"), 07
    (a household "Gia đình ông Lê Văn Hải"); a collective whose name begins as a form of
    address does ("Cựu chiến binh xã Văn Hóa", of file 10's commune) keeps it."""
    commune = make_commune("Đồng Hới", province="Quảng Bình", district="")
    mapping = {**SOFTWARE, "address": 6, "commune": 7}
    rows = [
        ["", "Khen thưởng cá nhân", "Nguyễn Anh Ba", "Phó công an", "Huyện Quảng Trạch",
         "Bằng khen", "Thượng tá"],
        ["", "HOGIADINH", "Gia đình ông Lê Văn Hải", "", "", "Bằng khen", "", commune.name],
        ["", "TAPTHE", "Cựu chiến binh xã Văn Hóa", "", "", "Bằng khen"],
    ]  # fmt: skip

    person, household, collective = checked(annex(rows, mapping))

    assert (person.values["name"], person.address) == ("Nguyễn Anh Ba", "Thượng tá")
    assert (household.values["name"], household.address) == ("Gia đình ông Lê Văn Hải", "")
    assert household.recipient.head_name == "Gia đình ông Lê Văn Hải"
    assert (collective.values["name"], collective.address) == ("Cựu chiến binh xã Văn Hóa", "")


def test_an_individuals_name_cell_is_split_into_the_name_and_the_position_and_unit():
    """File 01 (items "6. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;", the last ending
    in "./."), 02 (" - " as the separator), 12 (bullets "- Ông …;"); 01's collective
    "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp" is not split."""
    rows = [
        ("I. Tập thể", ["1", "1. Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp;"]),
        ("II. Cá nhân", ["6", "6. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;"]),
        ("II. Cá nhân", ["7", "Đại tá Lê Văn Tiến, Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh;"]),
        ("II. Cá nhân", ["8", "Ông Đặng Đại Bàng - Bí thư Tỉnh đoàn tỉnh Quảng Bình"]),
        ("II. Cá nhân", ["9", "Ông Nguyễn Văn Tình, Phó Chủ tịch UBND thị xã Ba Đồn./."]),
        (
            "II. Cá nhân",
            ["", "- Ông Trần Văn Tấn, Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang;"],
        ),
    ]
    imp = annex(rows, title=BANG_KHEN_TINH)

    read = [(row.values["name"], row.address, row.values["unit"]) for row in checked(imp)]

    assert read == [
        ("Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp", "", ""),
        ("Trương Quang Sáng", "Ông", "Phó Giám đốc Sở Tư pháp"),
        ("Lê Văn Tiến", "Đại tá", "Chính ủy Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
        ("Đặng Đại Bàng", "Ông", "Bí thư Tỉnh đoàn tỉnh Quảng Bình"),
        ("Nguyễn Văn Tình", "Ông", "Phó Chủ tịch UBND thị xã Ba Đồn"),
        ("Trần Văn Tấn", "Ông", "Phó Trưởng đoàn Đại biểu Quốc hội tỉnh Tiền Giang"),
    ]


def test_the_position_after_the_name_goes_to_the_position_when_the_unit_column_is_filled():
    """File 11's columns "Họ và tên / Tên tập thể" | "Chức vụ, đơn vị công tác", with the
    position written after the name instead."""
    mapping = {"name": 1, "unit": 2}
    row = one(annex([["3", "Bà Lê Thị Thu Hà, Hiệu trưởng", "Trường Mầm non Hồng Bắc"]],
                    mapping, year=2025, title="Bằng khen của Thủ tướng Chính phủ",
                    block={"kind": "individuals"}))  # fmt: skip

    assert (row.values["name"], row.values["position"], row.values["unit"]) == (
        "Lê Thị Thu Hà", "Hiệu trưởng", "Trường Mầm non Hồng Bắc",
    )  # fmt: skip


def test_the_award_records_the_cleaned_name_and_the_file_keeps_what_it_says():
    """File 01's row 6 imported: the award names "Trương Quang Sáng", its unit text is the
    position-and-unit as written; the import's rows stay as read."""
    imp = annex([("II. Cá nhân", ["6", "6. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;"])],
                title=BANG_KHEN_TINH)  # fmt: skip
    imp.decision = quang_binh_decision(status=Decision.Status.DRAFT)
    imp.save()

    imports.import_rows(imp, by=None)

    award = imp.decision.awards.get()
    assert (award.recipient_name, award.recipient_unit_name) == (
        "Trương Quang Sáng", "Phó Giám đốc Sở Tư pháp",
    )  # fmt: skip
    assert award.person.full_name == "Trương Quang Sáng"
    imp.refresh_from_db()
    assert imp.rows[0][2][1] == "6. Ông Trương Quang Sáng, Phó Giám đốc Sở Tư pháp;"


# Places ----------------------------------------------------------------------------------------


def test_a_place_after_the_name_is_a_hint_not_part_of_the_name():
    """File 10 ("Nhân dân và cán bộ xã Thuận Hóa (huyện Tuyên Hóa)"), the issue's ", huyện Ba
    Chẽ", file 11 ("Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)")."""
    rows = [
        ["3", "Nhân dân và cán bộ xã Thuận Hóa (huyện Tuyên Hóa)"],
        ["4", "Trạm Y tế xã Đồn Đạc, huyện Ba Chẽ"],
        ["5", "Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)"],
        ["6", "Trường THCS Quang Trung (Huế)"],
    ]
    imp = annex(rows, year=2019, title="Tập thể lao động xuất sắc")

    read = [(row.values["name"], row.place_hint) for row in checked(imp)]

    assert read == [
        ("Nhân dân và cán bộ xã Thuận Hóa", "huyện Tuyên Hóa"),
        ("Trạm Y tế xã Đồn Đạc", "huyện Ba Chẽ"),
        ("Trường Tiểu học Lý Thường Kiệt", "phường Thuận Hóa"),
        ("Trường THCS Quang Trung (Huế)", ""),  # not a place the words name
    ]
    person = read_name("Ông Nguyễn Văn A, Chủ tịch UBND xã B, huyện Ba Chẽ", INDIVIDUAL)
    assert (person.name, person.rest, person.place_hint) == (
        "Nguyễn Văn A", "Chủ tịch UBND xã B, huyện Ba Chẽ", "huyện Ba Chẽ",
    )  # fmt: skip


def test_a_commune_named_after_the_name_places_the_new_recipient_there():
    """File 11: "(phường Thuận Hóa)", "(xã Quảng Điền)" after the schools, post-2025 communes."""
    ward = make_commune("Thuận Hóa", kind="ward", province="Huế", district="")
    make_commune("Thuận Hóa", kind="commune", province="Quảng Bình", district="Tuyên Hóa")
    rows = [("I. Tập thể", ["1", "Trường Tiểu học Lý Thường Kiệt (phường Thuận Hóa)"])]

    row = one(annex(rows, year=2025, decision=prime_minister_decision(),
                    title="Bằng khen của Thủ tướng Chính phủ"))  # fmt: skip

    assert row.errors == []
    assert (row.status, row.commune, row.recipient.commune) == ("new", ward, ward)
    assert "“phường Thuận Hóa” after the name read as the commune: Phường Thuận Hóa." in (row.notes)


def test_a_district_after_the_name_tells_two_communes_of_one_name_apart():
    """File 10: "Nhân dân và cán bộ xã Hải Ninh (huyện Quảng Ninh)" — Quảng Ninh a district of
    Quảng Bình, not the province; a commune column names Hải Ninh of two districts."""
    ours = make_commune("Hải Ninh", province="Quảng Bình", district="Quảng Ninh")
    make_commune("Hải Ninh", province="Quảng Ninh", district="Hải Hà")
    rows = [["7", "Nhân dân và cán bộ xã Hải Ninh (huyện Quảng Ninh)", "Hải Ninh"]]

    row = one(annex(rows, {"name": 1, "commune": 2}, year=2019, title="Tập thể lao động xuất sắc"))

    assert (row.errors, row.commune) == ([], ours)


# Abbreviations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registry", "written"),
    [
        ("Ủy ban nhân dân xã Đồng Rui", "UBND xã Đồng Rui"),
        ("UBND huyện Quảng Ninh", "Ủy ban nhân dân huyện Quảng Ninh"),  # 01 after 02–04
        ("Ủy ban nhân dân tỉnh Quảng Bình", "UBND Tỉnh Quảng Bình"),  # 07
        ("Hội đồng nhân dân xã Đồng Rui", "HĐND xã Đồng Rui"),
        ("Trường Trung học cơ sở Quang Trung", "Trường THCS Quang Trung"),  # 11
        ("Trường Trung học phổ thông Tiên Yên", "Trường THPT Tiên Yên"),
        ("Trường Tiểu học Bắc Sơn", "Trường TH Bắc Sơn"),
        ("Trường Mầm non Hồng Bắc", "Trường MN Hồng Bắc"),
        ("Trường Phổ thông dân tộc bán trú Đồng Văn", "Trường PTDTBT Đồng Văn"),
        ("Trung tâm Y tế huyện Tiên Yên", "TT Y tế huyện Tiên Yên"),
        ("Ban Chỉ huy Quân sự xã Đồng Rui", "BCH Quân sự xã Đồng Rui"),
        ("Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh Quảng Bình",
         "Đoàn TNCS Hồ Chí Minh tỉnh Quảng Bình"),  # 01
        ("Phòng Dân số Kế hoạch hóa gia đình", "Phòng Dân số KHHGĐ"),  # 05
        ("Trung tâm Mắt - Nội tiết tỉnh Quảng Bình", "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình"),
        ("Chi cục Dân số - Kế hoạch hóa gia đình", "Chi cục Dân số-Kế hoạch hóa gia đình"),  # 05
    ],
)  # fmt: skip
def test_an_abbreviated_name_and_its_full_form_are_one_unit(registry, written):
    """Files 01–04 and 07 (UBND), 11 (THCS beside "Trung học cơ sở"), 01 (TNCS), 05 (KHHGĐ;
    en dash and hyphen in one unit's name); the usual THPT, TH, MN, PTDTBT, TT, BCH."""
    unit = make_unit(registry, kind=Unit.Kind.OTHER)
    row = one(annex([["", "TAPTHE", written, "", "", EXACT_BANG_KHEN_TINH]], SOFTWARE))

    assert (row.status, row.recipient, row.errors) == ("matched", unit, [])
    assert row.notes == [f"“{written}” matched to the registry's “{registry}”."]
    assert not Unit.objects.exclude(pk=unit.pk).exists()


def test_th_is_tieu_hoc_only_after_truong():
    """SOURCES.md's abbreviations: "TH" means "Tiểu học" as a school's word only."""
    assert "truong tieu hoc bac son" in name_variants("truong th bac son")
    assert not any("tieu hoc" in variant for variant in name_variants("cong ty th true milk"))


def test_an_individuals_unit_is_found_by_its_abbreviated_name():
    """File 04: "UBND thị xã Ba Đồn" in the unit column, the registry's full name."""
    town = make_unit("Ủy ban nhân dân thị xã Ba Đồn", kind=Unit.Kind.COMMUNE_AUTHORITY)
    tinh = make_person("Nguyễn Văn Tình", unit=town, position="Phó Chủ tịch")
    cells = ["", "CANHAN", "Ông Nguyễn Văn Tỉnh", "Phó chủ tịch", "UBND thị xã Ba Đồn",
             EXACT_BANG_KHEN_TINH]  # fmt: skip

    row = one(annex([cells], SOFTWARE))

    assert (row.unit, row.recipient, row.errors) == (town, tinh, [])
    # Tình and Tỉnh fold alike: the match is said, not silent.
    assert row.notes == [
        "“UBND thị xã Ba Đồn” matched to the registry's “Ủy ban nhân dân thị xã Ba Đồn”.",
        "“Nguyễn Văn Tỉnh” matched to the registry's “Nguyễn Văn Tình”.",
    ]


def test_spaces_are_trimmed_and_collapsed_in_what_the_award_records():
    """File 05: " Trung tâm Kiểm soát bệnh tật Quảng Bình  ", "Khoa Dược - Vật tư  thiết bị
    y tế", "Phòng Nghiệp vụ Dược "."""
    rows = [
        ["", "Khen thưởng tập thể", "Khoa Dược - Vật tư  thiết bị y tế", "",
         " Trung tâm Mắt - Nội tiết tỉnh Quảng Bình  ", "Tập thể lao động tiên tiến"],
        ["", "Khen thưởng tập thể", "Phòng Nghiệp vụ Dược ", "", " Sở Y tế",
         "Tập thể lao động tiên tiến"],
    ]  # fmt: skip
    first, second = checked(annex(rows, SOFTWARE, year=2023))

    assert (first.values["name"], first.values["unit"]) == (
        "Khoa Dược - Vật tư thiết bị y tế", "Trung tâm Mắt - Nội tiết tỉnh Quảng Bình",
    )  # fmt: skip
    assert (second.values["name"], second.values["unit"]) == ("Phòng Nghiệp vụ Dược", "Sở Y tế")


def test_one_new_unit_written_two_ways_in_a_file_is_one_recipient():
    """File 05's rows 10 and 15 ("Trung tâm Mắt – Nội tiết tỉnh Quảng Bình" twice), once
    written with a hyphen: a visible duplicate, not two units."""
    rows = [
        ["", "Khen thưởng tập thể", "Trung tâm Mắt – Nội tiết tỉnh Quảng Bình", "", "Sở Y tế",
         "Tập thể lao động tiên tiến"],
        ["", "Khen thưởng tập thể", "Trung tâm Mắt - Nội tiết tỉnh Quảng Bình", "", "Sở Y tế",
         "Tập thể lao động tiên tiến"],
    ]  # fmt: skip
    first, second = checked(annex(rows, SOFTWARE, year=2023, decision=health_department_decision()))

    assert first.errors == []
    assert second.errors == ["Same recipient, title and year as line 5."]


def test_a_department_of_one_name_under_two_parents_is_two_units():
    """File 05: "Phòng Kế hoạch - Tài chính" of Sở Y tế (row 2) and of Trung tâm Mắt - Nội tiết
    (row 12): the parent in the unit column is part of the recipient's identity."""
    health = make_unit("Sở Y tế", kind=Unit.Kind.AGENCY)
    eyes = make_unit("Trung tâm Mắt - Nội tiết tỉnh Quảng Bình", kind=Unit.Kind.HEALTH_FACILITY)
    planning = make_unit("Phòng Kế hoạch - Tài chính", kind=Unit.Kind.AGENCY, parent=health)
    rows = [
        ["", "Khen thưởng tập thể", "Phòng Kế hoạch - Tài chính", "", " Sở Y tế",
         "Tập thể lao động tiên tiến"],
        ["", "Khen thưởng tập thể", "Phòng Kế hoạch - Tài chính", "",
         "Trung tâm Mắt - Nội tiết tỉnh Quảng Bình", "Tập thể lao động tiên tiến"],
        ["", "Khen thưởng tập thể", "Phòng Tổ chức – Hành chính", "",
         "Trung tâm Mắt - Nội tiết tỉnh Quảng Bình", "Tập thể lao động tiên tiến"],
        ["", "Khen thưởng tập thể", "Phòng Tổ chức - Hành chính", "",
         "Trung tâm Kiểm soát bệnh tật Quảng Bình", "Tập thể lao động tiên tiến"],
    ]  # fmt: skip
    ours, theirs, first, second = checked(
        annex(rows, SOFTWARE, year=2023, decision=health_department_decision())
    )

    assert (ours.status, ours.recipient) == ("matched", planning)
    assert (theirs.status, theirs.recipient.parent) == ("new", eyes)
    assert (first.errors, second.errors) == ([], [])  # two departments, not a duplicate
    assert (first.recipient.parent, second.recipient.parent) == (eyes, None)


# Suggestions -----------------------------------------------------------------------------------


@pytest.fixture
def after_2871():
    """The registry after decision 2871 (file 01) was imported: its units and people."""
    units = {
        name: make_unit(name, kind=Unit.Kind.AGENCY)
        for name in (
            "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp",
            "Công an tỉnh",
            "Đài Phát thanh và Truyền hình Quảng Bình",
            "Sở Tài nguyên và Môi trường",
        )
    }
    people = {
        name: make_person(name, position=position)
        for name, position in (
            ("Trương Quang Sáng", "Phó Giám đốc Sở Tư pháp"),
            ("Đặng Đại Bàng", "Bí thư Đoàn TNCS Hồ Chí Minh tỉnh Quảng Bình"),
            ("Nguyễn Văn Tình", "Phó Chủ tịch UBND thị xã Ba Đồn"),
        )
    }
    return units, people


def test_near_names_of_the_registry_are_offered_and_no_duplicate_is_made_silently(after_2871):
    """File 02 after 01 ("Công an tỉnh Quảng Bình" ≈ "Công an tỉnh", rows 1, 3 and 5 longer
    names of the same units), 03's typing slip "Ông Đặn g Đại Bàng"."""
    units, people = after_2871
    rows = [
        ("I. Tập thể", ["1", "Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp tỉnh Quảng Bình"]),
        ("I. Tập thể", ["2", "Công an tỉnh Quảng Bình"]),
        ("I. Tập thể", ["3", " Đài Phát thanh truyền hình tỉnh Quảng Bình"]),
        ("I. Tập thể", ["5", "Sở Tài nguyên và Môi trường tỉnh Quảng Bình"]),
        ("II. Cá nhân", ["8", "Ông Đặn g Đại Bàng, Bí thư Tỉnh đoàn tỉnh Quảng Bình"]),
    ]
    rows = checked(annex(rows, title=EXACT_BANG_KHEN_TINH))

    assert [row.status for row in rows] == ["new"] * 5
    offered = [[(found["field"], found["pk"]) for found in row.suggestions] for row in rows]
    assert offered == [
        [("unit", units["Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp"].pk)],
        [("unit", units["Công an tỉnh"].pk)],
        [("unit", units["Đài Phát thanh và Truyền hình Quảng Bình"].pk)],
        [("unit", units["Sở Tài nguyên và Môi trường"].pk)],
        [("person", people["Đặng Đại Bàng"].pk)],
    ]
    assert rows[1].suggestions == [
        {"field": "unit", "pk": units["Công an tỉnh"].pk, "label": "Công an tỉnh", "score": 90}
    ]
    assert rows[1].notes == [
        "A new unit will be added, although the registry has close names: “Công an tỉnh” (90% "
        "alike)."
    ]
    assert rows[4].notes == [
        "A new person will be added, although the registry has close names: “Đặng Đại Bàng, Bí "
        "thư Đoàn TNCS Hồ Chí Minh tỉnh Quảng Bình” (96% alike)."
    ]


def test_near_names_are_looked_for_within_the_rows_unit_and_commune():
    """File 11: Lê Thị Thu Hà and Nguyễn Thị Thu Hà, two teachers of close names; a household
    of file 07 beside one of another commune."""
    school = make_unit("Trường Mầm non Hồng Bắc")
    other = make_unit("Trường Mầm non Xuân Lộc")
    ha = make_person("Lê Thị Thu Hà", unit=school)
    make_person("Lê Thị Thu Hả", unit=other)
    home = make_commune("Đồng Hới", province="Quảng Bình", district="")
    near = make_household("Gia đình Lê Văn Hải", commune=home)
    make_household("Gia đình Lê Văn Hải")  # of another commune
    rows = [
        ["", "CANHAN", "bà Nguyễn Thị Thu Hà", "Hiệu trưởng", "Trường Mầm non Hồng Bắc",
         "Bằng khen", ""],
        ["", "HOGIADINH", "Gia đình ông Lê Văn Hải", "", "", "Bằng khen", "Đồng Hới"],
    ]  # fmt: skip
    person, household = checked(annex(rows, {**SOFTWARE, "commune": 6}))

    assert (person.status, household.status) == ("new", "new")
    assert [(s["pk"], s["label"], s["score"]) for s in person.suggestions] == [
        (ha.pk, "Lê Thị Thu Hà, Trường Mầm non Hồng Bắc", 80)
    ]
    assert [s["pk"] for s in household.suggestions] == [near.pk]


@pytest.mark.usefixtures("after_2871")
def test_suggestions_cost_the_same_queries_for_ten_rows_and_for_two_hundred():
    """Files 01–03 and 07 as long lists: new units near the registry's, people of a unit, of a
    commune and of no known place, households; every row gets its suggestions."""
    commune = make_commune("Đồng Hới", province="Quảng Bình", district="")
    school = make_unit("Trường Mầm non Hồng Bắc", commune=commune)
    for number in range(30):
        make_person(f"Lê Thị Thu Hà {number}", unit=school)  # three of them are offered
    make_person("Nguyễn Thị Thu Hằng", commune=commune)
    make_household("Gia đình Lê Văn Hải", commune=commune)
    mapping = {**SOFTWARE, "commune": 6, "year": 7}

    def of(count: int) -> AnnexImport:
        # The same recipients year after year: rows that are not duplicates of one another.
        rows = []
        for year in map(str, range(1980, 1980 + count)):
            rows += [
                ["", "TAPTHE", "Công an tỉnh Quảng Bình", "", "", "Bằng khen", "", year],
                ["", "CANHAN", "Ông Đặn g Đại Bàng", "", "", "Bằng khen", "", year],
                ["", "CANHAN", "Bà Lê Thị Thu Hà", "", school.name, "Bằng khen", "", year],
                ["", "CANHAN", "Nguyễn Thị Thu Hà", "", "", "Bằng khen", "Đồng Hới", year],
                ["", "HOGIADINH", "Gia đình ông Lê Văn Hải", "", "", "Bằng khen", "Đồng Hới",
                 year],
            ]  # fmt: skip
        return annex(rows, mapping)

    small, large = of(2), of(40)
    with CaptureQueriesContext(connection) as small_queries:
        small_rows = checked(small)
    with CaptureQueriesContext(connection) as large_queries:
        large_rows = checked(large)

    assert len(large_queries) == len(small_queries)
    assert all(row.status == "new" and row.suggestions for row in small_rows + large_rows)
    assert len(large_rows[2].suggestions) == 3
    assert not Person.objects.filter(full_name__contains="Đặn g").exists()
    assert Household.objects.count() == 1


# Years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["²", "٣", "2٠24", "二〇二四"])
def test_a_year_of_other_digits_is_an_error_not_a_crash(written):
    """Any file's year column (09's, say) holding superscripts or Arabic-Indic digits."""
    cells = ["", "CANHAN", "Hoàng Văn Anh", "", "", "Lao động tiên tiến", written]
    row = one(annex([cells], {**SOFTWARE, "year": 6}, decision=tien_yen_decision()))

    assert row.errors == [f"The year “{written}” is not a year."]


def test_the_year_the_title_block_names_is_the_rows_year():
    """File 10: "… NĂM 2019" in the title block; the upload's default year was 2020."""
    row = one(annex([["1", "Nhân dân và cán bộ xã Văn Hóa"]], year=2020,
                    block={"year": 2019, "title": "Tập thể lao động xuất sắc"}))  # fmt: skip

    assert (row.year, row.errors) == (2019, [])
