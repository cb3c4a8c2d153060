"""The demo's bodies and officers, counted on forms 0604.N and 0605.N by hand (reports/demo.py)."""

import io

import pytest
from django.core.management import call_command

from reports.demo import load_demo_bodies
from reports.official import official_form

pytestmark = pytest.mark.django_db


def values(code: str, year: int) -> dict[str, list[int]]:
    return {row.code: row.values for row in official_form(code, year).rows if row.code}


def test_the_demo_board_became_a_division_and_took_four_of_its_officers():
    assert load_demo_bodies() == 11  # 2 bodies, 5 officers in the board, 4 in the division
    assert load_demo_bodies() == 0  # loaded again: nothing new
    assert values("0604", 2024)["04"] == [1] and values("0604", 2024)["05"] == [0]
    assert values("0604", 2025)["04"] == [0] and values("0604", 2025)["05"] == [1]
    # On 30 November 2025: Anh (47, postgraduate, 19 years, F), Bảo (40, university, 13),
    # Mai (34, university, 9, F), Tâm (29, college, 4).
    assert values("0605", 2025) == {
        "01": [4, 2],
        "02": [1, 0], "03": [2, 1], "04": [1, 1], "05": [0, 0], "06": [0, 0], "07": [0, 0],
        "08": [0, 0], "09": [0, 0], "10": [1, 0], "11": [2, 1], "12": [1, 1],
        "13": [1, 0], "14": [1, 1], "15": [2, 1],
    }  # fmt: skip
    assert values("0605", 2024)["01"] == [5, 2]  # Phú (60) had not retired yet


def test_make_demo_loads_them_once():
    said = io.StringIO()
    call_command("load_demo_bodies", stdout=said)
    call_command("load_demo_bodies", stdout=said)
    assert said.getvalue().splitlines() == [
        "Emulation bodies and officers: 11 rows created.",
        "Emulation bodies and officers already loaded; nothing changed.",
    ]
