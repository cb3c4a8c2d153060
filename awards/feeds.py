"""An Atom feed of the decisions newly published (/decisions/feed/), in the page's language:
what a portal or a newsreader follows."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Decision

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
        return (
            Decision.objects.published()
            .exclude(published_at=None)
            .annotate(public=Count("awards", filter=Q(awards__is_public=True)))
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, decision: Decision) -> str:
        return f"{decision.number}: {decision.subject}"

    def item_description(self, decision: Decision) -> str:
        awards = ngettext("%(count)d award", "%(count)d awards", decision.public) % {
            "count": decision.public
        }
        return f"{decision.issuer_name}, {decision.signed_on:%d/%m/%Y}. {awards}."

    def item_author_name(self, decision: Decision) -> str:
        return decision.issuer_name

    def item_pubdate(self, decision: Decision):
        return decision.published_at

    def item_updateddate(self, decision: Decision):
        return decision.published_at
