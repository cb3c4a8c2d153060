"""Movements, clusters and their pacts, and communes' rural-standard recognitions.

Movements, clusters and pacts are shared by many communes: staff limited to one read them
(those their units take part in), and change none.
"""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awards.models import (
    ClusterMembership,
    EmulationCluster,
    EmulationMovement,
    Pact,
    PactSignatory,
    PactTarget,
    RuralStandardRecognition,
)
from units.admin import RegistryAdminMixin, staff_scope


def taking_part(request: HttpRequest, queryset: QuerySet, units: QuerySet) -> QuerySet:
    """Clusters or pacts one of whose `units` (memberships, signatories) is within the scope."""
    scope = staff_scope(request)
    if scope is None:
        return queryset
    return queryset.filter(Exists(units.filter(scope.condition("units", via="unit"))))


@admin.register(EmulationMovement)
class EmulationMovementAdmin(RegistryAdminMixin, admin.ModelAdmin):
    # A movement is launched for every commune and unit: staff limited to one read it.
    scope_read_only = True
    list_display = [
        "name",
        "launched_by",
        "launch_level",
        "scope",
        "method",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["method", "launch_level", "scope", "is_demo"]
    search_fields = ["name", "theme", "launched_by"]
    date_hierarchy = "starts_on"


class ClusterMembershipInline(RegistryAdminMixin, admin.TabularInline):
    model = ClusterMembership
    extra = 1
    autocomplete_fields = ["unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("unit")


@admin.register(EmulationCluster)
class EmulationClusterAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "organised_by", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "organised_by"]
    inlines = [ClusterMembershipInline]
    # Clusters, their members and pacts are shared by many communes: staff limited to one
    # read those their units belong to, and change none.
    scope_read_only = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("memberships__unit", distinct=True))
            .order_by(*EmulationCluster._meta.ordering)  # see DecisionAdmin.get_queryset
        )
        return taking_part(
            request, queryset, ClusterMembership.objects.filter(cluster=OuterRef("pk"))
        )

    @admin.display(description=_("units over the years"), ordering="member_total")
    def member_count(self, cluster: EmulationCluster) -> int:
        return cluster.member_total


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(RegistryAdminMixin, admin.ModelAdmin):
    scope_records, scope_via, scope_read_only = "units", "unit", True
    list_display = ["unit", "cluster", "year", "role"]
    # Only the clusters of the rows this user sees (the names of others' too, otherwise).
    list_filter = ["year", "role", ("cluster", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["unit", "cluster"]
    search_fields = ["unit__name", "cluster__name"]
    autocomplete_fields = ["unit", "cluster"]


class PactSignatoryInline(RegistryAdminMixin, admin.TabularInline):
    model = PactSignatory
    extra = 1
    autocomplete_fields = ["unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("unit")


class PactTargetInline(RegistryAdminMixin, admin.TabularInline):
    model = PactTarget
    extra = 1
    fields = [
        "position",
        "indicator",
        "comparison",
        "target_value",
        "unit_of_measure",
        "basis",
        "actual_value",
    ]


@admin.register(Pact)
class PactAdmin(RegistryAdminMixin, admin.ModelAdmin):
    list_display = ["title", "year", "cluster", "signed_on", "signatory_count"]
    list_filter = ["year", ("cluster", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cluster"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["cluster", "movement"]
    inlines = [PactSignatoryInline, PactTargetInline]
    scope_read_only = True  # signed by many communes' units (see EmulationClusterAdmin)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = (
            super()
            .get_queryset(request)
            .annotate(signatory_total=Count("signatories", distinct=True))
            .order_by(*Pact._meta.ordering)  # see DecisionAdmin.get_queryset
        )
        return taking_part(request, queryset, PactSignatory.objects.filter(pact=OuterRef("pk")))

    @admin.display(description=_("signatories"), ordering="signatory_total")
    def signatory_count(self, pact: Pact) -> int:
        return pact.signatory_total


@admin.register(RuralStandardRecognition)
class RuralStandardRecognitionAdmin(RegistryAdminMixin, admin.ModelAdmin):
    scope_records = "recognitions"
    scope_choices = {"commune": "communes"}
    list_display = ["commune", "year", "standard", "decision_reference", "recognised_on"]
    list_filter = ["year", "standard"]
    list_select_related = ["commune"]
    search_fields = ["commune__name", "decision_reference"]
    autocomplete_fields = ["commune"]
