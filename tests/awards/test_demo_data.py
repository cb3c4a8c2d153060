"""The demo data: loaded once, loaded again without change, and true to the seed."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.demo import COUNTED, SPECIAL_MOVEMENT, UPDATED, load_demo_data
from awards.models import Commendation, Decision, EmulationMovement, Pact
from units.models import Commune, Household, Person, Unit

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model, _one, _plural in COUNTED
    }


def test_loading_twice_creates_and_changes_nothing_the_second_time():
    first = load_demo_data()
    before = snapshot()
    second = load_demo_data()

    assert first[UPDATED] == 0
    assert all(first[plural] for _model, _one, plural in COUNTED)
    assert set(second.values()) == {0}
    assert snapshot() == before


def test_the_command_says_when_nothing_changed():
    first, second = StringIO(), StringIO()
    call_command("load_demo_data", stdout=first)
    call_command("load_demo_data", stdout=second)

    assert first.getvalue().startswith("Demo data loaded: 15 communes, 32 units,")
    assert second.getvalue().strip() == "Demo data already loaded; nothing changed."


def test_an_edited_demo_record_is_put_back_without_a_duplicate():
    load_demo_data()
    Unit.objects.filter(name="Trường THCS Tiên Yên").update(is_demo=False)

    counts = load_demo_data()

    assert counts[UPDATED] == 1
    assert Unit.objects.get(name="Trường THCS Tiên Yên").is_demo


def test_every_demo_row_passes_the_models_validation():
    load_demo_data()
    for model, _one, _plural in COUNTED:
        for row in model.objects.all():
            row.full_clean()


def test_dong_rui_holds_the_2024_provincial_emulation_flag():
    load_demo_data()

    flag = Commendation.objects.filter(recipient_name_folded__contains="dong rui").get(
        title__slug="co-thi-dua-cua-tinh", year=2024
    )

    assert flag.commune == Commune.objects.get(name="Đồng Rui", district="Tiên Yên")
    assert flag.recipient_name == "Nhân dân và cán bộ xã Đồng Rui"
    assert flag.decision.issuer_name == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert flag.decision.status == Decision.Status.PUBLISHED
    assert flag.citation


def test_four_excellent_labour_collectives_in_2024_also_hold_the_chairs_certificate():
    load_demo_data()

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
    load_demo_data()

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
    load_demo_data()

    movement = EmulationMovement.objects.get(name=SPECIAL_MOVEMENT)

    assert movement.launched_by == "Ủy ban nhân dân huyện Tiên Yên"
    assert movement.method == EmulationMovement.Method.THEMATIC
    assert str(movement.starts_on) == "2024-12-31"
    assert movement.awards.filter(method=Commendation.Method.THEMATIC).exists()


def test_grassroots_emulation_fighters_are_advanced_workers_the_same_year():
    load_demo_data()

    for fighter in Commendation.objects.filter(title__slug="chien-si-thi-dua-co-so"):
        assert Commendation.objects.filter(
            title__slug="lao-dong-tien-tien", year=fighter.year, person=fighter.person
        ).exists()


def test_one_award_is_revoked_and_one_decision_is_a_draft():
    load_demo_data()

    revoked = Commendation.objects.revoked().get()

    assert revoked.revocation_reason
    assert revoked.revoking_decision.signed_on >= revoked.decision.signed_on
    assert Decision.objects.filter(status=Decision.Status.DRAFT).count() == 1


def test_every_invented_record_is_flagged_as_demo():
    load_demo_data()

    assert not Person.objects.filter(is_demo=False).exists()
    assert not Household.objects.filter(is_demo=False).exists()
    assert not Decision.objects.filter(is_demo=False).exists()
    assert set(EmulationMovement.objects.filter(is_demo=False).values_list("name", flat=True)) == {
        SPECIAL_MOVEMENT,
        "Phong trào thi đua yêu nước năm 2024",
    }
    invented_kinds = [Unit.Kind.SCHOOL, Unit.Kind.ENTERPRISE, Unit.Kind.VILLAGE]
    assert not Unit.objects.filter(kind__in=invented_kinds, is_demo=False).exists()
    # The communes before July 2025 are real; so is the list of new ones, bar one successor.
    assert not Commune.objects.filter(district="Tiên Yên", is_demo=True).exists()


def test_the_demo_staff_command_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("create_demo_staff", stdout=StringIO())

    assert not User.objects.filter(username="demo").exists()


def test_the_demo_staff_command_creates_a_superuser_once(settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()

    call_command("create_demo_staff", stdout=first)
    password = User.objects.get(username="demo").password
    call_command("create_demo_staff", stdout=second)

    user = User.objects.get(username="demo")
    assert user.is_superuser and user.is_staff
    assert user.check_password("demo-thi-dua-2024")
    assert user.password == password
    for output in (first, second):
        assert "http://127.0.0.1:8000/admin/" in output.getvalue()
        assert "demo-thi-dua-2024" in output.getvalue()


def test_the_demo_staff_has_one_member_of_each_group_and_a_limited_editor(settings, demo):
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
