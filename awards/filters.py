"""The public honour rolls' filters: every combination works together and lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.forms import SearchField
from awards.models import Commendation, EmulationTitle, Level, in_language
from units.models import Unit
from units.names import contains_words

RECIPIENT_KIND_FILTERS = {
    Commendation.RecipientKind.COLLECTIVES: Q(person__isnull=True, household__isnull=True),
    Commendation.RecipientKind.INDIVIDUALS: Q(person__isnull=False),
    Commendation.RecipientKind.HOUSEHOLDS: Q(household__isnull=False),
}


class WordsFilter(django_filters.CharFilter):
    """Free text, bounded in words and length like every search (see `SearchField`)."""

    field_class = SearchField


class RollFilter(django_filters.FilterSet):
    q = WordsFilter(
        label=_("Name"),
        method="filter_name",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. dong rui")}),
    )
    # The catalogue's entries by slug (their choices: __init__).
    title = django_filters.ChoiceFilter(
        label=_("Title or form"), field_name="title__slug", empty_label=_("All titles and forms")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="title__level", choices=Level.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Recipient"),
        choices=Commendation.RecipientKind.choices,
        method="filter_kind",
        empty_label=_("All"),
    )
    # A name, not a list: a national registry has over three thousand communes.
    commune = WordsFilter(
        label=_("Commune"),
        method="filter_commune",
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Đồng Rui")}),
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("Kind of unit"),
        choices=Unit.Kind.choices,
        method="filter_unit_kind",
        empty_label=_("All"),
    )

    class Meta:
        model = Commendation
        fields = ["q", "title", "level", "kind", "commune", "unit_kind"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One plain query: a model choice field read the catalogue through a server-side cursor
        # on every page (13 ms of an uncached roll).
        self.filters["title"].extra["choices"] = [
            (slug, in_language(*names))
            for slug, *names in EmulationTitle.objects.values_list(
                "slug", "name", "name_en", "name_es"
            )
        ]

    def is_filtering(self) -> bool:
        """Whether any filter narrows the roll (an invalid one narrows nothing)."""
        return self.form.is_valid() and any(self.form.cleaned_data.values())

    def described(self) -> list[tuple[str, str]]:
        """The filters set, as (label, value) in words: a choice by its label."""
        if not self.is_filtering():
            return []
        described = []
        for field in self.form:
            value = self.form.cleaned_data.get(field.name)
            if value:
                choices = dict(getattr(field.field, "choices", ()))
                described.append((str(field.label), str(choices.get(value, value))))
        return described

    def filter_name(self, queryset, name, value):
        return queryset.filter(contains_words("recipient_name_folded", value))

    def filter_commune(self, queryset, name, value):
        return queryset.filter(contains_words("locality__name_folded", value))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(RECIPIENT_KIND_FILTERS[value])

    def filter_unit_kind(self, queryset, name, value):
        return queryset.filter(Q(unit__kind=value) | Q(person__unit__kind=value))
