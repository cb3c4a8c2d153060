"""Entering a decision with its awards in the admin, as an office clerk does."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.forms import FileField
from django.urls import reverse

from awards.models import Commendation, Decision
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_person,
    make_unit,
    title,
)
from units.models import Unit

pytestmark = pytest.mark.django_db


def add_url() -> str:
    return reverse("admin:awards_decision_add")


def decision_form(**decision) -> dict:
    return {
        "number": "163/QĐ-UBND",
        "signed_on": "2025-01-10",
        "issuer_name": "Ủy ban nhân dân tỉnh Quảng Ninh",
        "issuer_level": "province",
        "signer_name": "Trần Văn Minh",
        "signer_position": "Phó Chủ tịch",
        "subject": "Về việc khen thưởng năm 2024",
        "status": "draft",
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
        "awards-MIN_NUM_FORMS": "0",
        "awards-MAX_NUM_FORMS": "1000",
        **decision,
    }


def with_awards(data: dict, *rows: dict) -> dict:
    data["awards-TOTAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        row = {"year": "2024", "method": "regular", **row}
        for field, value in row.items():
            data[f"awards-{index}-{field}"] = value
    return data


def errors_of(response) -> str:
    return response.content.decode()


def test_a_decision_is_entered_with_awards_to_a_unit_a_person_and_a_household(staff_client):
    unit, person, household = make_unit(), make_person(), make_household()
    merit = str(title("bang-khen-chu-tich-tinh").pk)
    response = staff_client.post(
        add_url(),
        with_awards(
            decision_form(),
            {"title": merit, "unit": unit.pk, "amount": "2000000"},
            {"title": merit, "person": person.pk},
            {"title": merit, "household": household.pk},
        ),
    )
    assert response.status_code == 302, errors_of(response)
    decision = Decision.objects.get(number="163/QĐ-UBND")
    assert {award.recipient for award in decision.awards.all()} == {unit, person, household}


def test_an_award_with_two_recipients_is_refused_with_a_message(staff_client):
    merit = str(title("bang-khen-chu-tich-tinh").pk)
    response = staff_client.post(
        add_url(),
        with_awards(
            decision_form(),
            {"title": merit, "unit": make_unit().pk, "person": make_person().pk},
        ),
    )
    assert response.status_code == 200
    assert "Choose exactly one recipient" in errors_of(response)
    assert not Decision.objects.exists()


def test_an_award_without_recipient_is_refused_with_a_message(staff_client):
    merit = str(title("bang-khen-chu-tich-tinh").pk)
    response = staff_client.post(
        add_url(), with_awards(decision_form(), {"title": merit, "recipient_name": "Ai đó"})
    )
    assert response.status_code == 200
    assert "Choose exactly one recipient" in errors_of(response)
    assert not Decision.objects.exists()


def test_a_title_the_recipient_already_holds_is_refused_with_a_message(staff_client):
    person = make_person()
    existing = make_award(person)
    response = staff_client.post(
        add_url(),
        with_awards(decision_form(), {"title": str(existing.title.pk), "person": person.pk}),
    )
    assert response.status_code == 200
    assert "already holds this title" in errors_of(response)
    assert Commendation.objects.count() == 1


def test_the_same_award_twice_in_one_decision_is_refused_with_a_message(staff_client):
    person = make_person()
    merit = str(title("bang-khen-chu-tich-tinh").pk)
    response = staff_client.post(
        add_url(),
        with_awards(
            decision_form(),
            {"title": merit, "person": person.pk},
            {"title": merit, "person": person.pk},
        ),
    )
    assert response.status_code == 200
    assert "Same title, recipient and year as row 1" in errors_of(response)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("year", ["1900", "2101"])
def test_a_year_out_of_range_is_refused_with_a_message(staff_client, year):
    merit = str(title("bang-khen-chu-tich-tinh").pk)
    response = staff_client.post(
        add_url(),
        with_awards(decision_form(), {"title": merit, "person": make_person().pk, "year": year}),
    )
    assert response.status_code == 200
    assert "Ensure this value is" in errors_of(response)
    assert not Decision.objects.exists()


def test_a_title_not_given_to_that_kind_of_recipient_is_refused(staff_client):
    response = staff_client.post(
        add_url(),
        with_awards(
            decision_form(),
            {"title": str(title("gia-dinh-van-hoa").pk), "person": make_person().pk},
        ),
    )
    assert response.status_code == 200
    assert "is not given to individuals" in errors_of(response)


def test_a_second_decision_with_the_same_number_and_issuer_in_a_year_is_refused(staff_client):
    assert staff_client.post(add_url(), decision_form()).status_code == 302
    response = staff_client.post(add_url(), decision_form(signed_on="2025-12-31"))
    assert response.status_code == 200
    assert "already has a decision with this number in this year" in errors_of(response)


def test_decision_numbers_restart_every_year(staff_client):
    """Each issuer numbers its documents from 01 every year: 163/QĐ-UBND of 2025 and of 2026
    are two decisions; another issuer's 163/QĐ-UBND is another decision too."""
    assert staff_client.post(add_url(), decision_form()).status_code == 302
    assert staff_client.post(add_url(), decision_form(signed_on="2026-01-10")).status_code == 302
    other = decision_form(issuer_name="Ủy ban nhân dân xã Tiên Yên")
    assert staff_client.post(add_url(), other).status_code == 302
    assert Decision.objects.filter(number="163/QĐ-UBND").count() == 3


