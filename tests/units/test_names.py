import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_person,
    make_unit,
    title,
)
from units.models import Commune, Household, Person, Unit
from units.names import FoldedCharField, fold


@pytest.mark.parametrize(
    "written", ["Đồng Rui", "đồng rui", "DONG RUI", "dong rui", "  Đồng   Rui ", "ĐỒNG RUI"]
)
def test_every_way_of_writing_a_name_folds_the_same(written):
    assert fold(written) == "dong rui"


def test_folding_keeps_letters_that_are_not_accents():
    assert fold("Nguyễn Thị Ánh Tuyết") == "nguyen thi anh tuyet"
    assert fold("Hải Lạng – Tiên Yên") == "hai lang – tien yen"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["dong rui", "Đồng Rui", "DONG RUI", "rui dong", "rui"])
def test_a_commune_is_found_with_or_without_diacritics(query):
    wanted = make_commune("Đồng Rui")
    make_commune("Đông Hải")
    assert list(Commune.objects.matching(query)) == [wanted]


@pytest.mark.django_db
def test_an_empty_query_finds_nothing():
    make_person("Nguyễn Văn An")
    assert not Person.objects.matching("   ").exists()


@pytest.mark.django_db
def test_renaming_refreshes_the_folded_name():
    person = make_person("Nguyen Van An")
    person.full_name = "Nguyễn Văn Ân"
    person.save()
    assert Person.objects.matching("van an").get() == person


@pytest.mark.django_db
def test_bulk_create_fills_the_folded_names():
    commune = Commune.objects.bulk_create([Commune(name="Đồng Rui", province="Quảng Ninh")])[0]
    Unit.objects.bulk_create([Unit(name="Thôn Khe Tiên", kind=Unit.Kind.VILLAGE)])
    Person.objects.bulk_create([Person(full_name="Lê Thị Mai")])
    Household.objects.bulk_create([Household(head_name="Hoàng Văn Sáu", commune=commune)])

    assert Commune.objects.matching("dong rui").get() == commune
    assert Unit.objects.get().name_folded == "thon khe tien"
    assert Person.objects.get().name_folded == "le thi mai"
    assert Household.objects.get().name_folded == "hoang van sau"


RENAMES = [
    (lambda: make_commune("Đồng Rui"), "name", "Hải Lạng", "name_folded", "hai lang"),
    (lambda: make_unit("Trường Mầm non"), "name", "Thôn Đồng", "name_folded", "thon dong"),
    (lambda: make_person("Lê Thị Mai"), "full_name", "Trần Văn Ân", "name_folded", "tran van an"),
    (lambda: make_household("Hoàng Văn"), "head_name", "Đặng Lý", "name_folded", "dang ly"),
    (lambda: title("lao-dong-tien-tien"), "name", "Lao động Giỏi", "name_folded", "lao dong gioi"),
    (
        lambda: make_decision(number="163/QĐ-UBND"),
        "subject",
        "Về việc khen thưởng",
        "search_folded",
        "163/qd-ubnd ve viec khen thuong",
    ),
    (
        lambda: make_award(make_unit("Trường Mầm non")),
        "recipient_name",
        "Trường Mầm non Đồng Rui",
        "recipient_name_folded",
        "truong mam non dong rui",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "source", "written", "folded_field", "folded"), RENAMES)
def test_bulk_update_of_a_name_refolds_it(make, source, written, folded_field, folded):
    record = make()
    setattr(record, source, written)

    type(record).objects.bulk_update([record], [source])

    assert getattr(record, folded_field) == folded
    saved = type(record).objects.values_list(folded_field, flat=True).get(pk=record.pk)
    assert saved == folded


@pytest.mark.django_db
def test_a_name_that_folds_longer_than_its_column_is_cut_to_fit():
    person = make_person("\ufdfa" * 20)  # one character, eighteen once folded
    assert len(person.name_folded) == Person._meta.get_field("name_folded").max_length


def test_every_folded_name_is_kept_out_of_the_audit_history_and_refolded_in_bulk():
    folded = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, FoldedCharField)
    ]
    assert len(folded) == 7
    for model, field in folded:
        assert not model.check(), model
        if history := getattr(model, "history", None):
            assert field.name not in {f.name for f in history.model._meta.fields}, model


@isolate_apps("units")
def test_a_model_with_a_folded_name_needs_the_folded_queryset():
    class Village(models.Model):
        name = models.CharField(max_length=100)
        name_folded = FoldedCharField(source="name", max_length=100)

        class Meta:
            app_label = "units"

        def __str__(self) -> str:
            return self.name

    assert [error.id for error in Village.check()] == ["units.E001"]
