"""The public search, and the people admin's, when a name is common: a bounded number of
matches is read (SEARCH_CANDIDATES), sorted, and the page says when there were more."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from awards import views
from awards.models import Commendation, Decision
from tests.makers import make_awards, make_decision, make_people, make_person
from units import admin as units_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def nguyens():
    """25 awarded people named Nguyễn Văn …, listed in an order their ids do not follow, and
    one who is not awarded (a draft's) and one unlisted."""
    people = make_people([f"Nguyễn Văn {chr(ord('Z') - number)}" for number in range(25)])
    make_awards(people, decision=make_decision(status=Decision.Status.PUBLISHED))
    draft = make_person("Nguyễn Văn A")
    make_awards([draft], decision=make_decision())
    hidden = make_person("Nguyễn Văn Aa", listed=False)
    make_awards([hidden], decision=make_decision(status=Decision.Status.PUBLISHED))
    Commendation.objects.refresh_visibility()
    return people


def people_shown(client, query: str) -> tuple[list[str], str]:
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return [person.full_name for person in response.context["results"]["people"]], (
        response.content.decode()
    )


def test_fewer_matches_than_the_cap_show_the_first_twenty_by_name_and_no_note(
    client, nguyens, monkeypatch
):
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 27)  # every match, the draft's too
    names, page = people_shown(client, "nguyen van")
    expected = sorted(person.full_name for person in nguyens)[: views.SEARCH_LIMIT]
    assert names == expected
    assert names[0] == "Nguyễn Văn B"  # the unawarded A and the unlisted Aa never shown
    assert "match: add words" not in page


def test_more_matches_than_the_cap_say_so_and_show_some_of_them_by_name(
    client, nguyens, monkeypatch
):
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 10)
    names, page = people_shown(client, "nguyen van")
    assert 0 < len(names) <= 10
    assert names == sorted(names)
    assert set(names) <= {person.full_name for person in nguyens}
    assert "More than 10 people match: add words to narrow the search." in page


def test_the_note_is_translated(client, nguyens, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 10)
    with override("vi"):
        url = reverse("search")
    page = client.get(url, {"q": "nguyen van"}).content.decode()
    assert "Hơn 10 người khớp" in page


def test_the_people_admin_sorts_a_bounded_number_of_matches_and_says_when_there_are_more(
    staff_client, nguyens, monkeypatch
):
    url = reverse("admin:units_person_changelist")
    monkeypatch.setattr(units_admin.PersonAdmin, "search_candidates", 30)
    response = staff_client.get(url, {"q": "nguyen van"})
    listed = [str(person) for person in response.context["cl"].result_list]
    assert len(listed) == 27 and listed == sorted(listed)
    assert "match: add words" not in response.content.decode()

    monkeypatch.setattr(units_admin.PersonAdmin, "search_candidates", 10)
    response = staff_client.get(url, {"q": "nguyen van"})
    assert response.context["cl"].result_count == 10
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "More than 10 people match: add words to narrow the search." in page
