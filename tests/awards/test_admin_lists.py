"""The admin's lists of awards and decisions: what staff find, at a cost that does not grow
with the registry (its plans on PostgreSQL: tests/test_plans.py)."""

import pytest
from django.urls import reverse

from awards.models import Decision
from tests.makers import make_award, make_commune, make_decision, make_people, make_person
from units.admin import BoundedPaginator

pytestmark = pytest.mark.django_db


def awards_url() -> str:
    return reverse("admin:awards_commendation_changelist")  # in English (tests/conftest.py)


def listed(client, **query) -> list[str]:
    response = client.get(awards_url(), query)
    assert response.status_code == 200
    return [award.recipient_name for award in response.context["cl"].result_list]


def test_the_awards_list_shows_the_newest_first(staff_client):
    first, second = make_person("Lê Thị Hoa"), make_person("Trần Văn Minh")
    make_award(first)
    make_award(second)
    assert listed(staff_client) == ["Trần Văn Minh", "Lê Thị Hoa"]


def test_a_search_finds_names_by_their_words_and_decisions_by_a_word_with_digits(staff_client):
    decision = make_decision(number="215/QĐ-UBND")
    make_award(make_person("Nguyễn Văn Hùng"), decision=decision)
    make_award(make_person("Nguyễn Thị Hoa"))
    make_award(make_person("Trần Văn Minh"), decision=decision)

    assert sorted(listed(staff_client, q="nguyen")) == ["Nguyễn Thị Hoa", "Nguyễn Văn Hùng"]
    assert listed(staff_client, q="Hùng Nguyễn") == ["Nguyễn Văn Hùng"]
    assert sorted(listed(staff_client, q="215/qđ")) == ["Nguyễn Văn Hùng", "Trần Văn Minh"]
    assert listed(staff_client, q="215/QĐ-UBND tran") == ["Trần Văn Minh"]


def test_the_commune_filter_is_a_name_typed_and_keeps_the_other_filters(staff_client):
    dong_rui, hai_lang = make_commune("Đồng Rui"), make_commune("Hải Lạng")
    make_award(dong_rui)
    make_award(hai_lang)
    make_award(hai_lang, year=2023)

    assert listed(staff_client, commune="dong rui") == [dong_rui.full_name]
    assert len(listed(staff_client, commune="Hải Lạng", year="2024")) == 1
    page = staff_client.get(awards_url(), {"year": "2024", "commune": "Hải Lạng"}).text
    # The box keeps the year when it is submitted again; no link per commune.
    assert 'name="year" value="2024"' in page and 'name="commune" value="Hải Lạng"' in page
    assert f"locality__id__exact={hai_lang.pk}" not in page


def test_the_year_filter_offers_published_years_and_those_of_drafts(staff_client):
    published = make_decision(status=Decision.Status.PUBLISHED)
    make_award(make_person("Lê Thị Hoa"), decision=published, year=2022)
    make_award(make_person("Trần Văn Minh"), year=2026)  # a draft's
    from awards.rolls import recount_tallies

    recount_tallies({2022})
    filters = staff_client.get(awards_url()).context["cl"].filter_specs
    [years] = [spec for spec in filters if getattr(spec, "parameter_name", "") == "year"]
    assert [value for value, _label in years.lookup_choices] == ["2026", "2022"]
    assert listed(staff_client, year="2026") == ["Trần Văn Minh"]


def test_a_list_past_the_count_bound_says_more_than_it(staff_client, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "LIMIT", 3)
    decision = make_decision()
    names = ["Lê Thị Hoa", "Lê Văn Nam", "Trần Văn An", "Trần Văn Bình", "Trần Văn Cường"]
    for person in make_people(names):
        make_award(person, decision=decision)
    response = staff_client.get(awards_url())
    assert "more than 3 awards" in response.text
    assert "Select all awards (more than 3)" in response.text
    assert "more than 3 results" in staff_client.get(awards_url(), {"q": "van"}).text
    assert response.context["selection_note_all"] == "All of more than 3 selected"
    page = staff_client.get(awards_url(), {"q": "le"}).text
    assert "more than" not in page and "2 awards" in page


def test_the_decisions_list_counts_each_decisions_awards(staff_client):
    full = make_decision(number="1/QĐ-UBND")
    make_decision(number="2/QĐ-UBND")
    for person in make_people(["Lê Thị Hoa", "Trần Văn Minh"]):
        make_award(person, decision=full)
    response = staff_client.get(reverse("admin:awards_decision_changelist"))
    counts = {
        decision.number: decision.award_total for decision in response.context["cl"].result_list
    }
    assert counts == {"1/QĐ-UBND": 2, "2/QĐ-UBND": 0}


def test_a_word_with_a_digit_finds_names_as_well_as_decision_numbers(staff_client):
    from tests.makers import make_unit

    make_award(make_unit("Tổ dân phố số 5"))
    make_award(make_person("Lê Thị Hoa"), decision=make_decision(number="5/QĐ-UBND"))
    make_award(make_person("Trần Văn Minh"), decision=make_decision(number="15/QĐ-UBND"))
    assert sorted(listed(staff_client, q="số 5")) == ["Tổ dân phố số 5"]
    assert sorted(listed(staff_client, q="5")) == ["Lê Thị Hoa", "Tổ dân phố số 5"]


def test_the_awards_list_sorts_by_no_column_even_when_asked_and_counts_no_facets(staff_client):
    make_award(make_person("An"))
    make_award(make_person("Bình"))
    # Sorting a million awards by name is what the list's order avoids; so are facet counts.
    response = staff_client.get(awards_url(), {"o": "1", "_facets": "True"})
    assert [a.recipient_name for a in response.context["cl"].result_list] == ["Bình", "An"]
    assert not response.context["cl"].add_facets
