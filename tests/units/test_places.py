"""The real map: `manage.py load_places --province NAME`, from the national list of the
vietnam-provinces package (its data as of September 2026: Quảng Ninh before and after 1 July
2025, as Resolution 1679/NQ-UBTVQH15 arranged its communes)."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from tests.makers import make_commune
from units.models import Commune

pytestmark = pytest.mark.django_db

JUNE_30, JULY_1 = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)


def load(capsys, province: str = "Quảng Ninh") -> str:
    call_command("load_places", "--province", province)
    return capsys.readouterr().out


def old(name: str, kind: str = Commune.Kind.COMMUNE) -> Commune:
    return Commune.objects.get(name=name, kind=kind, district="Tiên Yên")


def new(name: str) -> Commune:
    return Commune.objects.get(name=name, valid_from=JULY_1)


def test_a_province_loads_its_old_districts_communes_and_its_new_ones_and_twice_is_once(capsys):
    first = load(capsys)
    second = load(capsys)

    tien_yen = Commune.objects.filter(district="Tiên Yên", province="Quảng Ninh")
    assert sorted(tien_yen.values_list("name", flat=True)) == sorted(
        ["Tiên Yên", "Hà Lâu", "Đại Dực", "Phong Dụ", "Điền Xá", "Đông Ngũ", "Yên Than",
         "Đông Hải", "Hải Lạng", "Tiên Lãng", "Đồng Rui"]
    )  # fmt: skip
    assert set(tien_yen.values_list("valid_until", flat=True)) == {JUNE_30}
    assert old("Tiên Yên", Commune.Kind.TOWNSHIP).code == "06862"
    assert (new("Tiên Yên").code, new("Tiên Yên").district) == ("06862", "")
    assert "new communes added" in first
    assert second.strip() == "Quảng Ninh: nothing to change."


def test_a_commune_split_in_three_names_its_three_successors(client, capsys):
    """Old Hải Lạng (Tiên Yên) went to the new Hải Lạng, Hải Hòa and Ba Chẽ."""
    load(capsys)
    hai_lang = old("Hải Lạng")

    assert {commune.name for commune in hai_lang.successors} == {"Hải Lạng", "Hải Hòa", "Ba Chẽ"}
    assert hai_lang.successor == new("Hải Lạng")  # the one that kept its name
    page = client.get(hai_lang.get_absolute_url()).content.decode()
    assert "Now part of" in page
    for successor in hai_lang.successors:
        assert f'href="{successor.get_absolute_url()}"' in page
    # The new commune's page lists all it was formed from, whole or in part.
    formed = client.get(new("Hải Lạng").get_absolute_url()).content.decode()
    for predecessor in ("Xã Hải Lạng", "Xã Đồng Rui"):
        assert predecessor in formed[formed.index("Formed from") :]


def test_a_commune_the_registry_holds_is_matched_not_added_again(capsys):
    """Typed by hand years ago, without its code: it is the national list's Đồng Rui."""
    typed = make_commune("Đồng Rui", district="Tiên Yên", province="Quảng Ninh")

    out = load(capsys)

    typed.refresh_from_db()
    assert Commune.objects.filter(name="Đồng Rui").count() == 1
    assert (typed.code, typed.valid_until, typed.successor) == ("06892", JUNE_30, new("Hải Lạng"))
    assert "Xã Đồng Rui (Tiên Yên) ended on 30/06/2025: move what is current in it" in out


def test_codes_are_unique_in_force_so_a_new_commune_reuses_its_predecessors(capsys):
    load(capsys)

    assert old("Hải Lạng").code == new("Hải Lạng").code == "06886"
    in_force = Commune.objects.filter(valid_until__isnull=True).exclude(code="")
    assert in_force.values("code").distinct().count() == in_force.count()


def test_a_province_not_in_the_national_list_is_said():
    with pytest.raises(CommandError, match="No province named 'Atlantis'"):
        call_command("load_places", "--province", "Atlantis")


def test_a_province_merged_into_another_gets_its_links_from_the_new_province(capsys):
    """Hà Giang was merged into Tuyên Quang: loading Tuyên Quang loads the old Hà Giang wards
    its new communes were formed from, with their links."""
    load(capsys, "Tuyên Quang")

    old_ha_giang = Commune.objects.filter(province="Hà Giang", valid_until=JUNE_30)
    assert old_ha_giang.exists()
    assert not old_ha_giang.filter(successor__isnull=True).exists()


def test_an_earlier_record_of_the_same_name_keeps_its_history(capsys):
    earlier = make_commune(
        "Đồng Rui", district="Tiên Yên", province="Quảng Ninh",
        valid_until=datetime.date(2019, 12, 31),
    )  # fmt: skip
    current = make_commune(
        "Đồng Rui", district="Tiên Yên", province="Quảng Ninh",
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip

    load(capsys)

    earlier.refresh_from_db()
    current.refresh_from_db()
    assert (earlier.code, earlier.successor) == ("", None)
    assert (current.code, current.valid_until) == ("06892", JUNE_30)


def test_two_communes_whose_names_fold_alike_stay_two(capsys):
    """Thái Nguyên has Văn Lang and Văn Lăng: one name without its marks, two communes."""
    load(capsys, "Thái Nguyên")
    second = load(capsys, "Thái Nguyên")

    names = set(
        Commune.objects.filter(name_folded="van lang", valid_from=JULY_1).values_list(
            "name", flat=True
        )
    )
    assert names == {"Văn Lang", "Văn Lăng"}
    assert second.strip() == "Thái Nguyên: nothing to change."
