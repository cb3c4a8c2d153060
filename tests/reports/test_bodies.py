"""Forms 0604.N and 0605.N: the bodies doing emulation and commendation work, and their civil
servants, as they stood on the last day of the reporting period (30 November)."""

import datetime

import pytest
from django.urls import reverse

from reports.models import EmulationBody, EmulationOfficer
from reports.official import official_form
from tests.makers import make_member

pytestmark = pytest.mark.django_db
Kind = EmulationBody.Kind


def rows(form) -> dict[str, list[int]]:
    return {row.code: row.values for row in form.rows if not row.is_heading}


@pytest.fixture
def bodies() -> dict[str, EmulationBody]:
    make = EmulationBody.objects.create
    return {
        "board": make(name="Ban Thi đua - Khen thưởng", kind=Kind.BOARD_OF_HOME_AFFAIRS),
        "division": make(name="Phòng Thi đua, Khen thưởng", kind=Kind.DIVISION_OF_HOME_AFFAIRS),
        "ended": make(name="Phòng cũ", kind=Kind.DIVISION_OF_HOME_AFFAIRS,
                      valid_until=datetime.date(2024, 6, 30)),
        "later": make(name="Vụ Thi đua", kind=Kind.MINISTRY_DEPARTMENT,
                      valid_from=datetime.date(2024, 12, 15)),
    }  # fmt: skip


def test_form_0604_counts_the_bodies_in_force_at_the_periods_end(bodies):
    assert rows(official_form("0604", 2024)) == {
        "01": [2], "02": [0], "03": [0], "04": [1], "05": [1],
    }  # fmt: skip
    assert rows(official_form("0604", 2025))["02"] == [1]  # set up on 15 December 2024


def test_form_0605_counts_the_officers_by_age_training_and_years_in_the_field(bodies):
    def officer(body: str, female: bool, born: int, training: str, since, **fields) -> None:
        EmulationOfficer.objects.create(
            body=bodies[body], full_name=f"Cán bộ {born}", is_female=female, birth_year=born,
            training=training, in_the_field_since=since, **fields,
        )  # fmt: skip

    officer("board", True, 1994, "university", datetime.date(2020, 1, 1))  # 30; 4 years
    officer("division", False, 1984, "postgraduate", datetime.date(2014, 11, 30))  # 40; 10
    officer("division", True, 1963, "college", datetime.date(2015, 12, 1))  # 61; 8 years
    officer(
        "board",
        False,
        1990,
        "university",
        datetime.date(2018, 1, 1),
        valid_until=datetime.date(2024, 10, 1),
    )  # left before the period's end
    officer("ended", True, 1980, "university", datetime.date(2010, 1, 1))  # the body ended
    form = official_form("0605", 2024)
    counted = rows(form)
    assert counted["01"] == [3, 2]  # all, of whom women
    assert [counted[code] for code in ("02", "03", "04", "05", "06", "07")] == [
        [1, 1], [1, 0], [0, 0], [0, 0], [0, 0], [1, 1],
    ]  # fmt: skip
    assert [counted[code] for code in ("08", "09", "10", "11", "12")] == [
        [0, 0], [0, 0], [1, 1], [1, 1], [1, 0],
    ]  # fmt: skip
    assert [counted[code] for code in ("13", "14", "15")] == [[1, 1], [1, 1], [1, 0]]
    assert [row.code or row.label[:2] for row in form.rows] == [
        "01", "1.", "02", "03", "04", "05", "06", "07", "2.", "08", "09", "10", "11", "12",
        "3.", "13", "14", "15",
    ]  # fmt: skip
    assert [column.label for column in form.columns] == ["Tổng số", "Trong đó: Nữ"]


@pytest.mark.parametrize("code", ["0604", "0605"])
def test_staff_open_and_print_forms_0604_and_0605(staff_client, bodies, code):
    url = reverse("admin:reports_official_form", args=[code])
    assert staff_client.get(url, {"year": 2024}).status_code == 200
    pdf = staff_client.get(url, {"year": 2024, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    xlsx = staff_client.get(url, {"year": 2024, "format": "xlsx"})
    assert xlsx.status_code == 200


def test_years_in_the_field_are_whole_years_to_the_periods_end(bodies):
    """30 November 2024: since 1 December 2014 is 9 years, since 30 November 2019 is 5; one
    who starts after the period's end is not counted yet."""
    for since in (datetime.date(2014, 12, 1), datetime.date(2019, 11, 30),
                  datetime.date(2024, 12, 1)):  # fmt: skip
        EmulationOfficer.objects.create(
            body=bodies["board"], full_name=f"Cán bộ {since}", birth_year=1990,
            training="university", in_the_field_since=since,
        )  # fmt: skip
    counted = rows(official_form("0605", 2024))
    assert counted["01"] == [2, 0]
    assert [counted[code] for code in ("13", "14", "15")] == [[0, 0], [2, 0], [0, 0]]


def test_scoped_staff_never_reach_the_officers_even_if_given_the_permission(client, bodies):
    from django.contrib.auth.models import Permission

    from units.models import Commune

    officer = EmulationOfficer.objects.create(
        body=bodies["board"], full_name="Trần Thị Bí Mật", birth_year=1980, is_female=True,
        training="university", in_the_field_since=datetime.date(2010, 1, 1),
    )  # fmt: skip
    commune = Commune.objects.create(name="Đồng Rui", district="Tiên Yên")
    editor = make_member("bien-tap", "editor", commune=commune)
    editor.user_permissions.add(Permission.objects.get(codename="view_emulationofficer"))
    client.force_login(editor)
    assert client.get(reverse("admin:reports_emulationofficer_changelist")).status_code == 403
    change = reverse("admin:reports_emulationofficer_change", args=[officer.pk])
    assert client.get(change).status_code in (302, 403)
    assert "Trần Thị Bí Mật" not in client.get(reverse("admin:index")).text


def test_forms_0604_and_0605_say_the_day_they_count(staff_client, bodies):
    url = reverse("admin:reports_official_form", args=["0604"])
    page = staff_client.get(url, {"year": 2024}).text
    assert "Reporting year 2024: as they stood on 30/11/2024." in page
    assert "decisions signed" not in page
