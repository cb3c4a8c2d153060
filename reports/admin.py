"""The reports' pages in the admin: under "Reports", the list of background exports, and the
summary, forms, annex and export pages among its URLs (reports.views)."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards.models import Commendation
from reports import views
from reports.models import EmulationBody, EmulationOfficer, ExportJob, StatisticalRegime
from units.admin import RegistryAdminMixin, staff_scope


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """The exports asked for, read only: a member of staff limited to a commune or unit sees
    their own. Whoever may view the awards may see them."""

    list_display = ["created_at", "kind", "what", "status", "progress", "requested_by", "file_link"]
    list_display_links = None
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest):
        jobs = super().get_queryset(request)
        if staff_scope(request) is not None:
            jobs = jobs.filter(requested_by=request.user)
        return jobs

    def _may_view_awards(self, request: HttpRequest) -> bool:
        return self.admin_site.get_model_admin(Commendation).has_view_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_view_awards(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_view_awards(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("for"))
    def what(self, job: ExportJob) -> str:
        """What the export covers, by its parameters (ids: no query a row)."""
        labels = {
            "year": "%(value)s",
            "commune": _("commune #%(value)s"),
            "cluster": _("cluster #%(value)s"),
            "decision": _("decision #%(value)s"),
        }
        return ", ".join(
            labels[name] % {"value": value}
            for name, value in job.parameters.items()
            if value and name in labels
        )

    @admin.display(description=_("file"))
    def file_link(self, job: ExportJob) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:reports_export", args=[job.pk]), _("open")
        )

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("summary/", view(views.summary_view), name="reports_summary"),
            path(
                "summary/forms/<str:code>/",
                view(views.official_form_view),
                name="reports_official_form",
            ),
            path("annex/<int:pk>.<str:fmt>", view(views.annex_view), name="reports_annex"),
            path("<int:pk>/", view(views.export_view), name="reports_export"),
            *super().get_urls(),
        ]


class OfficeOnlyAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """The reporting office's own records: staff limited to a commune or unit never reach
    them, whatever permissions their group is given (the officers' birth years and genders).
    The permission first: the login page asks too, of nobody yet."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and staff_scope(request) is None

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and staff_scope(request) is None

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and staff_scope(request) is None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and staff_scope(request) is None

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and staff_scope(request) is None


@admin.register(StatisticalRegime)
class StatisticalRegimeAdmin(OfficeOnlyAdmin):
    """The circulars whose forms the office reports on, each with its period and validity: a
    new circular is a new row, from the day it governs (the older one given an end)."""

    list_display = ["circular", "valid_from", "valid_until", "due", "legal_basis"]


@admin.register(EmulationBody)
class EmulationBodyAdmin(OfficeOnlyAdmin):
    """The bodies doing the emulation and commendation work (form 0604.N), with their period."""

    list_display = ["name", "kind", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(EmulationOfficer)
class EmulationOfficerAdmin(OfficeOnlyAdmin):
    """The civil servants doing that work (form 0605.N): staff only, never public."""

    list_display = ["full_name", "body", "training", "in_the_field_since", "valid_until"]
    list_filter = ["training", "body"]
    list_select_related = ["body"]
    search_fields = ["full_name"]
