from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from units.models import Commune, Household, Person, Unit
from units.names import fold


class FoldedSearchMixin:
    """Admin search (and autocomplete) that ignores diacritics and case.

    Search fields whose name ends in `_folded` hold folded text (see units.names) and are
    matched with the folded word, so "dong rui" finds "Đồng Rui"; the others keep Django's
    `icontains`. Every word must match one of the fields.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        condition = Q()
        for word in smart_split(search_term):
            if word[0] in "\"'" and word[0] == word[-1]:
                word = unescape_string_literal(word)
            either = Q()
            for field in self.search_fields:
                if field.endswith("_folded"):
                    either |= Q(**{f"{field}__contains": fold(word)})
                else:
                    either |= Q(**{f"{field}__icontains": word})
            condition &= either
        return queryset.filter(condition), False


class CurrentFilter(admin.SimpleListFilter):
    title = _("still exists")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No, merged or dissolved"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_until__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_until__isnull=False)
        return queryset


@admin.register(Commune)
class CommuneAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district", "province", "code", "valid_until", "successor"]
    list_filter = ["kind", CurrentFilter, "province", "district", "is_demo"]
    list_select_related = ["successor"]
    search_fields = ["name_folded", "code"]
    autocomplete_fields = ["successor"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "code", "district", "province"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "parent", "valid_until", "successor"]
    list_filter = [
        "kind",
        CurrentFilter,
        ("commune", admin.RelatedOnlyFieldListFilter),
        "is_demo",
    ]
    list_select_related = ["commune", "parent", "successor"]
    search_fields = ["name_folded"]
    autocomplete_fields = ["parent", "commune", "successor"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "commune"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "position", "unit", "commune", "category", "listed"]
    list_filter = ["category", "listed", "gender", "is_demo"]
    list_select_related = ["unit", "commune"]
    search_fields = ["name_folded", "position"]
    autocomplete_fields = ["unit", "commune"]
    fieldsets = [
        (None, {"fields": ["full_name", "gender", "position", "unit", "commune", "category"]}),
        (_("Privacy"), {"fields": ["listed", "birth_date"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Household)
class HouseholdAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["head_name", "village", "commune"]
    list_filter = [("commune", admin.RelatedOnlyFieldListFilter), "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name_folded", "village"]
    autocomplete_fields = ["commune"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Its __str__ names the commune: autocomplete needs it joined too.
        return super().get_queryset(request).select_related("commune")
