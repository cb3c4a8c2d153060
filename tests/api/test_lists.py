"""The open API's lists: what they hold, their filters, their cursors, their cost."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/"
LISTS = ["awards", "decisions", "titles", "communes", "units", "people", "pacts"]


def get(client, url: str, status: int = 200, **headers) -> dict:
    response = client.get(url if url.startswith("http") else API + url, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def ids(client, url: str) -> list:
    page = get(client, url)
    assert page["next"] is None, "the whole list in one page"
    return [item.get("id", item.get("slug")) for item in page["items"]]


def walk(client, url: str) -> tuple[list, int]:
    """Every item of a list, following its next links; and how many pages it took."""
    found, pages = [], 0
    while url:
        page = get(client, url)
        pages += 1
        found += [item.get("id", item.get("slug")) for item in page["items"]]
        url = page["next"]
        assert url is None or url.startswith("http://testserver/api/v1/")
        assert pages < 100
    return found, pages


def award_ids(awards) -> set:
    return {award.pk for award in awards}


# Cursors


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("awards", 7),
        ("awards?year=2024", 4),
        ("awards?kind=individuals", 5),
        ("titles", 9),
        ("communes", 1),
        ("units", 1),
        ("people", 6),
        ("pacts", 2),
        ("decisions", 1),
    ],
)
def test_walking_a_list_page_by_page_gives_each_item_once_in_order(client, registry, url, limit):
    separator = "&" if "?" in url else "?"
    whole = ids(client, f"{url}{separator}limit=200")
    walked, pages = walk(client, f"{url}{separator}limit={limit}")
    assert walked == whole  # no duplicate, no gap, the same order
    assert len(set(walked)) == len(walked)
    assert pages == -(-len(whole) // limit)  # a last page that is full says there is none after


def test_a_decision_annex_walks_page_by_page(client, registry):
    url = f"decisions/{registry.decision.pk}/awards"
    whole = ids(client, f"{url}?limit=200")
    annex = [award for award in registry.public if award.decision_id == registry.decision.pk]
    assert set(whole) == award_ids(annex)
    assert walk(client, f"{url}?limit=4")[0] == whole


def test_awards_with_equal_names_keep_their_place_across_pages(client, registry):
    """Thirty awards share five names: the id breaks the ties, and no page repeats one."""
    walked, _pages = walk(client, "awards?q=nguyen+van&limit=3")
    assert len(walked) == len(set(walked)) == 30


def test_the_default_page_holds_fifty(client, registry):
    page = get(client, "awards")
    assert len(page["items"]) == 35 and page["next"] is None
    assert len(get(client, "titles")["items"]) == 50


def test_a_cursor_keeps_its_place_when_the_row_it_follows_leaves_the_list(client, registry):
    from tests.makers import committed

    first = get(client, "awards?limit=5")
    last_shown = first["items"][-1]["id"]
    with committed():
        registry.public[0].__class__.objects.get(pk=last_shown).delete()
    rest, _pages = walk(client, first["next"])
    shown = [item["id"] for item in first["items"]] + rest
    assert len(shown) == len(set(shown)) == len(registry.public)


# What never appears


def test_drafts_revocations_and_the_unlisted_never_appear_among_awards(client, registry):
    listed = set(ids(client, "awards?limit=200"))
    assert listed == award_ids(registry.public)
    for award in registry.hidden:
        assert award.pk not in listed
        get(client, f"awards/{award.pk}", status=404)
    assert get(client, f"awards?person={registry.unlisted.pk}")["items"] == []
    assert get(client, f"awards?decision={registry.draft.pk}")["items"] == []
    assert get(client, "awards?q=kin+dao")["items"] == []


def test_a_draft_decision_is_neither_listed_nor_found(client, registry):
    listed = ids(client, "decisions")
    assert listed == [registry.decision.pk, registry.earlier.pk]  # the last signed first
    get(client, f"decisions/{registry.draft.pk}", status=404)
    get(client, f"decisions/{registry.draft.pk}/awards", status=404)


def test_an_annex_leaves_out_its_revoked_and_unlisted_awards(client, registry):
    annex = set(ids(client, f"decisions/{registry.decision.pk}/awards?limit=200"))
    assert registry.revoked.pk not in annex
    assert registry.hidden[0].pk not in annex  # the unlisted person's


def test_only_listed_people_with_a_public_award_are_listed(client, registry):
    listed = set(ids(client, "people?limit=200"))
    assert registry.hoa.pk in listed
    for person in (registry.unlisted, registry.only_in_a_draft, registry.only_revoked):
        assert person.pk not in listed
        assert get(client, f"people/{person.pk}", status=404) == {
            "detail": "No listed person has this id."
        }


def test_a_person_shows_only_what_their_page_shows(client, registry):
    person = get(client, f"people/{registry.hoa.pk}")
    assert person == {
        "id": registry.hoa.pk,
        "full_name": "Nguyễn Thị Hoa",
        "position": "Giáo viên",
        "unit": {"id": registry.school.pk, "name": "Trường Tiểu học Đồng Rui"},
        "page": f"http://testserver/people/{registry.hoa.pk}/",
    }


# Filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2023", lambda r: [r.public[32], r.public[33]]),
        ("title=chien-si-thi-dua-co-so", lambda r: [r.public[30]]),
        ("kind=households", lambda r: [r.public[34]]),
        ("kind=collectives&year=2024", lambda r: [r.public[31]]),
        ("unit_kind=school", lambda r: [r.public[30], r.public[31]]),
        ("level=province&year=2023", lambda r: [r.public[32], r.public[33]]),
        ("q=dong+rui", lambda r: [r.public[31], r.public[32]]),
        ("q=NGUYEN+VAN+DUC", lambda r: r.public[4:30:5]),
        ("commune_name=hai+lang", lambda r: [r.public[33]]),
        ("decision={r.earlier.pk}", lambda r: [r.public[32], r.public[33]]),
        ("unit={r.office.pk}", lambda r: [r.public[33]]),
        ("person={r.hoa.pk}", lambda r: [r.public[30]]),
        ("household={r.household.pk}", lambda r: [r.public[34]]),
        ("movement={r.public[30].movement_id}", lambda r: [r.public[30]]),
        ("commune={r.hai_lang.pk}", lambda r: [r.public[33]]),
        ("year=2024&kind=individuals&q=hoa", lambda r: [r.public[30]]),
        ("year=1999", lambda r: []),
    ],
)
def test_the_awards_filter_as_the_roll_does(client, registry, query, expected):
    query = query.format(r=registry)
    assert set(ids(client, f"awards?{query}&limit=200")) == award_ids(expected(registry))


def test_the_commune_filter_reads_where_the_recipient_is(client, registry):
    """Everyone in the first annex was given Đồng Rui as their commune, and Hoa lives there."""
    found = set(ids(client, f"awards?commune={registry.dong_rui.pk}&limit=200"))
    assert award_ids(registry.public[:31]) <= found
    assert registry.public[33].pk not in found  # the office in Hải Lạng


def test_decisions_filter_by_year_level_and_words(client, registry):
    assert ids(client, "decisions?year=2024") == [registry.earlier.pk]
    assert ids(client, "decisions?q=khen+thuong+2023") == [registry.earlier.pk]
    assert ids(client, "decisions?issuer_level=district") == []
    assert ids(client, "decisions?q=4012") == [registry.decision.pk]


def test_places_units_people_and_pacts_filter(client, registry):
    assert ids(client, "communes?current=true") == [registry.dong_rui.pk]
    assert ids(client, "communes?current=false") == [registry.hai_lang.pk]
    assert ids(client, "communes?q=hai+lang") == [registry.hai_lang.pk]
    assert ids(client, "communes?province=Quảng+Ninh&kind=commune") == [
        registry.hai_lang.pk,
        registry.dong_rui.pk,
    ]
    assert ids(client, f"units?commune={registry.hai_lang.pk}") == [registry.office.pk]
    assert ids(client, "units?kind=school&q=dong+rui") == [registry.school.pk]
    assert ids(client, f"people?unit={registry.school.pk}") == [registry.hoa.pk]
    cuong = [award.person_id for award in registry.public[2:30:5]]
    assert ids(client, "people?q=van+cuong&limit=200") == cuong
    assert ids(client, "pacts?year=2024") == [registry.pacts[1].pk]
    assert ids(client, "pacts") == [pact.pk for pact in reversed(registry.pacts)]


def test_titles_filter_by_kind_level_and_recipient(client, registry):
    flags = get(client, "titles?kind=emulation_flag&limit=200")["items"]
    assert flags and all(title["kind"]["code"] == "emulation_flag" for title in flags)
    for title in get(client, "titles?recipient=households&limit=200")["items"]:
        assert "households" in [kind["code"] for kind in title["recipients"]]
    assert all(
        title["level"]["code"] == "state"
        for title in get(client, "titles?level=state&limit=200")["items"]
    )


# The data's form


def test_an_award_gives_codes_with_labels_and_names_in_three_languages(client, registry):
    award = get(client, f"awards/{registry.public[30].pk}")
    assert award["year"] == 2024
    assert award["title"]["slug"] == "chien-si-thi-dua-co-so"
    assert set(award["title"]["name"]) == {"vi", "en", "es"}
    assert award["title"]["name"]["vi"] == "Chiến sĩ thi đua cơ sở"
    assert award["title"]["kind"]["code"] == "emulation_fighter"
    assert award["title"]["level"]["code"] == "grassroots"
    assert award["title"]["level"]["label"]["en"] == "grassroots"
    assert award["recipient"] == {
        "kind": award["recipient"]["kind"],
        "type": "person",
        "id": registry.hoa.pk,
        "name": "Nguyễn Thị Hoa",
        "position": "Giáo viên",
        "unit_name": "Trường Tiểu học Đồng Rui",
    }
    assert award["recipient"]["kind"]["code"] == "individuals"
    assert award["recipient"]["kind"]["label"]["en"] == "individuals"
    assert award["method"]["code"] == "regular"
    assert award["commune"] == {"id": registry.dong_rui.pk, "name": "Xã Đồng Rui"}
    assert award["movement"]["name"] == "Thi đua chuyển đổi số"
    assert award["decision"] == {
        "id": registry.decision.pk,
        "number": "4012/QĐ-UBND",
        "signed_on": "2025-01-10",
        "issuer": "Ủy ban nhân dân tỉnh Quảng Ninh",
    }


def test_labels_are_the_same_whatever_language_the_client_asks_for(client, registry):
    url = f"awards/{registry.public[30].pk}"
    english = get(client, url, **{"Accept-Language": "en"})
    spanish = get(client, url, **{"Accept-Language": "es"})
    assert english == spanish
    labels = english["recipient"]["kind"]["label"]
    assert labels["en"] == "individuals" and labels["vi"] != labels["en"]


def test_the_catalogue_gives_names_criteria_period_successor_and_legal_basis(client, registry):
    from awards.models import EmulationTitle

    replaced = EmulationTitle.objects.filter(successor__isnull=False).first()
    title = get(client, f"titles/{replaced.slug}") if replaced else None
    if title is not None:
        assert title["successor"] == replaced.successor.slug
        assert title["valid_until"] == replaced.valid_until.isoformat()
    fighter = get(client, "titles/chien-si-thi-dua-co-so")
    assert fighter["name"]["en"] and fighter["name"]["es"]
    assert fighter["criteria"]["vi"]
    assert fighter["legal_basis"]
    assert fighter["emulation_title"] is True
    assert [kind["code"] for kind in fighter["recipients"]] == ["individuals"]
    assert fighter["active"] is True
    get(client, "titles/no-such-title", status=404)


def test_a_decision_links_its_page_and_its_annex(client, registry):
    decision = get(client, f"decisions/{registry.decision.pk}")
    assert decision["page"] == f"http://testserver/decisions/{registry.decision.pk}/"
    assert decision["awards"] == f"http://testserver/api/v1/decisions/{registry.decision.pk}/awards"
    assert decision["issuer_level"]["code"] == "province"
    assert decision["published_at"] is not None


def test_a_commune_and_a_unit_say_what_they_became(client, registry):
    commune = get(client, f"communes/{registry.hai_lang.pk}")
    assert commune["successor"] == registry.dong_rui.pk
    assert commune["valid_until"] == "2025-06-30"
    assert commune["full_name"] == "Xã Hải Lạng"
    assert commune["kind"]["code"] == "commune"
    assert get(client, f"communes/{registry.dong_rui.pk}")["code"] == "22300"
    unit = get(client, f"units/{registry.office.pk}")
    assert unit["kind"]["code"] == "agency"
    assert unit["commune"] == {"id": registry.hai_lang.pk, "name": "Xã Hải Lạng"}
    assert unit["page"] == f"http://testserver/units/{registry.office.pk}/"


def test_a_pact_gives_its_signatories_targets_and_results(client, registry):
    pact = get(client, f"pacts/{registry.pacts[0].pk}")
    assert pact["year"] == 2023
    assert pact["cluster"]["name"] == "Cụm thi đua số 1"
    assert [s["unit"]["id"] for s in pact["signatories"]] == [
        registry.school.pk,
        registry.office.pk,
    ]
    assert pact["signatories"][0]["representative_name"] == "Ông A"
    poverty, budget = pact["targets"]
    assert poverty["comparison"]["code"] == "lte"
    assert poverty["target_value"] == "2.5"
    assert poverty["actual_value"] is None and poverty["achieved"] is None
    assert budget["target_value"] == "100" and budget["actual_value"] == "104.5"
    assert budget["achieved"] is True


# Cost


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("awards?limit=200", 1),
        ("awards?limit=200&year=2024&title=lao-dong-tien-tien&q=nguyen", 2),  # + the titles
        ("decisions?limit=200", 1),
        ("titles?limit=200", 1),
        ("communes?limit=200", 1),
        ("units?limit=200", 1),
        ("people?limit=200", 1),
        ("pacts?limit=200", 3),  # + signatories, targets
        ("awards/{r.public[0].pk}", 1),
        ("decisions/{r.decision.pk}/awards?limit=200", 2),
    ],
)
def test_a_request_runs_a_fixed_number_of_queries(
    client, registry, django_assert_max_num_queries, url, queries
):
    url = url.format(r=registry)
    first = get(client, url)  # the same count on a page deep in the list
    with django_assert_max_num_queries(queries):
        get(client, url)
    if first.get("next") is None and "limit" in url:
        deep = get(client, url.replace("limit=200", "limit=1"))["next"]
        with django_assert_max_num_queries(queries):
            get(client, deep)


def test_no_list_counts_or_reads_without_a_limit(client, registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for name in LISTS:
            get(client, f"{name}?limit=3")
    statements = [query["sql"].upper() for query in captured.captured_queries]
    assert not [sql for sql in statements if "COUNT(" in sql]
    main_reads = [sql for sql in statements if "LIMIT" not in sql and " IN (" not in sql]
    # Only the roll filter's titles (none here) and prefetches of the page's rows go unbounded.
    assert main_reads == []
