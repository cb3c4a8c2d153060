"""The database itself refuses a corrupt record, whatever wrote it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import Commendation, Decision, PactTarget
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_person,
    make_unit,
    title,
)

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_an_award_with_two_recipients_is_refused_by_the_database():
    decision, unit, person = make_decision(), make_unit(), make_person()
    refused(
        lambda: Commendation.objects.create(
            decision=decision,
            title=title("bang-khen-chu-tich-tinh"),
            year=2024,
            unit=unit,
            person=person,
            recipient_name="x",
        )
    )


def test_an_award_without_recipient_is_refused_by_the_database():
    decision = make_decision()
    refused(
        lambda: Commendation.objects.create(
            decision=decision,
            title=title("bang-khen-chu-tich-tinh"),
            year=2024,
            recipient_name="Nobody",
        )
    )


@pytest.mark.parametrize("maker", [make_unit, make_commune, make_person, make_household])
def test_the_same_title_twice_for_a_recipient_and_year_is_refused(maker):
    recipient = maker()
    make_award(recipient)
    refused(lambda: make_award(recipient))


def test_a_revoked_award_can_be_given_again():
    person = make_person()
    first = make_award(person)
    first.revoked_on = first.decision.signed_on
    first.revocation_reason = "Khai man thành tích"
    first.save()
    again = make_award(person)
    assert again.pk != first.pk


def test_the_same_title_in_another_year_is_allowed():
    person = make_person()
    make_award(person, year=2023)
    make_award(person, year=2024)
    assert person.awards.count() == 2


def test_a_decision_number_is_unique_per_issuer():
    make_decision(number="163/QĐ-UBND", issuer_name="Ủy ban nhân dân tỉnh Quảng Ninh")
    make_decision(number="163/QĐ-UBND", issuer_name="Ủy ban nhân dân huyện Tiên Yên")
    refused(
        lambda: make_decision(number="163/QĐ-UBND", issuer_name="Ủy ban nhân dân tỉnh Quảng Ninh")
    )


@pytest.mark.parametrize("year", [1900, 2101])
def test_a_year_out_of_range_is_refused(year):
    refused(lambda: make_award(make_person(), year=year))


def test_an_amount_out_of_range_is_refused():
    refused(lambda: make_award(make_person(), amount=10**13))


def test_a_revocation_needs_a_reason():
    award = make_award(make_person())
    award.revoked_on = award.decision.signed_on
    refused(award.save)


def test_a_commune_cannot_be_its_own_successor():
    commune = make_commune()
    commune.successor = commune
    refused(commune.save)


def test_full_clean_explains_a_duplicate_in_words():
    person = make_person()
    first = make_award(person)
    duplicate = Commendation(
        decision=make_decision(), title=first.title, year=first.year, person=person
    )
    with pytest.raises(ValidationError, match="already holds this title"):
        duplicate.full_clean()


def test_full_clean_refuses_a_title_not_given_to_that_kind_of_recipient():
    award = Commendation(
        decision=make_decision(), title=title("gia-dinh-van-hoa"), year=2024, person=make_person()
    )
    with pytest.raises(ValidationError, match="not given to individuals"):
        award.full_clean()


def test_full_clean_refuses_an_emulation_year_after_the_decision():
    decision = make_decision()
    award = Commendation(
        decision=decision, title=title("lao-dong-tien-tien"), year=2026, person=make_person()
    )
    with pytest.raises(ValidationError, match="cannot be after the decision"):
        award.full_clean()


def test_saving_an_award_copies_the_recipient_as_written_on_the_decision():
    commune = make_commune("Đồng Rui")
    unit = make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    person = make_person("Lê Thị Mai", position="Giáo viên", unit=unit)
    award = make_award(person)
    assert award.recipient_name == "Lê Thị Mai"
    assert award.recipient_position == "Giáo viên"
    assert award.recipient_unit_name == "Trường Tiểu học Đồng Rui"
    assert award.locality == commune
    assert award.recipient_name_folded == "le thi mai"


def test_published_awards_exclude_drafts_and_revoked():
    published = make_decision(status=Decision.Status.PUBLISHED)
    draft = make_decision()
    kept = make_award(make_person("A"), decision=published)
    make_award(make_person("B"), decision=draft)
    gone = make_award(make_person("C"), decision=published)
    gone.revoked_on, gone.revocation_reason = published.signed_on, "Sai sót"
    gone.save()
    assert list(Commendation.objects.published().in_force()) == [kept]


@pytest.mark.parametrize(
    ("comparison", "target_value", "actual", "achieved"),
    [("gte", "13.5", "14.1", True), ("gte", "13.5", "9.9", False), ("lte", "5", "10", False)],
)
def test_a_target_knows_whether_it_was_achieved(comparison, target_value, actual, achieved):
    target = PactTarget(
        comparison=comparison, target_value=Decimal(target_value), actual_value=Decimal(actual)
    )
    assert target.is_achieved is achieved


def test_an_unmeasured_target_is_neither_achieved_nor_missed():
    assert PactTarget(target_value="100").is_achieved is None
