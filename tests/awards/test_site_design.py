"""The public site's own design as a visitor meets it: the office's name and emblem in the
header, the site's links folded on a phone, a roll's filters folded too, the charts of awards
by year and by title, and a roll printed whole."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from awards import views
from awards.models import Decision
from tests.makers import (
    committed,
    make_award,
    make_awards,
    make_commune,
    make_decision,
    make_people,
    make_unit,
)

pytestmark = pytest.mark.django_db


def published(**fields) -> Decision:
    return make_decision(status=Decision.Status.PUBLISHED, **fields)


@pytest.fixture
def roll():
    """A year of 60 advanced workers (more than a page) and 2 certificates of merit, in Đồng
    Rui or Hải Lạng."""
    dong_rui, hai_lang = make_commune("Đồng Rui"), make_commune("Hải Lạng")
    with committed():
        people = make_people([f"Nguyễn Văn {index:02}" for index in range(60)])
        make_awards(people[:40], decision=published(), locality=dong_rui)
        make_awards(people[40:], decision=published(), locality=hai_lang)
        decision = published()
        for unit in ("Trường Tiểu học Đồng Rui", "Trạm Y tế xã Đồng Rui"):
            make_award(make_unit(unit), decision=decision, locality=dong_rui)
    return dong_rui


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_names_the_office_and_shows_its_emblem(client, settings, roll):
    settings.OFFICE_NAME = "Ủy ban nhân dân tỉnh Quảng Ninh"
    settings.OFFICE_EMBLEM = "favicon.svg"
    page = text(client.get(reverse("home")))
    header = page[page.index("<header") : page.index("</header>")]
    assert '<span class="site-office" lang="vi">Ủy ban nhân dân tỉnh Quảng Ninh</span>' in header
    assert re.search(r'<img class="site-emblem" src="/static/favicon[^"]*\.svg" alt=""', header)
    assert "Ủy ban nhân dân tỉnh Quảng Ninh" in page[page.index("<footer") :]


def test_without_an_office_the_header_has_the_registrys_name_alone(client, settings, roll):
    settings.OFFICE_NAME, settings.OFFICE_EMBLEM = "", ""
    page = text(client.get(reverse("home")))
    header = page[page.index("<header") : page.index("</header>")]
    assert "site-emblem" not in header and "site-office" not in header
    assert "Emulation and commendation registry" in header


def test_on_a_phone_the_sites_links_fold_under_a_menu_without_script(client, roll):
    page = text(client.get(reverse("honours_year", args=[2024])))
    menu = re.search(r'<details class="site-menu[^"]*">(.*?)</details>', page, re.S)
    assert menu and "<summary>Menu</summary>" in menu[1]
    for name in ("honours_index", "title_list", "movement_list", "pact_index"):
        assert f'href="{reverse(name)}"' in menu[1]
    assert 'name="q"' in menu[1] and 'hreflang="vi"' in menu[1]
    # The two copies of the search (the menu's, the desk's bar) keep their labels apart.
    ids = re.findall(r'id="(site-search-[a-z]+)"', page)
    assert sorted(ids) == ["site-search-bar", "site-search-menu"]
    assert "<script" not in page


def test_a_rolls_filters_fold_away_unless_one_is_set(client, roll):
    url = reverse("honours_year", args=[2024])
    assert '<details class="roll-filters">' in text(client.get(url))
    assert '<details class="roll-filters" open>' in text(client.get(url, {"commune": "hải lạng"}))
    # A wrong filter is shown open too, with its error.
    assert '<details class="roll-filters" open>' in text(client.get(url, {"kind": "nobody"}))


def bars(page: str, heading_id: str) -> list[tuple[str, float, str]]:
    """The (label, bar's width, figure) of the chart labelled by `heading_id`."""
    chart = re.search(rf'<svg[^>]*aria-labelledby="{heading_id}">(.*?)</svg>', page, re.S)
    assert chart, heading_id
    rows = re.findall(
        r'<text[^>]*>([^<]*)</text>\s*<rect[^>]*width="([0-9.]+)"[^>]*></rect>\s*'
        r"<text[^>]*>([^<]*)</text>",
        chart[1],
    )
    return [(label, float(width), figure) for label, width, figure in rows]


def test_the_home_page_charts_awards_by_year_and_by_title(client, roll):
    page = text(client.get(reverse("home")))
    assert bars(page, "trend-heading") == [("2024", 220.0, "62")]
    by_title = bars(page, "latest-heading")
    assert [(label, figure) for label, _, figure in by_title] == [
        ("Provincial Chair&#x27;s Certificate of Merit", "2"),
        ("Advanced Worker", "60"),
    ]
    # Bars in proportion, the longest the chart's width.
    assert by_title[1][1] == 340.0 and by_title[0][1] == round(2 * 340 / 60, 1)


def test_a_communes_page_charts_its_awards_by_year_and_by_title(client, roll):
    page = text(client.get(reverse("commune_detail", args=[roll.pk])))
    assert bars(page, "located-heading") == [("2024", 220.0, "42")]
    assert [(label, figure) for label, _, figure in bars(page, "located-title-heading")] == [
        ("Provincial Chair&#x27;s Certificate of Merit", "2"),
        ("Advanced Worker", "40"),
    ]


def test_a_chart_writes_its_numbers_for_svg_in_every_language():
    """A width of 12.5 stays "12.5" on a Vietnamese page ("12,5" is no SVG length), a figure
    of 12,000 is grouped as the page's language writes it, a long name is shortened."""
    rows = [{"year": 2023, "total": 12_000}, {"year": 2024, "total": 1_250}]
    template = Template('{% load charts %}{% bar_chart rows label="year" labelledby="x" %}')
    with translation.override("vi"):
        svg = template.render(Context({"rows": rows}))
    assert 'width="220.0"' in svg and 'width="22.9"' in svg
    assert ">12.000<" in svg and ">1.250<" in svg
    long = [{"title": "Giấy khen " + "của Chủ tịch Ủy ban nhân dân " * 3, "total": 1}]
    template = Template('{% load charts %}{% bar_chart rows "title" "x" stacked=True %}')
    label = re.search(r'y="12">([^<]*)<', template.render(Context({"rows": long})))[1]
    assert len(label) <= 52 and label.endswith("…")


def printed(client, url: str, **query) -> str:
    response = client.get(url, {"format": "print", **query})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return b"".join(response.streaming_content).decode()


def test_the_roll_links_to_its_print_with_its_filters(client, roll):
    page = text(client.get(reverse("honours_year", args=[2024]), {"commune": "đồng rui"}))
    link = re.search(r'<a href="([^"]*)">Print the whole list</a>', page)
    assert link and "format=print" in link[1] and "commune=" in link[1]


def test_a_roll_prints_whole_each_title_under_its_heading(client, roll):
    url = reverse("honours_year", args=[2024])
    page = printed(client, url)
    # Every award, not a page of them; each title's heading once, above its awards.
    assert page.count('<tr role="row"><td') == 62
    assert page.count("Nguyễn Văn") == 60
    headings = re.findall(r'<h2 class="h4 mt-4">([^<]*)</h2>', page)
    assert headings == ["Provincial Chair&#x27;s Certificate of Merit", "Advanced Worker"]
    assert "62 awards." in page
    assert "Next page" not in page and 'name="q"' in page  # the site's search, not filters
    assert page.rstrip().endswith("</html>")


def test_a_printed_roll_keeps_the_filters_and_says_them(client, roll):
    page = printed(
        client, reverse("honours_year", args=[2024]), commune="hải lạng", kind="individuals"
    )
    assert page.count('<tr role="row"><td') == 20
    assert "Commune: <strong>hải lạng</strong>" in page
    assert "Recipient: <strong>individuals</strong>" in page
    assert "20 awards." in page


def test_a_printed_roll_is_in_the_pages_language(client, roll):
    with translation.override("es"):
        url = reverse("honours_title", args=[2024, "lao-dong-tien-tien"])
    page = printed(client, url)
    assert page.count('<tr role="row"><td') == 60
    assert "Trabajador Avanzado" in page and "Advanced Worker" not in page
    assert 'href="/es/decisions/' in page


def test_a_printed_roll_stops_at_its_bound_and_says_so(client, roll, monkeypatch):
    monkeypatch.setattr(views, "PRINT_LIMIT", 25)
    page = printed(client, reverse("honours_year", args=[2024]))
    assert page.count('<tr role="row"><td') == 25
    assert "The first 25 awards of more than 25" in page


def test_a_printed_roll_is_read_from_the_database_never_stored(
    client, roll, django_assert_max_num_queries
):
    url = reverse("honours_year", args=[2024])
    printed(client, url)
    with django_assert_max_num_queries(20) as queries:
        printed(client, url)
    assert len(queries) >= 2  # the count and the rows, again


def test_only_a_roll_prints_whole(client, roll):
    """Elsewhere `?format=print` is no format: the page itself, one page in the cache."""
    response = client.get(reverse("commune_detail", args=[roll.pk]), {"format": "print"})
    assert response.status_code == 200 and not response.streaming
