"""Random addresses and forms at every public page and every admin form: never a 500."""

import re
from functools import partial
from html import unescape
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from awards.models import AwardTally, Decision, EmulationTitle
from awards.urls import urlpatterns as awards_urls
from tests.makers import CommittingClient, make_award, make_decision, make_member, make_person
from tests.test_hostile_input import THOUSAND_WORDS
from units.models import Commune, Person, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

# Random paths, query strings and form data at every public page and every admin form. Each
# test loads the demo data once and lets Hypothesis run inside it, in one transaction: rows
# that a random POST manages to save pile up, which only makes later examples richer.

FILTER_NAMES = ["q", "title", "level", "kind", "commune", "unit_kind", "after", "format", "page"]
ADMIN_QUERY_NAMES = ["_changelist_filters", "_popup", "_to_field", "q", "o", "p", "e", "all"]
NASTY = [
    "", "0", "-1", "abc", "9" * 40, "-" + "9" * 25, "1e999", "NaN", "Infinity", "²", "١٢", "½",
    "\x00", "a\x00b", "%00", "%ZZ", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "csv", "json", "xlsx", "2024", "27/12/2024", "12/27/2024", "31/02/2024", "2024-13-45",
    "\ufdfa " * 50, THOUSAND_WORDS, "đồng rui", "ĐỒNG RUI", "\u202e", "\ufffd",
]  # fmt: skip
BROKEN_QUERIES = ["%", "%ZZ", "%C0%AF", "%FF%FE", "&&&", "==", ";", "a=%00", "q=%E0%A4"]
PREFIXES = ["", "", "/en", "/en", "/es", "/es", "/vi", "/xx", "/en/es"]
# Examples run inside one test and its data set (built once: that is the point), with no
# example database left in the working tree, and without the "explain" phase, which traces
# every line of a failure's replays for a minute.
BOUNDED = settings(
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
quote_segment = partial(quote, safe="")


def text_values(real: list[str]):
    return st.one_of(
        st.text(max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(NASTY),
        st.sampled_from(real) if real else st.nothing(),
    )


def often(usual, rare):
    """`usual` three times in four: real ids and paths reach further than noise."""
    return st.integers(0, 3).flatmap(lambda dice: rare if dice == 0 else usual)


def query_strings(names: list[str], real: list[str]):
    keys = st.one_of(st.sampled_from(names), st.text(max_size=12))
    pairs = st.lists(st.tuples(keys, text_values(real)), max_size=6).map(urlencode)
    broken = st.lists(st.sampled_from(BROKEN_QUERIES), max_size=2).map("&".join)
    return st.tuples(pairs, broken).map(lambda parts: "&".join(filter(None, parts)))


def answer_of(client, method: str, url: str, data: dict | None = None):
    send = getattr(client, method)
    response = send(url) if data is None else send(url, data)
    if response.streaming:  # a download can fail half-way through its stream
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def hostile_client():
    return CommittingClient(raise_request_exception=False)


def real_values() -> dict[str, list[str]]:
    """Ids, years and slugs that exist: a path or filter that names them goes further."""
    pks = {
        str(pk)
        for model in (Commune, Unit, Person, Decision)
        for pk in model.objects.values_list("pk", flat=True)[:20]
    }
    return {
        "year": [str(year) for year in AwardTally.objects.values_list("year", flat=True)],
        "slug": list(EmulationTitle.objects.values_list("slug", flat=True)),
        "pk": sorted(pks),
    }


PUBLIC_ROUTES = [str(pattern.pattern) for pattern in awards_urls]


def test_no_public_address_answers_a_server_error(hostile_client):
    real = real_values()
    every_real = [value for values in real.values() for value in values]

    def segment(name: str):
        nasty = st.one_of(st.sampled_from(NASTY), st.text(max_size=20)).map(quote_segment)
        return often(st.sampled_from(real.get(name, every_real)), nasty)

    @st.composite
    def addresses(draw) -> str:
        route = draw(st.sampled_from(PUBLIC_ROUTES))
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: draw(segment(m[1])), route)
        path += draw(often(st.just(""), st.text(max_size=10).map(quote_segment)))
        query = draw(query_strings(FILTER_NAMES, every_real))
        return f"{draw(st.sampled_from(PREFIXES))}/{path}" + (f"?{query}" if query else "")

    form_data = st.dictionaries(
        st.one_of(st.sampled_from(FILTER_NAMES), st.text(max_size=12)), text_values(every_real)
    )

    @settings(BOUNDED, max_examples=300)
    @given(url=addresses(), method=st.sampled_from(["get", "get", "head", "post"]), data=form_data)
    def check(url: str, method: str, data: dict) -> None:
        response = answer_of(hostile_client, method, url, data if method == "post" else None)
        assert response.status_code < 500, f"{method.upper()} {url!r} {data!r}"

    check()


FORM_CONTROL = re.compile(r"<(?:input|select|textarea|button)\b[^>]*>")
NAME = re.compile(r'\bname="([^"]+)"')
OPTION = re.compile(r'<option value="([^"]+)"')
LINK_QUERY = re.compile(r'href="\?([^"]*)"')


def admin_pages(client) -> dict[str, tuple[bool, list[str], list[str]]]:
    """Every registered model's list, add page and first and last records' change pages, as
    `client` sees them: whether the page is a form, the names it reads (a form's fields with
    the inline management forms; a list's query parameters) and the values it offers."""
    pages = {}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        url = reverse("admin:{}_{}_changelist".format(*info))
        links = LINK_QUERY.findall(client.get(url).content.decode())
        query = [pair for link in links for pair in parse_qsl(unescape(link))]
        pages[url] = (False, sorted({name for name, _ in query}), sorted({v for _, v in query}))
        forms = [reverse("admin:{}_{}_add".format(*info))]
        records = model._default_manager.order_by("pk")
        for pk in {record.pk for record in (records.first(), records.last()) if record}:
            forms.append(reverse("admin:{}_{}_change".format(*info), args=[pk]))
        for url in forms:
            page = client.get(url).content.decode()
            names = set(NAME.findall(" ".join(FORM_CONTROL.findall(page))))
            names.discard("csrfmiddlewaretoken")
            offered = {unescape(value) for value in OPTION.findall(page)}
            pages[url] = (True, sorted(names), sorted(offered))
    return pages


def test_no_admin_page_answers_a_server_error_to_an_editor(hostile_client):
    hostile_client.force_login(make_member("hostile-editor", "editor"))
    make_award(make_person("Nguyễn Văn Nháp"), decision=make_decision())  # a draft to change
    pages = admin_pages(hostile_client)
    every_real = [value for values in real_values().values() for value in values]
    # Huge counts are rare: each costs a full set of inline forms (MAX_NEW_INLINE_ROWS).
    counts = often(st.integers(-2, 3).map(str), st.sampled_from(["10" * 15, "-1000", "1.5", "x"]))

    @st.composite
    def requests(draw) -> tuple[str, str, dict | None]:
        url = draw(st.sampled_from(sorted(pages)))
        is_form, names, offered = pages[url]
        values = text_values(every_real + offered)
        if not is_form or draw(st.integers(0, 3)) == 0:
            query = draw(query_strings(ADMIN_QUERY_NAMES + names, every_real + offered))
            return "get", f"{url}?{query}" if query else url, None
        chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
        data = {name: draw(counts if name.endswith("_FORMS") else values) for name in chosen}
        data |= draw(st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=3))
        return "post", url, data

    @settings(BOUNDED, max_examples=200)
    @given(request=requests())
    def check(request: tuple[str, str, dict | None]) -> None:
        method, url, data = request
        response = answer_of(hostile_client, method, url, data)
        assert response.status_code < 500, f"{method.upper()} {url} {data!r}"

    check()
