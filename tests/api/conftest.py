"""A small registry for the open API's tests, made once a module (as the demo is, in a
transaction rolled back at the module's end): what the public sees and what it must not."""

import datetime
import sys
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings

from awards.models import (
    Commendation,
    Decision,
    EmulationCluster,
    EmulationMovement,
    Pact,
    PactSignatory,
    PactTarget,
)
from tests.makers import (
    CommittingClient,
    committed,
    make_award,
    make_awards,
    make_commune,
    make_decision,
    make_household,
    make_people,
    make_person,
    make_unit,
)
from units.models import Commune, Household, Person, Unit

PUBLISHED = Decision.Status.PUBLISHED
# Awards that the annex of the first decision holds, whose names sort with ties.
NAMES = [f"Nguyễn Văn {name}" for name in ("An", "Bình", "Cường", "Dũng", "Đức")] * 6


@dataclass
class Registry:
    dong_rui: Commune
    hai_lang: Commune
    school: Unit
    office: Unit
    hoa: Person
    unlisted: Person
    only_in_a_draft: Person
    only_revoked: Person
    household: Household
    decision: Decision
    earlier: Decision
    draft: Decision
    public: list[Commendation]
    revoked: Commendation
    hidden: list[Commendation]
    pacts: list[Pact]


def make_registry() -> Registry:
    hai_lang = make_commune("Hải Lạng", valid_until=datetime.date(2025, 6, 30))
    dong_rui = make_commune("Đồng Rui", code="22300")
    hai_lang.successor = dong_rui
    hai_lang.save()
    school = make_unit("Trường Tiểu học Đồng Rui", commune=dong_rui)
    office = make_unit("Văn phòng UBND xã Hải Lạng", kind=Unit.Kind.AGENCY, commune=hai_lang)
    hoa = make_person("Nguyễn Thị Hoa", position="Giáo viên", unit=school, commune=dong_rui)
    unlisted = make_person("Lê Văn Kín Đáo", listed=False, unit=school)
    only_in_a_draft = make_person("Trần Thị Dự Thảo", unit=school)
    only_revoked = make_person("Phạm Văn Thu Hồi", unit=school)
    household = make_household("Hoàng Văn Sáu", commune=dong_rui, village="Thôn 1")
    movement = EmulationMovement.objects.create(
        name="Thi đua chuyển đổi số",
        launched_by="UBND tỉnh",
        launch_level=EmulationMovement.LaunchLevel.PROVINCE,
        scope=EmulationMovement.Scope.LOCALITY,
        method=EmulationMovement.Method.THEMATIC,
        starts_on=datetime.date(2023, 1, 1),
    )

    decision = make_decision(number="4012/QĐ-UBND", status=PUBLISHED)
    earlier = make_decision(
        number="15/QĐ-UBND",
        signed_on=datetime.date(2024, 2, 1),
        subject="Về việc khen thưởng năm 2023",
        status=PUBLISHED,
    )
    draft = make_decision(number="99/QĐ-UBND")
    public = make_awards(make_people(NAMES), decision=decision, locality=dong_rui)
    public += [
        make_award(hoa, decision=decision, slug="chien-si-thi-dua-co-so", movement=movement),
        make_award(school, decision=decision, slug="tap-the-lao-dong-tien-tien"),
        make_award(dong_rui, decision=earlier, year=2023),
        make_award(office, decision=earlier, year=2023, citation="Hoàn thành xuất sắc"),
        make_award(household, decision=decision, slug="gia-dinh-van-hoa"),
    ]
    revoked = make_award(
        only_revoked,
        decision=decision,
        revoked_on=datetime.date(2025, 3, 1),
        revocation_reason="Khai man thành tích",
    )
    hidden = [
        make_award(unlisted, decision=decision),
        make_award(only_in_a_draft, decision=draft),
        make_award(office, decision=draft, slug="tap-the-lao-dong-tien-tien"),
        revoked,
    ]

    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    pacts = []
    for year in (2023, 2024, 2025):
        pact = Pact.objects.create(
            year=year, title=f"Giao ước thi đua {year}", cluster=cluster, movement=movement
        )
        PactSignatory.objects.create(pact=pact, unit=school, representative_name="Ông A")
        PactSignatory.objects.create(pact=pact, unit=office)
        PactTarget.objects.create(
            pact=pact, indicator="Tỷ lệ hộ nghèo", comparison="lte", target_value="2.50"
        )
        PactTarget.objects.create(
            pact=pact,
            indicator="Thu ngân sách",
            target_value="100",
            unit_of_measure="%",
            actual_value="104.5",
            position=1,
        )
        pacts.append(pact)
    return Registry(
        dong_rui=dong_rui,
        hai_lang=hai_lang,
        school=school,
        office=office,
        hoa=hoa,
        unlisted=unlisted,
        only_in_a_draft=only_in_a_draft,
        only_revoked=only_revoked,
        household=household,
        decision=decision,
        earlier=earlier,
        draft=draft,
        public=public,
        revoked=revoked,
        hidden=hidden,
        pacts=pacts,
    )


@pytest.fixture(scope="module")
def _registry_of_the_module(django_db_setup, django_db_blocker):
    """Made once for a module's tests, rolled back after them (each test's own changes are a
    savepoint inside, rolled back after the test)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(SIMPLE_HISTORY_ENABLED=False), committed():
                made = make_registry()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def registry(_registry_of_the_module, db) -> Registry:
    return _registry_of_the_module


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """Tests walk lists a page at a time; the throttle's own tests lower the rate."""
    settings.API_THROTTLE_RATE = "100000/min"


@pytest.fixture
def client() -> CommittingClient:
    """A program that asks for English (Accept-Language), as the tests compare messages in
    English; one that asks for nothing gets Vietnamese, the site's language."""
    return CommittingClient(headers={"Accept-Language": "en"})
