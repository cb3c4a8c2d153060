"""Hostile and careless addresses and forms: whatever is typed or posted, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Decision
from tests.makers import (
    CommittingClient,
    committed,
    make_award,
    make_commune,
    make_decision,
    make_member,
    make_person,
    make_unit,
)
from units.models import Commune
from units.names import SEARCH_MAX_WORDS, following_prefix, search_words

pytestmark = pytest.mark.django_db

# 4 KB of URL. At one condition a word, deeper than SQLite allows ("Expression tree is too
# large (maximum depth 1000)").
THOUSAND_WORDS = " ".join(["rui"] * 1000)


def body_of(response) -> str:
    """The whole answer, downloads included: a download can fail half-way through its stream."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def roll(db):
    published = make_decision(status=Decision.Status.PUBLISHED)
    commune = make_commune("Đồng Rui")
    with committed():
        make_award(make_unit("Trường Tiểu học Đồng Rui", commune=commune), decision=published)
        make_award(make_unit("Trường THCS Tiên Yên"), decision=published)


@pytest.mark.parametrize("field", ["q", "commune"])
@pytest.mark.parametrize("fmt", [None, "csv", "json"])
def test_a_thousand_word_filter_gets_the_roll_of_its_first_words(client, roll, field, fmt):
    query = {field: THOUSAND_WORDS} | ({"format": fmt} if fmt else {})
    response = client.get(reverse("honours_year", args=[2024]), query)
    assert response.status_code == 200
    body = body_of(response)
    assert "Trường Tiểu học Đồng Rui" in body
    assert "Trường THCS Tiên Yên" not in body
    if fmt is None:  # the page says so, and its box shows what was searched
        assert "Only the first 12 words" in body
        assert response.context["filter"].form[field].value() == " ".join(["rui"] * 12)


def test_a_thousand_word_search_finds_by_its_first_words_and_says_so(client, roll):
    response = client.get(reverse("search"), {"q": THOUSAND_WORDS})
    page = body_of(response)
    assert response.status_code == 200
    assert "Xã Đồng Rui" in page
    assert "Only the first 12 words" in page
    assert response.context["form"]["q"].value() == " ".join(["rui"] * 12)


def test_characters_that_fold_into_many_words_still_make_a_bounded_query(roll):
    # NFKD spells U+FDFA as four words.
    assert len(search_words("\ufdfa " * 1000)) == SEARCH_MAX_WORDS
    assert not Commune.objects.matching("\ufdfa " * 1000).exists()


