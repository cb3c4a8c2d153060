"""An Atom feed of the decisions newly published (/decisions/feed/), in the page's language:
what a portal or a newsreader follows."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Commendation, Decision

# The feed's length: newsreaders ask often, and keep what they have read.
FEED_ITEMS = 50


class NewDecisions(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        name = settings.OFFICE_NAME or _("Emulation and commendation registry")
        return _("%(office)s: newly published decisions") % {"office": name}

    def subtitle(self) -> str:
        return _("Award decisions as they are published, with the number of their awards.")

    def link(self) -> str:
        return reverse("honours_index")

    def items(self):
        # The decisions first, then the public awards of those FEED_ITEMS only, each counted
        # by its decision's index: never a count of every award.
        public = (
            Commendation.objects.public()
            .filter(decision=OuterRef("pk"))
            .order_by()
            .values("decision")
            .annotate(total=Count("pk"))
            .values("total")
        )
        newest = (
            Decision.objects.published()
            .exclude(published_at=None)
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )
        return (
            Decision.objects.filter(pk__in=newest.values("pk"))
            .annotate(public=Coalesce(Subquery(public), 0))
            .order_by("-published_at", "-pk")
        )

    def item_title(self, decision: Decision) -> str:
        return f"{decision.number}: {decision.subject}"

    def item_description(self, decision: Decision) -> str:
        awards = ngettext("%(count)d award", "%(count)d awards", decision.public) % {
            "count": decision.public
        }
        # The feed's summary is HTML: what staff typed is text in it.
        return escape(f"{decision.issuer_name}, {decision.signed_on:%d/%m/%Y}. {awards}.")

    def item_author_name(self, decision: Decision) -> str:
        return decision.issuer_name

    def item_pubdate(self, decision: Decision):
        return decision.published_at

    def item_updateddate(self, decision: Decision):
        return decision.published_at
