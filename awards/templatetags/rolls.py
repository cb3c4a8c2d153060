"""The rows of a roll, rendered in Python and without the URL resolver for each link: Django's
template engine took about 0.8 ms a row (a 50-row page's rows were most of an uncached roll),
a template included for every row and about four `reverse()` a row more than the rest."""

import functools

from django import template
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# The recipient's page, by the field that names it.
PAGES = {
    "unit_id": "unit_detail",
    "commune_id": "commune_detail",
    "person_id": "person_detail",
    "household_id": "household_detail",
}
# The pages whose paths end with a number, a record's id or a year: "<prefix>/<n>/".
RECORD_PAGES = {*PAGES.values(), "decision_detail", "honours_year"}


@functools.lru_cache(maxsize=64)  # pages × languages × script prefixes
def _path_around_id(page: str, language: str | None, script_prefix: str) -> tuple[str, str]:
    """The path of `page` before and after the id, in a language under a script prefix."""
    marker = 2**62  # no other part of the path holds these digits
    before, after = reverse(page, args=[marker]).split(str(marker))
    return before, after


@receiver(setting_changed)
def _forget_paths(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # as Django's own URL caches are cleared
        _path_around_id.cache_clear()


@register.simple_tag
def page_url(page: str, pk: int) -> str:
    """`reverse(page, args=[pk])` for a record page, from its path around the id."""
    if page not in RECORD_PAGES:
        raise ValueError(f"{page!r} is not a record page")
    before, after = _path_around_id(page, get_language(), get_script_prefix())
    return f"{before}{int(pk)}{after}"


@register.simple_tag
def recipient_link(award) -> str:
    """The recipient's name as the decision writes it, linked to their page."""
    for field, page in PAGES.items():
        if pk := getattr(award, field):
            return format_html('<a href="{}">{}</a>', page_url(page, pk), award.recipient_name)
    return award.recipient_name


@register.simple_tag
def award_rows(awards, show_year: bool = False, show_title: bool = False) -> SafeString:
    """The `<tr>` of each award, in the columns of awards/_award_table.html's header."""
    return format_html_join("\n", "{}", ((_row(award, show_year, show_title),) for award in awards))


def _row(award, show_year: bool, show_title: bool) -> SafeString:
    """Each cell named by its class: below 576 px the row is a block (static/css/site.css),
    the recipient first, the year beside the title."""
    cells = []
    if show_year:
        year = format_html('<a href="{}">{}</a>', page_url("honours_year", award.year), award.year)
        cells.append(("year", year))
    if show_title:
        cells.append(("title", award.title.name_in_language))
    recipient = recipient_link(award)
    if award.recipient_position:
        recipient = format_html(
            '{}<div class="small text-body-secondary">{}</div>',
            recipient,
            award.recipient_position,
        )
    cells += [("recipient", recipient), ("unit", award.recipient_unit_name)]
    locality = ""
    if award.locality_id:
        locality = format_html(
            '<a href="{}">{}</a>',
            page_url("commune_detail", award.locality_id),
            award.locality.full_name,
        )
    cells.append(("commune", locality))
    decision = format_html(
        '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
        page_url("decision_detail", award.decision_id),
        award.decision.number,
        format_date(award.decision.signed_on, "d/m/Y"),
    )
    cells += [("decision", decision), ("citation", award.citation)]
    return format_html(
        '<tr role="row">{}</tr>',
        format_html_join("", '<td role="cell" class="{}">{}</td>', cells),
    )
