"""The public honour rolls, as a visitor without an account meets them."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import views
from awards.models import (
    Decision,
    EmulationMovement,
    Pact,
    PactSignatory,
    PactTarget,
    RuralStandardRecognition,
)
from tests.makers import (
    committed,
    make_award,
    make_awards,
    make_commune,
    make_decision,
    make_household,
    make_people,
    make_person,
    make_staff,
    make_unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return make_decision(number="4012/QĐ-UBND", status=Decision.Status.PUBLISHED)


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def roll_url(year: int = 2024, **query) -> str:
    url = reverse("honours_year", args=[year])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_roll_shows_published_awards_and_hides_drafts_revocations_and_the_unlisted(
    client, published
):
    with committed():
        make_award(make_person("Nguyễn Văn Công Khai"), decision=published)
        make_award(make_person("Trần Thị Dự Thảo"), decision=make_decision())
        revoked = make_award(make_person("Lê Văn Thu Hồi"), decision=published)
        revoked.revoked_on, revoked.revocation_reason = datetime.date(2025, 3, 1), "Khai man"
        revoked.save()
        make_award(make_person("Phạm Thị Riêng Tư", listed=False), decision=published)

    assert listed_names(client.get(roll_url())) == ["Nguyễn Văn Công Khai"]


def listed_names(response) -> list[str]:
    assert response.status_code == 200
    return [award.recipient_name for award in response.context["awards"]]


def test_an_unlisted_person_is_not_even_counted(client, published):
    with committed():
        make_award(make_person("Hoàng Văn A"), "chien-si-thi-dua-co-so", decision=published)
        make_award(make_person("Riêng Tư", listed=False), "lao-dong-tien-tien", decision=published)
    response = client.get(roll_url())
    assert [row["title__name"] for row in response.context["counts"]] == ["Chiến sĩ thi đua cơ sở"]
    index = client.get(reverse("honours_index"))
    assert [row["total"] for row in index.context["years"]] == [1]


def test_withdrawing_consent_removes_a_person_from_the_roll(client, published):
    with committed():
        make_award(make_unit(), decision=published)
        person = make_person("Đỗ Thị Đồng Ý")
        make_award(person, decision=published)
    assert "Đỗ Thị Đồng Ý" in listed_names(client.get(roll_url()))
    with committed():
        person.listed = False
        person.save()
    assert "Đỗ Thị Đồng Ý" not in listed_names(client.get(roll_url()))


def test_filters_combine_and_stay_in_the_address(client, published):
    dong_rui, hai_lang = make_commune("Đồng Rui"), make_commune("Hải Lạng")
    with committed():
        make_award(make_unit("Trường Tiểu học Đồng Rui", commune=dong_rui), decision=published)
        make_award(make_person("Lý Thị Hoa", commune=dong_rui), decision=published)
        make_award(make_unit("Trường Mầm non Hải Lạng", commune=hai_lang), decision=published)

    response = client.get(roll_url(commune="dong+rui", kind="collectives"))
    assert listed_names(response) == ["Trường Tiểu học Đồng Rui"]
    page = page_of(response)
    assert 'value="dong rui"' in page
    assert [(row["title__name"], row["total"]) for row in response.context["counts"]] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 1)
    ]
    assert '<option value="collectives" selected>' in page


def test_a_filter_that_keeps_more_than_the_bound_says_so_instead_of_counting_them(
    client, published, monkeypatch
):
    monkeypatch.setattr("awards.views.FILTERED_COUNT_LIMIT", 2)
    with committed():
        for name in ["Nguyễn Văn An", "Nguyễn Thị Bình", "Nguyễn Văn Cường"]:
            make_award(make_person(name), decision=published)
        make_award(make_person("Trần Văn Dũng"), "chien-si-thi-dua-co-so", decision=published)

    beyond = client.get(roll_url(q="nguyen"))
    within = client.get(roll_url(q="tran"))

    assert beyond.context["counts"] == [] and len(listed_names(beyond)) == 3
    assert "More than 2 awards match these filters" in page_of(beyond)
    assert [(row["title__name"], row["total"]) for row in within.context["counts"]] == [
        ("Chiến sĩ thi đua cơ sở", 1)
    ]


def test_the_name_search_ignores_diacritics_and_case(client, published):
    with committed():
        make_award(make_commune("Đồng Rui"), "co-thi-dua-cua-tinh", decision=published)
        make_award(make_commune("Đông Hải"), "tap-the-lao-dong-xuat-sac", decision=published)
    for query in ["dong+rui", "DONG+RUI", "Đồng+Rui"]:
        assert listed_names(client.get(roll_url(q=query))) == ["Xã Đồng Rui"]


def test_a_malformed_filter_is_explained_not_a_crash(client, published):
    with committed():
        make_award(make_person(), decision=published)
    page = page_of(client.get(roll_url(title="no-such-title", kind="aliens")))
    assert "Select a valid choice" in page
    page = page_of(client.get(roll_url(commune="99999999999999999999999")))
    assert "No award matches these filters" in page


@pytest.mark.parametrize("after", ["999999999", "abc", "9" * 40, "-1"])
def test_a_page_that_does_not_exist_gives_the_first_page_with_a_notice(client, published, after):
    with committed():
        make_award(make_person("Nguyễn Văn Đầu"), decision=published)
    page = page_of(client.get(roll_url(after=after)))
    assert "here is the first page" in page
    assert "Nguyễn Văn Đầu" in page


def test_long_rolls_page_by_keyset_without_losing_or_repeating_anyone(client, published):
    names = [f"Người số {number:03d}" for number in range(120)]
    with committed():
        make_awards(make_people(names), "lao-dong-tien-tien", decision=published)
    seen, url = [], roll_url()
    while url:
        response = client.get(url)
        seen += listed_names(response)
        next_url = response.context["next_url"]
        url = roll_url() + next_url if next_url else None
    assert sorted(seen) == names
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "path",
    [
        "/honours/1800/",
        "/honours/2024/no-such-title/",
        "/honours/2024/anh-hung-lao-dong/",
        "/honours/1800/bang-khen-chu-tich-tinh/",
        "/decisions/999/",
        "/people/999/",
        "/units/999/",
        "/communes/999/",
        "/pacts/1990/",
        "/honours/99999999999999999999/",
        "/decisions/99999999999999999999999/",
        "/people/99999999999999999999999/",
    ],
)
def test_unknown_things_are_a_404_page(client, published, path):
    make_award(make_person(), decision=published)
    assert client.get(path).status_code == 404


def test_a_draft_decision_is_not_public(client):
    draft = make_decision()
    assert client.get(reverse("decision_detail", args=[draft.pk])).status_code == 404


def test_an_unlisted_persons_page_does_not_exist(client, published):
    person = make_person("Riêng Tư", listed=False)
    make_award(person, decision=published)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_persons_page_never_shows_private_fields(client, published):
    person = make_person("Vũ Thị Hằng", birth_date=datetime.date(1979, 4, 30), position="Kế toán")
    make_award(person, decision=published)
    page = page_of(client.get(person.get_absolute_url()))
    assert "Vũ Thị Hằng" in page and "Kế toán" in page
    assert "1979" not in page and "30/04" not in page


def test_a_merged_commune_says_what_it_is_now_part_of_and_old_rolls_keep_its_name(
    client, published
):
    new = make_commune("Hải Lạng", valid_from=datetime.date(2025, 7, 1))
    old = make_commune("Đồng Rui", valid_until=datetime.date(2025, 6, 30), successor=new)
    with committed():
        make_award(old, "co-thi-dua-cua-tinh", decision=published)
    page = page_of(client.get(old.get_absolute_url()))
    assert "Now part of" in page and new.get_absolute_url() in page
    assert "Xã Đồng Rui" in page_of(client.get(roll_url()))
    assert "Xã Đồng Rui" in page_of(client.get(new.get_absolute_url()))  # "formed from"


def test_a_split_unit_names_each_unit_that_took_a_part_and_each_lists_it(client, published):
    from units.models import UnitSuccessor

    committee = make_unit("Ủy ban nhân dân huyện Tiên Yên", valid_until=datetime.date(2025, 6, 30))
    first = make_unit("Ủy ban nhân dân xã Tiên Yên")
    second = make_unit("Ủy ban nhân dân xã Hải Lạng")
    for unit in (first, second):
        UnitSuccessor.objects.create(predecessor=committee, successor=unit)
    with committed():
        make_award(committee, "tap-the-lao-dong-tien-tien", decision=published)

    page = page_of(client.get(committee.get_absolute_url()))
    assert "Now part of" in page and " and " in page
    assert first.get_absolute_url() in page and second.get_absolute_url() in page
    assert committee.get_absolute_url() in page_of(client.get(second.get_absolute_url()))


def test_the_decision_page_lists_its_annex(client, published):
    make_award(make_household("Hoàng Văn Sáu"), "gia-dinh-van-hoa", decision=published)
    page = page_of(client.get(published.get_absolute_url()))
    assert "4012/QĐ-UBND" in page and "Hoàng Văn Sáu" in page


def test_the_pact_page_shows_targets_results_and_signatories(client):
    pact = Pact.objects.create(year=2024, title="Giao ước thi đua năm 2024")
    pact.signatories.create(
        unit=make_unit("Ủy ban nhân dân xã Đồng Rui"), representative_name="Ông A"
    )
    pact.targets.create(
        indicator="Tăng trưởng", target_value="13.5", actual_value="14.2", unit_of_measure="%"
    )
    pact.targets.create(
        indicator="Thu ngân sách",
        target_value="14",
        actual_value="9",
        unit_of_measure="%",
        comparison=PactTarget.Comparison.AT_LEAST,
    )
    page = page_of(client.get(reverse("pact_year", args=[2024])))
    assert "Ủy ban nhân dân xã Đồng Rui" in page and "Ông A" in page
    assert "≥ 13.5%" in page and "14.2%" in page
    assert "not achieved" in page and ">achieved<" in page


def test_search_finds_places_and_people_without_diacritics_but_never_the_unlisted(
    client, published
):
    make_commune("Đồng Rui")
    make_award(make_person("Đặng Thị Rui"), decision=published)
    make_award(make_person("Đinh Văn Rui", listed=False), decision=published)
    page = page_of(client.get(reverse("search"), {"q": "rui"}))
    assert "Xã Đồng Rui" in page and "Đặng Thị Rui" in page
    assert "Đinh Văn Rui" not in page


def test_search_lists_the_names_that_begin_with_the_words_first_then_the_others(client, published):
    names = ["Lê Văn Nguyên", "Nguyễn Văn Thảo", "Đỗ Nguyễn Văn", "Nguyễn Văn An", "Nguyễn Thị Vân"]
    make_awards(make_people(names), decision=published)
    page = page_of(client.get(reverse("search"), {"q": "Nguyễn  văn"}))
    shown = re.findall(r'<a href="[^"]*/people/\d+/">([^<]+)</a>', page)
    # Each part by name; the others only hold the words ("Thị Vân" holds them too).
    assert shown == ["Nguyễn Văn An", "Nguyễn Văn Thảo", "Đỗ Nguyễn Văn", "Lê Văn Nguyên",
                     "Nguyễn Thị Vân"]  # fmt: skip


def test_search_shows_twenty_people_whose_names_begin_with_the_words_before_any_other(
    client, published
):
    make_awards(make_people(["An Nguyễn Văn", *(f"Nguyễn Văn {n:02}" for n in range(25))]),
                decision=published)  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        page = page_of(client.get(reverse("search"), {"q": "nguyen van"}))
    assert "Nguyễn Văn 00" in page and "Nguyễn Văn 19" in page
    assert "Nguyễn Văn 20" not in page and "An Nguyễn Văn" not in page
    people = [q for q in queries if 'FROM "units_person"' in q["sql"]]
    assert len(people) == 1  # the first twenty found, the others are not read


def test_search_shows_no_unlisted_person_nor_award_unpublished_among_names_beginning_with_it(
    client, published
):
    make_awards(make_people(["Nguyễn Văn Công Khai"]), decision=published)
    make_awards([make_person("Nguyễn Văn Ẩn Danh", listed=False)], decision=published)
    make_awards(make_people(["Nguyễn Văn Dự Thảo"]))  # a draft's
    make_people(["Nguyễn Văn Chưa Khen"])  # no award
    page = page_of(client.get(reverse("search"), {"q": "nguyen van"}))
    assert "Nguyễn Văn Công Khai" in page
    assert not {"Ẩn Danh", "Dự Thảo", "Chưa Khen"} & set(re.findall(r"Nguyễn Văn (\w+ \w+)", page))


def test_search_fills_its_twenty_with_the_other_names_after_those_beginning_with_it(
    client, published
):
    first = [f"Trần Hoa {n:02}" for n in range(5)]
    others = [f"Lê Trần Hoa {n:02}" for n in range(30)]
    make_awards(make_people(others + first), decision=published)
    page = page_of(client.get(reverse("search"), {"q": "tran hoa"}))
    shown = re.findall(r'<a href="[^"]*/people/\d+/">([^<]+)</a>', page)
    assert shown == first + others[:15]


def test_the_roll_downloads_as_csv_with_the_same_filters(client, published):
    commune = make_commune("Đồng Rui")
    with committed():
        make_award(make_unit("Trường Tiểu học Đồng Rui", commune=commune), decision=published)
        make_award(make_unit("Trường THCS Tiên Yên"), decision=published)
    response = client.get(roll_url(commune="Đồng+Rui", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["recipient_name"] for row in rows] == ["Trường Tiểu học Đồng Rui"]
    assert rows[0]["decision_number"] == "4012/QĐ-UBND"
    assert rows[0]["recipient_kind"] == "collectives"


def test_the_roll_downloads_as_json_without_private_fields(client, published):
    with committed():
        make_award(
            make_person("Vũ Thị Hằng", birth_date=datetime.date(1979, 4, 30)), decision=published
        )
    response = client.get(roll_url(format="json"))
    records = json.loads(b"".join(response.streaming_content))
    assert [record["recipient_name"] for record in records] == ["Vũ Thị Hằng"]
    assert "1979" not in json.dumps(records)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/honours/",
        "/honours/2024/",
        "/honours/2024/lao-dong-tien-tien/",
        "/honours/2024/?q=nguoi&kind=individuals",
        "/titles/",
    ],
)
def test_public_pages_run_the_same_queries_whatever_the_data_size(client, published, url):
    with committed():
        for number in range(3):
            make_award(make_person(f"Người {number}"), "lao-dong-tien-tien", decision=published)
    few = count_queries(client, url)
    with committed():  # which retires the cached pages
        make_awards(make_people([f"Người {number}" for number in range(3, 80)]), decision=published)
    assert count_queries(client, url) == few


def test_the_search_runs_no_more_queries_for_more_matches(client, published):
    """Each kind of record is read in one query, or two for people and households: those
    whose name begins with the words, then, when they are fewer than twenty, the others."""
    with committed():
        make_awards(make_people([f"Người {number}" for number in range(3)]), decision=published)
    few = count_queries(client, "/search/?q=nguoi")
    with committed():
        make_awards(make_people([f"Người {number}" for number in range(3, 80)]), decision=published)
    assert count_queries(client, "/search/?q=nguoi") < few  # the first twenty begin with it


def test_public_pages_have_no_inline_script_or_style_and_a_strict_policy(client, published):
    with committed():
        make_award(make_commune("Đồng Rui"), "co-thi-dua-cua-tinh", decision=published)
    for url in ["/", roll_url(), "/titles/", "/honours/"]:
        response = client.get(url)
        page = page_of(response)
        assert "<script" not in page and "style=" not in page and "<style" not in page
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_long_annex_pages_like_a_roll(client, published):
    make_awards(make_people([f"Người {number:02d}" for number in range(60)]), decision=published)
    first = client.get(published.get_absolute_url())
    assert len(first.context["awards"]) == 50
    second = client.get(published.get_absolute_url() + first.context["next_url"])
    assert len(second.context["awards"]) == 10
    assert second.context["next_url"] is None


def test_a_units_history_downloads_as_csv(client, published):
    unit = make_unit("Trường THCS Tiên Yên")
    make_award(unit, decision=published, year=2023)
    make_award(unit, decision=published, year=2024)
    response = client.get(unit.get_absolute_url() + "?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["year"] for row in csv.DictReader(io.StringIO(text))] == ["2024", "2023"]


def test_a_person_with_only_a_draft_award_has_no_public_page(client):
    person = make_person("Chưa Công Bố")
    make_award(person, decision=make_decision())
    assert client.get(person.get_absolute_url()).status_code == 404


def test_the_home_page_is_cached_until_any_award_changes(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published, year=2023)
    assert client.get("/").context["latest"] == 2023
    assert client.get("/").context is None  # from the cache
    with committed():
        make_award(make_person("Người Sau"), decision=published, year=2024)
    assert client.get("/").context["latest"] == 2024


def test_the_years_titles_and_pacts_download_too(client, published):
    with committed():
        make_award(make_unit(), decision=published)
        make_award(make_person(), decision=published)
    pact = Pact.objects.create(year=2025, title="Giao ước thi đua năm 2025")
    pact.targets.create(indicator="Tăng trưởng", target_value="13.5", unit_of_measure="%")

    years = json.loads(b"".join(client.get("/honours/?format=json").streaming_content))
    assert years == [
        {"year": 2024, "collectives": 1, "individuals": 1, "households": 0, "total": 2}
    ]
    text = b"".join(client.get("/titles/?format=csv").streaming_content).decode("utf-8-sig")
    titles = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert titles["bang-khen-chu-tich-tinh"]["years_awarded"] == "2024"
    assert titles["co-thi-dua-cua-tinh"]["name_en"] == "Provincial Emulation Flag"
    targets = json.loads(b"".join(client.get("/pacts/2025/?format=json").streaming_content))
    assert targets[0]["target_value"] == "13.50" and targets[0]["achieved"] is None


# Cached pages are everyone's: nothing of one visitor's in them, no endless variants.


def test_a_staff_message_never_reaches_a_cached_public_page(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    staff = make_staff("bien-tap-vien")
    client.force_login(staff)
    # Adding a record leaves "… was added successfully" for the next page this visitor opens.
    response = client.post(
        reverse("admin:units_commune_add"),
        {
            "name": "Hải Lạng", "kind": "commune", "province": "Quảng Ninh",
            "successor_parts-TOTAL_FORMS": "0", "successor_parts-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    staff_sees = page_of(client.get(roll_url()))
    client.logout()
    anyone_sees = page_of(client.get(roll_url()))

    for page in (staff_sees, anyone_sees):
        assert "was added successfully" not in page
        assert "bien-tap-vien" not in page
        assert "csrfmiddlewaretoken" not in page


def test_a_page_made_for_a_logged_in_visitor_is_not_shared(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    client.force_login(make_staff())
    client.get(roll_url())
    client.logout()
    assert client.get(roll_url()).context is not None  # made afresh, not from the cache


def test_unknown_parameters_make_no_new_cached_pages(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    assert client.get(roll_url(kind="individuals")).context is not None
    for number in range(3):
        response = client.get(roll_url(kind="individuals", x=number, utm_source="zalo"))
        assert response.context is None  # the same page, from the cache
        assert "utm_source" not in page_of(response)
    # …and an empty filter is no filter.
    client.get(roll_url())
    assert client.get(roll_url(q="", commune="")).context is None


def test_a_format_that_no_download_has_is_the_page_itself(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    for url in [roll_url(), reverse("honours_index"), reverse("title_list")]:
        assert client.get(url).context is not None
        for junk in ["xml", "1", "2"]:
            response = client.get(url, {"format": junk})
            assert response.context is None  # the same page, from the cache
            assert f"format={junk}" not in page_of(response)


def test_search_finds_a_household_by_its_heads_name_and_leads_to_its_awards(client, published):
    commune = make_commune("Đồng Rui")
    household = make_household("Hoàng Văn Sáu", commune=commune, village="Thôn Khe Tiền")
    with committed():
        make_award(household, "gia-dinh-van-hoa", decision=published)
        make_award(make_household("Hoàng Văn Dự Thảo", commune=commune), "gia-dinh-van-hoa",
                   decision=make_decision())  # fmt: skip
    page = page_of(client.get(reverse("search"), {"q": "hoang van"}))
    assert f'<a href="{household.get_absolute_url()}">Hoàng Văn Sáu</a>' in page
    assert "Thôn Khe Tiền, Xã Đồng Rui" in page and "Dự Thảo" not in page
    own = page_of(client.get(household.get_absolute_url()))
    assert "Household of Hoàng Văn Sáu" in own
    assert "Cultural Family" in own and "4012/QĐ-UBND" in own
    # The roll links the household to its page, as it links a person to theirs.
    assert f'<a href="{household.get_absolute_url()}">Hoàng Văn Sáu</a>' in page_of(
        client.get(roll_url())
    )


def test_a_household_with_only_a_draft_award_has_no_public_page(client):
    household = make_household("Chưa Công Bố")
    make_award(household, "gia-dinh-van-hoa", decision=make_decision())
    assert client.get(household.get_absolute_url()).status_code == 404


def test_a_decisions_page_says_which_of_its_awards_were_revoked_when_and_by_what(client, published):
    revoking = make_decision(number="77/QĐ-UBND", status=Decision.Status.PUBLISHED)
    draft = make_decision(number="78/QĐ-UBND (dự thảo)")
    with committed():
        make_award(make_person("Còn Hiệu Lực"), decision=published)
        for name, by, listed in [("Bị Thu Hồi", revoking, True), ("Thu Hồi Nháp", draft, True),
                                 ("Không Công Khai", revoking, False)]:  # fmt: skip
            award = make_award(make_person(name, listed=listed), decision=published)
            award.revoked_on, award.revoking_decision = datetime.date(2025, 3, 1), by
            award.revocation_reason = "Khai man thành tích"
            award.save()
    page = page_of(client.get(published.get_absolute_url()))
    revoked = page.split("revoked since", 1)[1]
    # The title, the day and the revoking decision; never to whom (a revoked award is not
    # public), nor why, nor a draft's number; the unlisted person not even counted.
    assert revoked.count("<tr><td>Provincial Chair") == 2 and revoked.count("01/03/2025") == 2
    assert f'<a href="{revoking.get_absolute_url()}">77/QĐ-UBND</a>' in revoked
    assert "Bị Thu Hồi" not in page and "Thu Hồi Nháp" not in page and "78/QĐ-UBND" not in page
    assert "Không Công Khai" not in page and "Khai man" not in page


def test_movements_are_listed_and_each_shows_its_pacts_and_awards(client, published):
    movement = EmulationMovement.objects.create(
        name="Phong trào “Cả nước chung tay vì người nghèo”", launched_by="UBND tỉnh Quảng Ninh",
        launch_level="province", scope="locality", method="thematic",
        starts_on=datetime.date(2024, 3, 1), ends_on=datetime.date(2025, 6, 30),
    )  # fmt: skip
    EmulationMovement.objects.create(
        name="Thi đua yêu nước 2023", launched_by="UBND huyện Tiên Yên", launch_level="agency",
        scope="agency", method="regular", starts_on=datetime.date(2023, 1, 1),
    )  # fmt: skip
    pact = Pact.objects.create(year=2024, title="Giao ước thi đua cụm số 1", movement=movement)
    with committed():
        make_award(make_person("Lý Thị Nghèo"), decision=published, movement=movement)
        make_award(make_person("Không Thuộc Phong Trào"), decision=published)
    listed = page_of(client.get(reverse("movement_list")))
    assert listed.index("Cả nước chung tay") < listed.index("Thi đua yêu nước 2023")  # newest
    assert f'href="{movement.get_absolute_url()}"' in listed
    own = page_of(client.get(movement.get_absolute_url()))
    assert "01/03/2024 – 30/06/2025" in own and "UBND tỉnh Quảng Ninh" in own
    assert f"{reverse('pact_year', args=[2024])}#pact-{pact.pk}" in own
    assert "Lý Thị Nghèo" in own and "Không Thuộc Phong Trào" not in own
    pacts = page_of(client.get(reverse("pact_index")))
    assert f'<a href="{reverse("pact_year", args=[2024])}">2024</a>' in pacts
    # Both in the navigation of every page.
    assert f'href="{reverse("movement_list")}"' in pacts
    assert f'href="{reverse("pact_index")}"' in own


def test_a_movement_renamed_is_renamed_on_its_cached_page(client):
    movement = EmulationMovement.objects.create(
        name="Tên cũ", launched_by="UBND", launch_level="agency", scope="agency",
        method="regular", starts_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    assert "Tên cũ" in page_of(client.get(movement.get_absolute_url()))
    with committed():
        movement.name = "Tên mới"
        movement.save()
    assert "Tên mới" in page_of(client.get(movement.get_absolute_url()))


def test_a_movement_that_does_not_exist_is_not_found(client):
    assert client.get(reverse("movement_detail", args=[999999])).status_code == 404
    assert client.get(reverse("movement_list"), {"page": "x"}).status_code == 200


def test_a_pact_renamed_is_renamed_on_its_movements_cached_page(client):
    movement = EmulationMovement.objects.create(
        name="Thi đua 2024", launched_by="UBND", launch_level="agency", scope="cluster",
        method="regular", starts_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    pact = Pact.objects.create(year=2024, title="Giao ước cũ", movement=movement)
    assert "Giao ước cũ" in page_of(client.get(movement.get_absolute_url()))
    assert "2024" in page_of(client.get(reverse("pact_index")))
    with committed():
        pact.title = "Giao ước mới"
        pact.year = 2025
        pact.save()
    assert "Giao ước mới" in page_of(client.get(movement.get_absolute_url()))
    assert f'href="{reverse("pact_year", args=[2025])}"' in page_of(
        client.get(reverse("pact_index"))
    )


def test_a_roll_says_which_awards_of_how_many_each_page_shows(client, published, monkeypatch):
    """From the tallies when unfiltered; a filter's count, and the rows before a deep page,
    only up to FILTERED_COUNT_LIMIT ("more than")."""
    with committed():
        make_awards(make_people([f"Nguyễn Văn Số {n:03}" for n in range(1, 80)]),
                    "bang-khen-chu-tich-tinh", decision=published)  # fmt: skip
    first = page_of(client.get(roll_url()))
    assert "1–50 of 79" in first
    second = client.get(roll_url(after=listed_after(first)))
    assert "51–79 of 79" in page_of(second)
    assert "1–50 of 79" in page_of(client.get(roll_url(q="nguyen")))  # the filter's count
    monkeypatch.setattr(views, "FILTERED_COUNT_LIMIT", 60)
    cache.clear()
    assert "1–50 of more than 60" in page_of(client.get(roll_url(q="so")))
    deep = page_of(client.get(roll_url(q="so", after=listed_after(first))))
    assert "51–79 of more than 60" in deep
    monkeypatch.setattr(views, "FILTERED_COUNT_LIMIT", 30)
    cache.clear()  # the pages counted with the other limit
    # The tallies are exact, whatever the limit; the 50 rows before the page are not counted.
    assert "29 after the first 30, of 79" in page_of(
        client.get(roll_url(after=listed_after(first)))
    )
    assert "29 after the first 30<" in page_of(
        client.get(roll_url(q="so", after=listed_after(first)))
    ).replace("\n", "").replace("  ", "")


def listed_after(page: str) -> str:
    return re.search(r"after=(\d+)", page).group(1)


def test_a_communes_page_shows_its_recognitions_and_its_units_pacts(client):
    commune = make_commune("Hải Lạng")
    unit = make_unit("Ủy ban nhân dân xã Hải Lạng", commune=commune)
    pact = Pact.objects.create(year=2024, title="Giao ước thi đua cụm các xã")
    elsewhere = Pact.objects.create(year=2024, title="Giao ước của xã khác")
    RuralStandardRecognition.objects.create(
        commune=commune, year=2024, standard="model", decision_reference="1234/QĐ-UBND"
    )
    with committed():
        PactSignatory.objects.create(pact=pact, unit=unit, representative_name="Ông A")
    page = page_of(client.get(commune.get_absolute_url()))
    assert "2024: model new rural standard" in page and "1234/QĐ-UBND" in page
    assert f'#pact-{pact.pk}">2024: Giao ước thi đua cụm các xã</a>' in page
    assert elsewhere.title not in page
    with committed():  # a recognition recorded later shows at once
        RuralStandardRecognition.objects.create(commune=commune, year=2025, standard="advanced")
    assert "2025: advanced new rural standard" in page_of(client.get(commune.get_absolute_url()))


def test_the_home_page_lists_the_first_flags_in_the_rolls_order(client, published, monkeypatch):
    """By the title's rank, then by name, PAGE_SIZE of them, though read a title at a time."""
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    with committed():
        for name, slug in [
            ("Trường Bắc", "co-thi-dua-cua-tinh"),
            ("Trường Ánh", "co-thi-dua-cua-tinh"),
            ("Trường Đông", "co-thi-dua-cua-chinh-phu"),
            ("Trường Cát", "co-thi-dua-cua-chinh-phu"),
            ("Trường Em", "co-thi-dua-cap-bo"),
        ]:
            make_award(make_unit(name), slug, decision=published)
    page = page_of(client.get(reverse("home")))
    shown = re.findall(r"Trường \w+", page[page.index("Emulation flags") :])
    # The Government's flag ranks first, the ministry's next, the province's last.
    assert shown == ["Trường Cát", "Trường Đông", "Trường Em"]