def test_the_database_refuses_a_number_twice_in_a_year_whatever_saves_it():
    make_decision(number="7/QĐ-UBND", signed_on=datetime.date(2024, 1, 2))
    make_decision(number="7/QĐ-UBND", signed_on=datetime.date(2025, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_decision(number="7/QĐ-UBND", signed_on=datetime.date(2025, 12, 30))


def test_admin_search_finds_a_commune_award_without_diacritics(staff_client):
    make_award(make_commune("Đồng Rui"), "co-thi-dua-cua-tinh")
    make_award(make_commune("Hải Lạng"), "co-thi-dua-cua-tinh")
    for query in ["dong rui", "DONG RUI", "Đồng Rui"]:
        response = staff_client.get(reverse("admin:awards_commendation_changelist"), {"q": query})
        results = list(response.context["cl"].result_list)
        assert [award.recipient_name for award in results] == ["Xã Đồng Rui"], query


def test_autocomplete_finds_people_without_diacritics(staff_client):
    make_person("Nguyễn Thị Hoa")
    make_person("Trần Văn Đức")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "duc",
            "app_label": "awards",
            "model_name": "commendation",
            "field_name": "person",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["Trần Văn Đức"]


def test_a_claimed_huge_number_of_rows_builds_no_more_forms_than_allowed(staff_client):
    """`awards-TOTAL_FORMS=100000` would build 100,000 inline forms (half a minute)."""
    from units.admin import MAX_NEW_INLINE_ROWS

    data = decision_form()
    data["awards-TOTAL_FORMS"] = "100000"
    response = staff_client.post(add_url(), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.total_form_count() == MAX_NEW_INLINE_ROWS
    assert f"Please submit at most {MAX_NEW_INLINE_ROWS} forms." in formset.non_form_errors()
    assert not Decision.objects.exists()


def test_a_draft_with_an_imported_annex_of_hundreds_of_awards_saves_in_the_admin(staff_client):
    """Each inline row posts 13 fields: Django's default cap (1,000) stops at 76 rows."""
    draft = make_decision_with_awards(130)
    url = reverse("admin:awards_decision_change", args=[draft.pk])
    page = staff_client.get(url)
    data = form_data(page)
    data["subject"] = "Về việc khen thưởng năm 2024 (sửa)"
    # Beyond Django's default cap even without the empty fields, which a browser posts too.
    assert len(data) > 1000

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors_of(response)[:500]
    draft.refresh_from_db()
    assert draft.subject.endswith("(sửa)")
    assert draft.awards.count() == 130


def make_decision_with_awards(count: int) -> Decision:
    from tests.makers import make_decision

    draft = make_decision(issuer_name="Ủy ban nhân dân xã Đồng Rui", issuer_level="grassroots")
    merit = title("giay-khen-chu-tich-xa")
    units = Unit.objects.bulk_create(Unit(name=f"Thôn {n}", kind="village") for n in range(count))
    Commendation.objects.bulk_create(
        Commendation(decision=draft, title=merit, year=2024, unit=unit, recipient_name=unit.name)
        for unit in units
    )
    return draft


def form_data(page) -> dict:
    """What a browser posts back: every field of the change page with its current value."""
    data = {}
    admin_form = page.context["adminform"].form
    forms = [admin_form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, FileField):
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_a_state_decision_records_who_proposed_it_and_of_what_kind(staff_client):
    """Form 0602.N counts state awards by the body whose submission they answer."""
    state = decision_form(
        number="1520/QĐ-CTN",
        issuer_name="Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        issuer_level="state",
        proposer="Ủy ban nhân dân tỉnh Quảng Ninh",
    )
    response = staff_client.post(add_url(), state)
    assert response.status_code == 200 and not Decision.objects.exists()
    assert "Name the body that proposed it and say what kind of body it is" in errors_of(response)
    response = staff_client.post(add_url(), {**state, "proposer_kind": "province"})
    assert response.status_code == 302, errors_of(response)
    decision = Decision.objects.get()
    assert (decision.proposer, decision.get_proposer_kind_display()) == (
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "province or centrally governed city",
    )
