"""`field__any`: one of the values, as IN finds them, with the values sent as one parameter on
PostgreSQL (units.lookups)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.makers import make_commune, make_person, make_unit
from units.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_it_finds_what_in_finds_by_name_by_id_and_across_a_foreign_key():
    commune = make_commune("Đồng Rui")
    school = make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    clinic = make_unit("Trạm Y tế xã Đồng Rui", commune=commune)
    make_unit("Trường Mầm non Đồng Rui")
    hoa = make_person("Nguyễn Thị Hoa", unit=school)
    lan = make_person("Trần Thị Lan", unit=clinic)
    make_person("Lê Văn Sáu")
    names = ["truong tieu hoc dong rui", "tram y te xa dong rui", "not a unit"]
    assert set(Unit.objects.filter(name_folded__any=names)) == {school, clinic}
    assert set(Unit.objects.filter(name_folded__any=names)) == set(
        Unit.objects.filter(name_folded__in=names)
    )
    assert set(Person.objects.filter(pk__any={hoa.pk, lan.pk})) == {hoa, lan}
    assert set(Person.objects.filter(unit__any=[school.pk])) == {hoa}
    assert set(Person.objects.filter(unit_id__any=[school.pk, clinic.pk])) == {hoa, lan}
    assert set(Person.objects.filter(unit__commune__any=(commune.pk,))) == {hoa, lan}
    assert set(Person.objects.exclude(unit__any=[school.pk])) == set(
        Person.objects.exclude(unit__in=[school.pk])
    )


def test_no_values_find_nothing_without_asking_the_database():
    make_person("Nguyễn Thị Hoa")
    with CaptureQueriesContext(connection) as queries:
        assert list(Person.objects.filter(pk__any=[])) == []
        assert list(Person.objects.filter(pk__any=[None])) == []
    assert len(queries) == 0


def test_a_value_that_is_none_is_left_out_as_in_leaves_it():
    hoa = make_person("Nguyễn Thị Hoa")
    assert list(Person.objects.filter(pk__any=[hoa.pk, None])) == [hoa]


def test_a_thousand_values_are_one_parameter_on_postgresql_and_placeholders_elsewhere():
    unit = make_unit()
    ids = [unit.pk, *range(10**6, 10**6 + 999)]
    with CaptureQueriesContext(connection) as queries:
        assert list(Unit.objects.filter(pk__any=ids)) == [unit]
    sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        assert " IN (" not in sql
    else:
        assert sql.count(",") >= 999


def test_texts_holding_the_separator_or_nothing_and_other_values_are_found_all_the_same():
    """On PostgreSQL ids and texts go joined into one text; what joining would change goes as
    an array (units.lookups._any_of): each is found as IN finds it."""
    odd, blank, plain = make_unit("Tổ Văn phòng"), make_unit("Tổ Y tế"), make_unit("Trạm Y tế")
    # Folding drops control characters; a text of the database may still hold one.
    Unit.objects.filter(pk=odd.pk).update(name_folded="to\x1fvan phong")
    Unit.objects.filter(pk=blank.pk).update(name_folded="")
    assert list(Unit.objects.filter(name_folded__any=["to\x1fvan phong"])) == [odd]
    assert list(Unit.objects.filter(name_folded__any=["to", "van phong"])) == []
    assert list(Unit.objects.filter(name_folded__any=[""])) == [blank]
    assert set(Unit.objects.filter(name_folded__any=["", "tram y te"])) == {blank, plain}
    assert list(Unit.objects.filter(pk__any=[-1, plain.pk])) == [plain]


def test_a_text_or_a_number_instead_of_a_list_is_refused_where_the_filter_is_made():
    """The admin turns a ValueError raised by filter() into its "?e=1"; a text's letters are
    never taken for the values."""
    with pytest.raises(ValueError):
        Unit.objects.filter(pk__any="12")
    with pytest.raises(ValueError):
        Unit.objects.filter(pk__any=12)
    with pytest.raises(ValueError):
        Unit.objects.filter(pk__any=["not a number"])


def test_records_numbers_beyond_bigint_and_json_keys_named_any():
    from awards.models import AnnexImport

    unit = make_unit()
    hoa = make_person("Nguyễn Thị Hoa", unit=unit)
    assert list(Person.objects.filter(unit__any=[unit])) == [hoa]
    if connection.vendor == "postgresql":  # SQLite refuses such a number, in IN too
        assert list(Unit.objects.filter(pk__any=[2**70, unit.pk])) == [unit]
    # A JSONField's `__any` is its key "any", as before the lookup.
    assert "any" in str(AnnexImport.objects.filter(report__any="yes").query)


@pytest.mark.parametrize("address", ["?title__any=x", "?title__any=12", "?year__any=abc"])
def test_an_admin_list_given_the_lookup_in_its_address_answers_as_for_any_bad_filter(
    staff_client, address
):
    response = staff_client.get("/admin/awards/commendation/" + address)
    assert response.status_code in (302, 400)


def test_many_texts_find_what_few_find():
    """Past MANY_TEXTS, PostgreSQL is given them as a set, not a list (units.lookups)."""
    from units import lookups

    school, clinic = make_unit("Trường Tiểu học Đồng Rui"), make_unit("Trạm Y tế")
    names = [school.name_folded, clinic.name_folded, *(f"khong co {n}" for n in range(1_500))]
    assert len(names) > lookups.MANY_TEXTS
    assert set(Unit.objects.filter(name_folded__any=names)) == {school, clinic}
    assert list(Unit.objects.exclude(name_folded__any=names)) == []
