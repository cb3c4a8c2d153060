"""The public site's sitemap (/sitemap.xml, an index of sections of at most PAGE_ITEMS items,
each in the three languages): what a search engine should find. People's pages are left out:
they are reached from the rolls, and a list of names is not for search engines to harvest."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from awards.models import AwardTally, Decision
from units.models import Commune, Unit

# Items of a sitemap page (each listed in three languages): a page stays well under the
# protocol's 50,000 addresses and 50 MB, and its query bounded.
PAGE_ITEMS = 2000
# Served from the cache this long: search engines ask often, and a new decision can wait.
SITEMAP_SECONDS = 60 * 60


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = PAGE_ITEMS


class PagesSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["home", "honours_index", "title_list"]

    def location(self, name: str) -> str:
        return reverse(name)


class YearsSitemap(PublicSitemap):
    """Each year's roll, and each title's within it, from the tallies (public awards only)."""

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


class CommunesSitemap(PublicSitemap):
    def items(self):
        return Commune.objects.order_by("pk").only("pk")


class UnitsSitemap(PublicSitemap):
    def items(self):
        return Unit.objects.order_by("pk").only("pk")


SITEMAPS = {
    "pages": PagesSitemap,
    "years": YearsSitemap,
    "decisions": DecisionsSitemap,
    "communes": CommunesSitemap,
    "units": UnitsSitemap,
}
