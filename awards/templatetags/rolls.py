"""What each row of a roll renders, in Python and without the URL resolver for each link: a
template included for every row, and about four `reverse()` a row, cost more than the rest of
a 50-row page."""

import functools

from django import template
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

# The recipient's page, by the field that names it (a household has none).
PAGES = {"unit_id": "unit_detail", "commune_id": "commune_detail", "person_id": "person_detail"}
# The record pages whose paths end with the record's id: "<prefix>/<id>/" (awards/urls.py).
RECORD_PAGES = {*PAGES.values(), "decision_detail"}


@functools.cache
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
