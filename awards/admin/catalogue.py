"""The catalogue: emulation titles and commendation forms, with their eligibility rules; who
may confer them and when; the reward money. Shipped from awards/law/ (see awards.catalogue),
edited here by an office when the law changes before the registry does."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import (
    Authority,
    BaseSalary,
    Competence,
    EligibilityRule,
    EmulationTitle,
    Initiative,
    ReportingOffice,
    RewardRate,
    RewardRounding,
    YearlyResult,
)
from units.admin import FoldedSearchMixin, RegistryAdminMixin, staff_scope


class EligibilityRuleInline(RegistryAdminMixin, admin.TabularInline):
    model = EligibilityRule
    fk_name = "title"
    extra = 0
    autocomplete_fields = ["required_title"]


class RewardRateInline(RegistryAdminMixin, admin.TabularInline):
    model = RewardRate
    extra = 0
    fields = ["recipient_kind", "coefficient", "valid_from", "valid_until", "legal_basis"]


@admin.register(EmulationTitle)
class EmulationTitleAdmin(RegistryAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name", "name_en", "kind", "level", "recipients", "valid_from", "valid_until", "rank",
        "is_active",
    ]  # fmt: skip
    list_filter = ["kind", "level", "armed_forces", "is_active"]
    list_select_related = ["successor"]
    search_fields = ["name_folded", "name_en", "name_es"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["successor"]
    inlines = [EligibilityRuleInline, RewardRateInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name", "name_en", "name_es", "slug", "kind", "level", "armed_forces",
                    "rank", "is_active",
                ]
            },
        ),
        (
            _("Who can receive it"),
            {"fields": ["for_collectives", "for_individuals", "for_households"]},
        ),
        (
            _("Law"),
            {
                "fields": [
                    "issuing_authority", "legal_basis", "valid_from", "valid_until", "successor",
                    "criteria", "criteria_en", "criteria_es",
                ]
            },
        ),
    ]  # fmt: skip

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


class CompetenceInline(RegistryAdminMixin, admin.StackedInline):
    model = Competence
    extra = 0
    filter_horizontal = ["titles"]
    fields = ["titles", "valid_from", "valid_until", "legal_basis", "note"]


@admin.register(Authority)
class AuthorityAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "level", "valid_from", "valid_until"]
    list_filter = ["level"]
    search_fields = ["name", "name_en", "code"]
    inlines = [CompetenceInline]
    fields = [
        "name", "name_en", "name_es", "code", "level", "valid_from", "valid_until", "legal_basis",
    ]  # fmt: skip

    def has_delete_permission(self, request, obj: Authority | None = None) -> bool:
        # The law's authorities end (valid_until), they are not deleted: decisions name them.
        return False


@admin.register(BaseSalary)
class BaseSalaryAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ["valid_from", "amount", "legal_basis"]


@admin.register(RewardRounding)
class RewardRoundingAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ["multiple", "valid_from", "valid_until", "legal_basis"]


@admin.register(RewardRate)
class RewardRateAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = [
        "title", "recipient_kind", "coefficient", "valid_from", "valid_until", "legal_basis",
    ]  # fmt: skip
    list_filter = ["recipient_kind", "title__kind"]
    list_select_related = ["title"]
    search_fields = ["title__name_folded", "title__name_en"]
    autocomplete_fields = ["title"]


@admin.register(YearlyResult)
class YearlyResultAdmin(RegistryAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    """The yearly review's results that the eligibility rules read (ratings, discipline)."""

    list_display = ["year", "person", "unit", "rating", "disciplined"]
    list_filter = ["year", "rating", "disciplined"]
    list_select_related = ["person", "unit"]
    search_fields = ["person__name_folded", "unit__name_folded"]
    autocomplete_fields = ["person", "unit"]
    scope_choices = {"person": "people", "unit": "units"}

    def get_queryset(self, request):
        # Private, as the people's own records are: a limited editor sees their scope's.
        queryset = super().get_queryset(request)
        scope = staff_scope(request)
        if scope is None:
            return queryset
        return queryset.filter(
            scope.condition("people", via="person") | scope.condition("units", via="unit")
        )


@admin.register(Initiative)
class InitiativeAdmin(RegistryAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    """The recognised initiatives that the emulation fighters' rules read."""

    list_display = ["year", "name", "person", "kind", "reach", "recognised_by"]
    list_filter = ["year", "reach", "kind"]
    list_select_related = ["person"]
    search_fields = ["name", "person__name_folded"]
    autocomplete_fields = ["person"]
    scope_choices = {"person": "people"}

    def get_queryset(self, request):
        # A limited editor sees their scope's people's, as with the yearly results.
        queryset = super().get_queryset(request)
        scope = staff_scope(request)
        if scope is None:
            return queryset
        return queryset.filter(scope.condition("people", via="person"))


@admin.register(ReportingOffice)
class ReportingOfficeAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """Who reported when: the official forms of a year print the office in force at its end."""

    list_display = ["name", "valid_from", "valid_until", "authority"]
    list_select_related = ["authority"]
    search_fields = ["name"]
