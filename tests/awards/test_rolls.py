"""The public rolls' read model: tallies recounted and cached pages retired, year by year."""

import logging
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from awards import rolls
from awards.models import AwardTally, Decision
from awards.views import cached_page
from config.cache import CacheUnavailable
from tests.makers import committed, make_award, make_decision, make_person


@pytest.fixture
def published(db):
    return make_decision(number="4012/QĐ-UBND", status=Decision.Status.PUBLISHED)


def is_cached(client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200
    return response.context is None


def test_a_changed_award_retires_its_years_pages_and_those_across_years_only(client, published):
    with committed():
        make_award(make_person("Người Năm Trước"), decision=published, year=2023)
        make_award(make_person("Người Năm Nay"), decision=published, year=2024)
    year_2023, year_2024 = (reverse("honours_year", args=[year]) for year in (2023, 2024))
    for url in [year_2023, year_2024, "/", reverse("honours_index"), reverse("title_list")]:
        assert not is_cached(client, url)
        assert is_cached(client, url)

    with committed():
        make_award(make_person("Mới Thêm"), decision=published, year=2024)

    assert is_cached(client, year_2023)
    assert "Mới Thêm" in client.get(year_2024).content.decode()
    for url in ["/", reverse("honours_index"), reverse("title_list")]:
        assert not is_cached(client, url)


def test_a_change_recounts_only_its_years_tallies(published):
    with committed():
        make_award(make_person("Người Năm Trước"), decision=published, year=2023)
        make_award(make_person("Người Năm Nay"), decision=published, year=2024)
    AwardTally.objects.filter(year=2023).update(total=99)  # as a stale count would be

    with committed():
        make_award(make_person("Mới Thêm"), decision=published, year=2024)

    totals = dict(AwardTally.objects.values_list("year", "total"))
    assert totals == {2023: 99, 2024: 2}


def test_a_version_the_cache_forgot_never_brings_back_an_old_page(client, published):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    url = reverse("honours_year", args=[2024])
    assert not is_cached(client, url)  # stored under the year's first version
    with committed():
        make_award(make_person("Mới Thêm"), decision=published)
    assert not is_cached(client, url)  # stored under the second
    cache.delete(rolls._version_key(2024))  # evicted, or expired

    assert "Mới Thêm" in client.get(url).content.decode()


def test_an_award_saved_in_a_block_that_rolls_back_recounts_nothing_and_retires_nothing(
    client, published
):
    with committed():
        make_award(make_person("Người Đầu"), decision=published)
    url = reverse("honours_year", args=[2024])
    assert not is_cached(client, url)
    tallies = list(AwardTally.objects.values_list("year", "title", "recipient_kind", "total"))
    version = rolls.roll_version(2024)

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        make_award(make_person("Chưa Từng Có"), decision=published)
        raise RuntimeError("the rest of the save failed")

    assert rolls.roll_version(2024) == version
    assert list(AwardTally.objects.values_list("year", "title", "recipient_kind", "total")) == (
        tallies
    )
    assert is_cached(client, url)
    # The same block, committed, does both: the assertions above could fail.
    with committed(), transaction.atomic():
        make_award(make_person("Người Sau"), decision=published)
    assert rolls.roll_version(2024) != version
    assert AwardTally.objects.get(year=2024).total == 2
    assert not is_cached(client, url)


# The decorator itself, around views that count how often they run.


def visit(view, year: int | None = None, **query) -> HttpResponse:
    request = RequestFactory().get("/honours/", query)
    request.user = AnonymousUser()
    return view(request) if year is None else view(request, year=year)


def counting(response: HttpResponse) -> tuple[list[str], Callable]:
    calls = []

    @cached_page(parameters=["q"])
    def view(request, year: int | None = None) -> HttpResponse:
        calls.append(request.GET.urlencode())
        return response

    return calls, view


def test_only_the_named_parameters_reach_the_view_and_make_a_page():
    calls, view = counting(HttpResponse("roll"))
    visit(view, 2024, q="rui", utm_source="zalo")
    visit(view, 2024, q="rui", x="1")
    visit(view, 2024, q="hai")
    assert calls == ["q=rui", "q=hai"]


def a_cookie() -> HttpResponse:
    response = HttpResponse("roll")
    response.set_cookie("seen", "yes")
    return response


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(a_cookie(), id="sets a cookie"),
        pytest.param(StreamingHttpResponse(iter(["a,b\n"])), id="a download"),
        pytest.param(HttpResponse("gone", status=404), id="not found"),
    ],
)
def test_a_response_that_is_not_everyones_page_is_never_stored(response):
    calls, view = counting(response)
    visit(view, 2024)
    visit(view, 2024)
    assert len(calls) == 2


def test_a_year_outside_the_registry_is_never_cached_nor_versioned():
    calls, view = counting(HttpResponse("nothing for that year"))
    for year in (1800, 10**20, 1800):
        visit(view, year)
    assert len(calls) == 3
    assert cache.get(rolls._version_key(1800)) is None
    assert cache.get(rolls._version_key(10**20)) is None


def test_a_page_without_a_year_is_retired_by_a_change_of_any_year(db):
    calls, view = counting(HttpResponse("home"))
    visit(view)
    visit(view)
    assert len(calls) == 1
    with committed():
        rolls.years_changed({1999})
    visit(view)
    assert len(calls) == 2


