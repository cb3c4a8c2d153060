import pytest

from tests.makers import make_commune, make_person
from units.models import Commune, Person
from units.names import fold


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
