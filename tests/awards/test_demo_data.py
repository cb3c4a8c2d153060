"""The demo data is true to the seed, and valid. Loaded once for all of these tests."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from awards.demo import COUNTED, SPECIAL_MOVEMENT
from awards.models import Commendation, Decision, EmulationMovement, Pact
from reports.summaries import summarise
from units.models import Commune, Household, Person, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_every_demo_row_passes_the_models_validation():
    for model, _one, _plural in COUNTED:
        for row in model.objects.all():
            row.full_clean()


def test_dong_rui_holds_the_2024_provincial_emulation_flag():
    flag = Commendation.objects.filter(recipient_name_folded__contains="dong rui").get(
        title__slug="co-thi-dua-cua-tinh", year=2024
    )

    assert flag.commune == Commune.objects.get(name="Đồng Rui", district="Tiên Yên")
    assert flag.recipient_name == "Nhân dân và cán bộ xã Đồng Rui"
    assert flag.decision.issuer_name == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert flag.decision.status == Decision.Status.PUBLISHED
    assert flag.citation


def test_four_excellent_labour_collectives_in_2024_also_hold_the_chairs_certificate():
    excellent = (
        Commendation.objects.published()
        .in_force()
        .filter(title__slug="tap-the-lao-dong-xuat-sac", year=2024)
    )
    certified = Commendation.objects.filter(title__slug="bang-khen-chu-tich-tinh", year=2024)

    assert excellent.count() == 4
    assert all(award.unit_id for award in excellent)
    assert {award.unit_id for award in excellent} <= set(certified.values_list("unit", flat=True))


def test_the_2025_pact_has_the_five_targets_of_the_seed():
    pact = Pact.objects.get(year=2025, title="Giao ước thi đua năm 2025")
    targets = list(
        pact.targets.values_list("comparison", "target_value", "unit_of_measure", "basis")
    )

    assert targets == [
        ("gte", Decimal("13.5"), "%", ""),
        ("gte", Decimal("14"), "%", "so với dự toán tỉnh giao"),
        ("gte", Decimal("17"), "%", ""),
        ("gte", Decimal("100"), "%", ""),
        ("gte", Decimal("60"), "%", ""),
    ]
    assert not pact.targets.filter(actual_value__isnull=False).exists()
    assert pact.cluster is None
    assert pact.movement.name == SPECIAL_MOVEMENT
    assert 8 <= pact.signatories.count() <= 12


def test_the_special_movement_runs_to_the_14th_party_congress():
    movement = EmulationMovement.objects.get(name=SPECIAL_MOVEMENT)

    assert movement.launched_by == "Ủy ban nhân dân huyện Tiên Yên"
    assert movement.method == EmulationMovement.Method.THEMATIC
    assert str(movement.starts_on) == "2024-12-31"
    assert movement.awards.filter(method=Commendation.Method.THEMATIC).exists()


def test_grassroots_emulation_fighters_are_advanced_workers_the_same_year():
    for fighter in Commendation.objects.filter(title__slug="chien-si-thi-dua-co-so"):
        assert Commendation.objects.filter(
            title__slug="lao-dong-tien-tien", year=fighter.year, person=fighter.person
        ).exists()


def test_one_award_is_revoked_and_one_decision_is_a_draft():
    revoked = Commendation.objects.revoked().get()

    assert revoked.revocation_reason
    assert revoked.revoking_decision.signed_on >= revoked.decision.signed_on
    assert Decision.objects.filter(status=Decision.Status.DRAFT).count() == 1


def test_every_invented_record_is_flagged_as_demo():
    assert not Person.objects.filter(is_demo=False).exists()
    assert not Household.objects.filter(is_demo=False).exists()
    assert not Decision.objects.filter(is_demo=False).exists()
    assert set(EmulationMovement.objects.filter(is_demo=False).values_list("name", flat=True)) == {
        SPECIAL_MOVEMENT,
        "Phong trào thi đua yêu nước năm 2024",
    }
    invented_kinds = [Unit.Kind.SCHOOL, Unit.Kind.ENTERPRISE, Unit.Kind.VILLAGE]
    assert not Unit.objects.filter(kind__in=invented_kinds, is_demo=False).exists()
    # The communes before and after July 2025 are real, as the national list has them.
    assert not Commune.objects.filter(district="Tiên Yên", is_demo=True).exists()


def test_the_demo_staff_has_one_member_of_each_group_and_a_limited_editor(settings):
    settings.DEBUG = True

    call_command("create_demo_staff", stdout=StringIO())

    groups = {user.username: [g.name for g in user.groups.all()] for user in User.objects.all()}
    assert groups == {
        "demo": [],
        "xem": ["viewer"],
        "bien-tap": ["editor"],
        "bien-tap-dong-rui": ["editor"],
        "phe-duyet": ["publisher"],
    }
    assert str(User.objects.get(username="bien-tap-dong-rui").scope) == "Xã Đồng Rui"


def table(summary, title: str) -> dict[str, tuple[int, int]]:
    rows = next(t.rows for t in summary.tables if str(t.title) == title)
    return {row.label: (row.count, row.previous) for row in rows}


def test_the_demo_summary_matches_the_public_roll(client):
    """The office counts everyone; the public roll leaves out those who asked not to be listed."""
    summary = summarise(2024)
    roll = client.get(reverse("honours_year", args=[2024]))
    public = {row["title__name"]: row["total"] for row in roll.context["counts"]}
    unlisted = Commendation.objects.published().in_force().filter(year=2024, person__listed=False)
    hidden = {name: unlisted.filter(title__name=name).count() for name in public}
    for label, (count, _previous) in table(summary, "By title or form").items():
        assert count == public.get(label, 0) + hidden.get(label, 0), label
    assert (
        table(summary, "By title or form")["Tập thể lao động xuất sắc"][0] == 4
    )  # the seed's four
    assert table(summary, "By title or form")["Cờ thi đua của Ủy ban nhân dân tỉnh"][0] == 1


def test_the_demo_follows_the_national_lists_map_with_its_codes_and_splits():
    """Tiên Yên district's communes until 30 June 2025 and the new communes after, as
    `load_places` would load them (vietnam-provinces): Yên Than went to Tiên Yên and Điền Xá."""
    yen_than = Commune.objects.get(name="Yên Than", district="Tiên Yên")
    old_town = Commune.objects.get(name="Tiên Yên", kind=Commune.Kind.TOWNSHIP)
    new_town = Commune.objects.get(name="Tiên Yên", kind=Commune.Kind.COMMUNE, district="")

    assert [commune.name for commune in yen_than.successors] == ["Tiên Yên", "Điền Xá"]
    assert (old_town.code, new_town.code) == ("06862", "06862")
    assert Commune.objects.get(name="Đồng Rui").successor.name == "Hải Lạng"


def test_after_the_district_the_new_communes_and_the_province_confer_the_2025_titles():
    """From 1 July 2025 the commune chairs recognise what the district chair did (Decree
    129/2025); every demo decision is one its issuer could sign on its date."""
    after = Decision.objects.filter(signed_on__gte="2025-07-01").order_by("signed_on")
    assert [decision.issuer_name for decision in after] == [
        "Ủy ban nhân dân xã Đông Ngũ",
        "Ủy ban nhân dân xã Hải Lạng",
        "Ủy ban nhân dân xã Tiên Yên",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
    ]
    assert not after.filter(issuer_level="district").exists()
    for decision in Decision.objects.prefetch_related("awards__title"):
        assert decision.refusals({award.title for award in decision.awards.all()}) == {}


def test_what_outlived_the_merger_is_in_the_new_commune_and_its_old_awards_stay_where_they_were():
    school = Unit.objects.get(name="Trường Tiểu học Đồng Rui")
    old = Commune.objects.get(name="Đồng Rui")
    new = Commune.objects.get(name="Hải Lạng", district="")
    assert school.commune == new
    assert Household.objects.get(head_name="Hoàng Văn Páo").commune == new
    localities = dict(school.awards.values_list("year", "locality").order_by("year"))
    assert localities[2024] == old.pk
    # Phạm Thị Thu Hà's school: old Tiên Yên township until 2024, the new commune in 2025.
    years = Commendation.objects.filter(person__full_name="Phạm Thị Thu Hà").values_list(
        "year", "locality__valid_from"
    )
    assert {year: start for year, start in years if year in (2024, 2025)} == {
        2024: None,
        2025: date(2025, 7, 1),
    }


def test_the_district_committee_names_the_four_communes_that_took_its_tasks():
    committee = Unit.objects.get(name="Ủy ban nhân dân huyện Tiên Yên")
    assert sorted(unit.commune.name for unit in committee.successors) == [
        "Hải Lạng", "Tiên Yên", "Điền Xá", "Đông Ngũ",
    ]  # fmt: skip


def test_the_reporting_office_is_the_districts_until_2024_and_the_provinces_after(client):
    from awards.models import ReportingOffice

    assert ReportingOffice.for_year(2024) == "Phòng Nội vụ huyện Tiên Yên"
    assert ReportingOffice.for_year(2025) == "Sở Nội vụ tỉnh Quảng Ninh"


def test_every_grassroots_emulation_fighter_of_the_demo_has_the_initiative_the_law_asks():
    from awards.eligibility import Candidate, shortfalls

    fighters = Commendation.objects.filter(title__slug="chien-si-thi-dua-co-so")
    candidates = [
        Candidate(award.title_id, award.year, "person", award.person_id, award.pk)
        for award in fighters
    ]
    assert len(candidates) == 15
    assert shortfalls(candidates) == [[]] * 15
