from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from units import reorganisation
from units.forms import MergeForm, RenameCommuneForm, RenameForm
from units.models import Commune, Household, Person, StaffScope, Unit
from units.names import fold


def staff_scope(request: HttpRequest) -> StaffScope | None:
    """The commune or unit this member of staff is limited to; None when not limited."""
    if not hasattr(request, "_staff_scope"):
        user = request.user
        request._staff_scope = (
            None
            if user.is_superuser
            else StaffScope.objects.select_related("commune", "unit").filter(user=user).first()
        )
    return request._staff_scope


def scoped(request: HttpRequest, queryset: QuerySet, condition: str) -> QuerySet:
    """Only what the user's scope holds: `condition` names a StaffScope method."""
    scope = staff_scope(request)
    return queryset if scope is None else queryset.filter(getattr(scope, condition)())


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


class ReorganisedAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    """Communes and units: merged into a successor, or renamed, as one atomic action each."""

    actions = ["merge"]
    rename_form = RenameForm

    def get_urls(self):
        rename = self.admin_site.admin_view(self.rename_view)
        return [
            path(
                "<int:pk>/rename/",
                rename,
                name=f"{self.opts.app_label}_{self.opts.model_name}_rename",
            ),
            *super().get_urls(),
        ]

    def has_reorganise_permission(self, request: HttpRequest) -> bool:
        # Staff limited to one commune or unit enter awards; they don't redraw the map.
        return self.has_change_permission(request) and staff_scope(request) is None

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        context["may_reorganise"] = self.has_reorganise_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(
        description=_("Merge the selected records into another…"), permissions=["reorganise"]
    )
    def merge(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if not self.has_reorganise_permission(request):
            raise PermissionDenied
        form = MergeForm(
            request.POST if "merge" in request.POST else None,
            model=self.model,
            admin_site=self.admin_site,
        )
        if form.is_valid():
            try:
                merge = getattr(reorganisation, f"merge_{self.opts.model_name}s")
                merge(
                    list(queryset), form.cleaned_data["into"], form.cleaned_data["on"], request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(count)d merged into “%(into)s”.")
                    % {"count": len(queryset), "into": form.cleaned_data["into"]},
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge"),
            "form": form,
            "media": self.media + form.media,
            "records": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/units/merge.html", context)

    def rename_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_object(request, str(pk))
        if record is None or not self.has_reorganise_permission(request):
            raise PermissionDenied
        form = self.rename_form(request.POST or None)
        if form.is_valid():
            data = dict(form.cleaned_data)
            rename = getattr(reorganisation, f"rename_{self.opts.model_name}")
            try:
                renamed = rename(record, by=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("“%(old)s” is now “%(new)s”.") % {"old": record, "new": renamed},
                    messages.SUCCESS,
                )
                change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
                return redirect(reverse(change, args=[renamed.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Rename “%(name)s”") % {"name": record},
            "form": form,
            "original": record,
        }
        return TemplateResponse(request, "admin/units/rename.html", context)


@admin.register(Commune)
class CommuneAdmin(ReorganisedAdmin):
    list_display = ["name", "kind", "district", "province", "code", "valid_until", "successor"]
    list_filter = ["kind", CurrentFilter, "province", "district", "is_demo"]
    list_select_related = ["successor"]
    search_fields = ["name_folded", "code"]
    autocomplete_fields = ["successor"]
    rename_form = RenameCommuneForm
    fieldsets = [
        (None, {"fields": ["name", "kind", "code", "district", "province"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Unit)
class UnitAdmin(ReorganisedAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scoped(request, super().get_queryset(request), "units")


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scoped(request, super().get_queryset(request), "people")


@admin.register(Household)
class HouseholdAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["head_name", "village", "commune"]
    list_filter = [("commune", admin.RelatedOnlyFieldListFilter), "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name_folded", "village"]
    autocomplete_fields = ["commune"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Its __str__ names the commune: autocomplete needs it joined too.
        queryset = super().get_queryset(request).select_related("commune")
        return scoped(request, queryset, "households")


class StaffScopeInline(admin.StackedInline):
    model = StaffScope
    can_delete = True
    verbose_name_plural = _("Limited to one commune or unit")
    autocomplete_fields = ["commune", "unit"]


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    """Django's user admin, with the commune or unit an editor may be limited to."""

    inlines = [StaffScopeInline]
    list_display = ["username", "first_name", "last_name", "is_staff", "groups_list", "scope"]
    list_select_related = ["scope__commune", "scope__unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("groups"))
    def groups_list(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=_("limited to"))
    def scope(self, user: User) -> str:
        scope = getattr(user, "scope", None)
        return str(scope) if scope else ""