@pytest.mark.parametrize("query", ["%", "!!!", "_ - /", "％"])
def test_a_search_of_no_letter_or_digit_reads_nothing(client, roll, query):
    """Read, it matched every name of every table, and no index serves it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    assert "Xã Đồng Rui" not in body_of(response)


@pytest.mark.parametrize("last", ["\ud7ff", "\U0010ffff", "z", "9"])
def test_a_search_ending_in_any_character_answers(client, roll, last):
    """The names that begin with a search end before its last character's successor: after
    U+D7FF comes a surrogate, which no database takes (a 500)."""
    make_award(make_person(f"Rui{last}"), decision=Decision.objects.get())
    response = client.get(reverse("search"), {"q": f"rui{last}"})
    assert response.status_code == 200
    assert f"Rui{last}" in body_of(response)


def test_what_follows_a_prefix_is_never_a_surrogate_nor_past_the_last_code_point():
    assert following_prefix("nguyen van") == "nguyen vao"
    assert following_prefix("a\ud7ff") == "a\ue000"
    assert following_prefix("ab\U0010ffff\U0010ffff") == "ac"
    assert following_prefix("\U0010ffff") is None


def test_a_short_search_is_searched_whole_without_a_note(client, roll):
    page = body_of(client.get(reverse("search"), {"q": "  Đồng   Rui "}))
    assert "Xã Đồng Rui" in page
    assert "Only the first" not in page


# Found by the tests of tests/test_random_input.py; each reproduced on its own, with as little
# data as it needs.


@pytest.fixture
def editor_client(db):
    client = CommittingClient(raise_request_exception=False)
    client.force_login(make_member("editor", "editor"))
    return client


@pytest.mark.parametrize("value", ["abc", "9223372036854775808", "-" + "9" * 25, "1.5"])
def test_an_autocomplete_field_given_no_id_says_select_a_valid_choice(editor_client, value):
    url = reverse("admin:units_person_add")
    response = editor_client.post(url, {"full_name": "Nguyễn Văn A", "commune": value})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("year", ["²", "0", "10000", "9" * 20])
def test_the_decision_list_filtered_by_an_impossible_year_opens(editor_client, year):
    make_decision()
    url = reverse("admin:awards_decision_changelist")
    assert editor_client.get(url, {"signed_year": year}).status_code < 500


@pytest.mark.parametrize(
    ("model", "field"), [("decision", "signed_on"), ("emulationmovement", "starts_on")]
)
@pytest.mark.parametrize("year", ["9999", "9" * 20])
def test_a_list_by_date_of_an_impossible_year_opens(editor_client, model, field, year):
    url = reverse(f"admin:awards_{model}_changelist")
    assert editor_client.get(url, {f"{field}__year": year}).status_code < 500


def test_an_official_form_for_an_impossible_year_is_not_found(editor_client):
    url = reverse("admin:reports_official_form", args=["0601"])
    assert editor_client.get(url, {"year": "²"}).status_code == 404


@pytest.mark.parametrize("model", ["units_commune", "units_person", "awards_commendation"])
def test_a_thousand_word_admin_search_opens_the_list(editor_client, model):
    url = reverse(f"admin:{model}_changelist")
    assert editor_client.get(url, {"q": THOUSAND_WORDS}).status_code == 200


def test_a_thousand_word_autocomplete_answers(editor_client):
    query = {"app_label": "units", "model_name": "person", "field_name": "commune"}
    response = editor_client.get(reverse("admin:autocomplete"), query | {"term": THOUSAND_WORDS})
    assert response.status_code == 200


@pytest.mark.parametrize("after", ["²", "½"])
def test_a_roll_page_after_a_digit_that_is_not_a_number_is_the_first_page(client, roll, after):
    response = client.get(reverse("honours_year", args=[2024]), {"after": after})
    assert response.status_code == 200
    assert "here is the first page" in response.content.decode()


@pytest.mark.parametrize(
    ("model", "query"),
    [
        # A regular expression of the visitor's, run by the database: minutes for this one.
        ("units_unit", {"name_folded__regex": r"^((\w+\s?)+)+\d"}),
        ("awards_commendation", {"citation__regex": "["}),
        # Filters the list does not offer, on fields it does not show.
        ("units_person", {"birth_date__year": "1979"}),
        ("awards_commendation", {"citation__contains": "a"}),
    ],
)
def test_a_list_refuses_lookups_its_filters_do_not_offer(editor_client, model, query):
    response = editor_client.get(reverse(f"admin:{model}_changelist"), query)
    assert response.status_code == 400


def test_a_list_filtered_by_an_impossible_number_says_the_filter_is_wrong(editor_client):
    url = reverse("admin:awards_commendation_changelist")
    # Beyond SQLite's integers: the list says the filter is wrong (PostgreSQL finds nothing).
    response = editor_client.get(url, {"year__in": "9" * 20})
    assert (response.status_code, response.get("Location")) in [(302, f"{url}?e=1"), (200, None)]
    assert editor_client.get(url, {"year": "9" * 20}).status_code == 200  # no such year


@pytest.mark.parametrize("model", ["auth_group", "awards_decision", "awards_authority"])
def test_an_empty_to_field_on_a_change_page_is_a_bad_request_not_a_server_error(
    editor_client, model
):
    """Django's change view looks up the field an empty `_to_field` names (a 500): hypothesis
    found it on the group's page."""
    from django.contrib.auth.models import Group

    from awards.models import Authority

    record = {
        "auth_group": Group.objects.first,
        "awards_decision": make_decision,
        "awards_authority": Authority.objects.first,
    }[model]()
    url = reverse(f"admin:{model}_change", args=[record.pk])

    assert editor_client.get(url, {"_to_field": ""}).status_code == 400
    assert editor_client.get(url).status_code in (200, 403)
