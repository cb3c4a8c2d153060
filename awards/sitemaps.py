"""The public site's sitemap (/sitemap.xml, an index of sections of at most PAGE_ADDRESSES
addresses, each record listed in the three languages): what a search engine should find.
People's and households' pages are left out: they are reached from the rolls, and a list of
names is not for search engines to harvest."""

import re
from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemaps
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from awards.models import AwardTally, Decision, EmulationMovement
from awards.rolls import RECORDS
from awards.views import cached_page
from units.models import Commune, Unit

# Addresses a sitemap page (a record's three languages are three): well under the protocol's
# 50,000 addresses and 50 MB, and a page's query bounded.
PAGE_ADDRESSES = 6000
# A page number as a sitemap's index writes it: "?p=01" would be one more page in the cache.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


class InLanguages(Sequence):
    """A queryset's records, each with each language, read a page at a time.

    Trap: Django's i18n sitemap makes every (record, language) pair of a section before it pages
    them (`Sitemap._items()`, private): 30,000 units read whole for each page of 2,000. This
    reads only the records of the page asked for; its length is a COUNT.
    """

    def __init__(self, records: QuerySet, languages: list[str]) -> None:
        self.records, self.languages = records, languages
        self._length = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.records.count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("a sitemap reads its pages, not single addresses")
        start, stop, _step = index.indices(len(self))
        size = len(self.languages)
        first, last = start // size, -(-stop // size)
        pairs = [
            (record, language) for record in self.records[first:last] for language in self.languages
        ]
        return pairs[start - first * size : stop - first * size]


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_ADDRESSES

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return InLanguages(items, self._languages())
        return super()._items()  # a short list: as Django makes it


class PagesSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["home", "honours_index", "title_list", "movement_list", "pact_index"]

    def location(self, name: str) -> str:
        return reverse(name)


class YearsSitemap(PublicSitemap):
    """Each year's roll, and each title's within it, from the tallies (public awards only):
    a few thousand rows at most."""

    def items(self) -> list[tuple[int, str]]:
        rolls = set(AwardTally.objects.filter(total__gt=0).values_list("year", "title__slug"))
        years = {(year, "") for year, _slug in rolls}
        return sorted(years | rolls)

    def location(self, item: tuple[int, str]) -> str:
        year, slug = item
        if slug:
            return reverse("honours_title", args=[year, slug])
        return reverse("honours_year", args=[year])


class DecisionsSitemap(PublicSitemap):
    def items(self):
        return Decision.objects.published().order_by("pk").only("pk", "published_at")

    def lastmod(self, decision: Decision):
        return decision.published_at

    def get_latest_lastmod(self):
        return Decision.objects.published().aggregate(latest=Max("published_at"))["latest"]


class RecordsSitemap(PublicSitemap):
    model = None

    def items(self):
        return self.model.objects.order_by("pk").only("pk")


class MovementsSitemap(RecordsSitemap):
    model = EmulationMovement


class CommunesSitemap(RecordsSitemap):
    model = Commune


class UnitsSitemap(RecordsSitemap):
    model = Unit


SITEMAPS = {
    "pages": PagesSitemap,
    "years": YearsSitemap,
    "decisions": DecisionsSitemap,
    "movements": MovementsSitemap,
    "communes": CommunesSitemap,
    "units": UnitsSitemap,
}


def _page_number(request: HttpRequest) -> None:
    if (number := request.GET.get("p")) is not None and not PAGE_NUMBER.fullmatch(number):
        raise Http404("not a page of the sitemap")


# Cached as the record pages are, until a record or an award changes (awards.rolls.RECORDS):
# an award revoked leaves the sitemap at once, as it leaves its roll.
@cached_page(parameters=["p"], kind=RECORDS)
def index(request: HttpRequest) -> HttpResponse:
    return sitemaps.index(request, SITEMAPS, sitemap_url_name="sitemap_section").render()


@cached_page(parameters=["p"], kind=RECORDS)
def section(request: HttpRequest, section: str) -> HttpResponse:
    _page_number(request)
    return sitemaps.sitemap(request, SITEMAPS, section).render()