def test_typos_and_other_spellings_of_a_page_make_no_new_cached_pages(client, db):
    """Each would be one more page in the cache: /honours/02024/, ?after=x1, ?title=nope1…"""
    with committed():
        make_award(make_person("Người Đầu"), decision=make_decision(status="published"))
    assert client.get("/en/honours/2024/").context is not None
    assert client.get("/en/honours/02024/").context is None  # the same page, from the cache
    for typo in ["after=x1", "after=0001", "title=nope1", "kind=nobody"]:
        first = client.get(f"/en/honours/2024/?{typo}")
        assert first.status_code == 200
        assert client.get(f"/en/honours/2024/?{typo}").context is not None, typo  # not stored


def test_a_cached_page_is_served_without_the_database_and_in_one_cache_round_trip(
    client, published, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with committed():
        make_award(make_person("Lê Thị Hoa"), decision=published)
    url = reverse("honours_year", args=[2024])
    assert not is_cached(client, url)
    calls, depth = [], [0]

    def counted(name: str, original: Callable) -> Callable:
        def call(*args, **kwargs):
            if not depth[0]:  # the calls the page makes, not those a backend makes of itself
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "get_or_set", "set"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    with CaptureQueriesContext(connection) as queries:
        assert is_cached(client, url)
    assert len(queries) == 0
    assert calls == ["get_many"]


def test_a_records_page_is_cached_until_the_record_or_an_award_changes(client, published):
    """A person renamed, or unlisted (their page must go at once), a new award: each retires
    the cached pages of records; a change elsewhere in the registry keeps the year's roll."""
    with committed():
        person = make_person("Lê Thị Hoa")
        make_award(person, decision=published)
    page = reverse("person_detail", args=[person.pk])
    roll = reverse("honours_year", args=[2024])
    assert not is_cached(client, page) and not is_cached(client, roll)
    assert is_cached(client, page)

    with committed():
        person.full_name = "Lê Thị Hoa Mai"
        person.save()
    assert "Lê Thị Hoa Mai" in client.get(page).content.decode()
    assert is_cached(client, page) and is_cached(client, roll)  # names as written stay

    with committed():
        person.listed = False
        person.save()
    assert client.get(page).status_code == 404

    with committed():
        other = make_person("Trần Văn Minh")
        make_award(other, decision=published)
    other_page = reverse("person_detail", args=[other.pk])
    assert client.get(other_page).status_code == 200


def test_a_title_or_commune_renamed_retires_every_roll_that_shows_it(client, published):
    from tests.makers import title

    with committed():
        make_award(make_person("Lê Thị Hoa"), decision=published)
    roll = reverse("honours_year", args=[2024])
    assert not is_cached(client, roll) and is_cached(client, roll)
    entry = title("bang-khen-chu-tich-tinh")
    with committed():
        entry.name_en = "Provincial Chair's Certificate of Merit (new name)"
        entry.save()
    assert "(new name)" in client.get(roll).content.decode()


def test_fifty_saves_in_one_transaction_retire_the_records_pages_once(db, monkeypatch):
    writes = []
    monkeypatch.setattr(rolls, "_retire", writes.append)
    with committed():
        for number in range(50):
            make_person(f"Người {number}")
    assert writes == [[rolls.RECORDS]]


def test_a_cache_that_is_down_serves_pages_uncached(client, published, monkeypatch):
    with committed():
        make_award(make_person("Lê Thị Hoa"), decision=published)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get(reverse("honours_year", args=[2024]))
    assert response.status_code == 200 and "Lê Thị Hoa" in response.content.decode()


def test_a_save_the_cache_cannot_retire_pages_for_still_saves_and_recounts_and_retires_later(
    client, published, monkeypatch
):
    """Retired once the save has committed: a refused write raised there (an error page for a
    save already made) and left the year's count stale; its pages served for a day."""
    with committed():
        make_award(make_person("Lê Thị Hoa"), decision=published)
    url = reverse("honours_year", args=[2024])
    assert not is_cached(client, url) and is_cached(client, url)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    with monkeypatch.context() as outage:
        outage.setattr(cache, "set_many", down)
        with committed():
            make_award(make_person("Mới Thêm"), decision=published)
        assert AwardTally.objects.get(year=2024).total == 2
    # The cache answers again: the next page read retires what the save could not.
    assert "Mới Thêm" in client.get(url).content.decode()
    assert not rolls._unretired


@pytest.mark.parametrize(("error", "warnings"), [(ConnectionError, 1), (CacheUnavailable, 0)])
def test_a_page_made_without_the_cache_says_why_unless_the_outage_was_said(
    client, published, monkeypatch, caplog, error, warnings
):
    """A Redis that fails is said once by the cache (config.cache); every page after it that is
    made uncached meanwhile says nothing more."""
    with committed():
        make_award(make_person("Lê Thị Hoa"), decision=published)

    def down(*args, **kwargs):
        raise error("cache down")

    monkeypatch.setattr(cache, "get_many", down)
    with caplog.at_level(logging.WARNING, logger="awards.rolls"):
        response = client.get(reverse("honours_year", args=[2024]))
    assert response.status_code == 200 and "Lê Thị Hoa" in response.content.decode()
    said = [r for r in caplog.records if r.name == "awards.rolls" and r.levelname == "WARNING"]
    assert len(said) == warnings
