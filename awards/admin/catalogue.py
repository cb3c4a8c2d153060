"""The catalogue: emulation titles and commendation forms, with their eligibility rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import EligibilityRule, EmulationTitle
from units.admin import FoldedSearchMixin, RegistryAdminMixin


class EligibilityRuleInline(RegistryAdminMixin, admin.TabularInline):
    model = EligibilityRule
    fk_name = "title"
    extra = 0
    autocomplete_fields = ["required_title"]


@admin.register(EmulationTitle)
class EmulationTitleAdmin(RegistryAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "level", "recipients", "rank", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name_folded", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [EligibilityRuleInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "kind", "level", "rank", "is_active"]}),
        (
            _("Who can receive it"),
            {"fields": ["for_collectives", "for_individuals", "for_households"]},
        ),
        (_("Law"), {"fields": ["issuing_authority", "legal_basis", "criteria"]}),
    ]

    @admin.display(description=_("recipients"))
    def recipients(self, title: EmulationTitle) -> str:
        kinds = [
            label
            for allowed, label in [
                (title.for_collectives, _("collectives")),
                (title.for_individuals, _("individuals")),
                (title.for_households, _("households")),
            ]
            if allowed
        ]
        return ", ".join(str(kind) for kind in kinds)
