from collections.abc import Callable

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from units import reorganisation
from units.forms import (
    AutocompleteSelect,
    MergeForm,
    RenameCommuneForm,
    RenameForm,
    with_validity,
)
from units.models import (
    Commune,
    CommuneSuccessor,
    Household,
    Person,
    StaffScope,
    Unit,
    UnitSuccessor,
)
from units.names import SEARCH_MAX_WORDS, fold, shorten_search


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


def scoped(request: HttpRequest, queryset: QuerySet, records: str, via: str = "") -> QuerySet:
    """Only what the user's scope holds: `records` is a key of units.models.SCOPE_PATHS."""
    scope = staff_scope(request)
    return queryset if scope is None else queryset.filter(scope.condition(records, via))


def may_see_demo_flag(request: HttpRequest) -> bool:
    """Publishers and superusers keep the demonstration's records apart (the `is_demo` flag);
    editors and viewers work on the records as they are, the flag neither shown nor set."""
    return request.user.has_perm("awards.publish_decision")


# New rows one save of an inline may add: a decision's awards beyond this come by import.
MAX_NEW_INLINE_ROWS = 100


class BoundedPaginator(Paginator):
    """Counts a list's rows up to `LIMIT` and one more: past it the list says "more than
    10,000", and its last page is the hundredth. An exact count of a million awards, or of the
    400,000 a search for "nguyen" finds, cost the awards list up to a second a page."""

    LIMIT = 10_000

    @cached_property
    def count(self) -> int:
        # In no order: counting the first 10,001 by a search's index needs no sort.
        return self.object_list.order_by()[: self.LIMIT + 1].count()

    @property
    def is_bounded(self) -> bool:
        return self.count > self.LIMIT


class RegistryAdminMixin:
    """What every admin page of the registry does, on every path Django's admin opens.

    - Staff limited to a commune or unit (units.models.StaffScope) reach only the records
      within it: lists, change, delete and history pages, autocomplete, and the choices of
      every foreign key named in `scope_choices`; a form that would move a record out of the
      scope is refused. Models whose records are shared by many communes (pacts, clusters,
      movements) set `scope_read_only`: limited staff read those, never change them.
    - Autocomplete widgets survive a malformed id in a POST (units.forms.AutocompleteSelect).
    - An inline formset builds no more forms than the rows it holds and MAX_NEW_INLINE_ROWS,
      whatever `…-TOTAL_FORMS` a POST claims.
    - Lists count their rows up to a bound (BoundedPaginator), once.
    - The demo flag (`is_demo`), its field and its filter, only for publishers and superusers
      (may_see_demo_flag).
    """

    scope_records: str | None = None  # a key of SCOPE_PATHS: this model's records in a scope
    scope_via = ""  # the path from this model to those records, if they are not its own
    scope_choices: dict[str, str] = {}  # foreign key -> the key of SCOPE_PATHS its choices obey
    scope_read_only = False
    # No second count of the whole table for "N of M selected", and the first one bounded;
    # no facet counts (a count for each choice of each filter, over the whole table).
    paginator = BoundedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.scope_records is None:
            return queryset
        return scoped(request, queryset, self.scope_records, self.scope_via)

    def _hides_demo_flag(self, request: HttpRequest) -> bool:
        has_flag = any(field.name == "is_demo" for field in self.model._meta.get_fields())
        return has_flag and not may_see_demo_flag(request)

    def get_exclude(self, request: HttpRequest, obj=None):
        exclude = super().get_exclude(request, obj)
        if self._hides_demo_flag(request):
            return [*(exclude or ()), "is_demo"]
        return exclude

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._hides_demo_flag(request):
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options.get("fields", ()) if field != "is_demo"]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_list_filter(self, request: HttpRequest):
        list_filter = super().get_list_filter(request)
        if self._hides_demo_flag(request):
            return [item for item in list_filter if item != "is_demo"]
        return list_filter

    def changelist_view(self, request: HttpRequest, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and changelist.paginator.is_bounded:
            # "All 10001 selected" would be false: select-all acts on every row.
            response.context_data["selection_note_all"] = _(
                "All of more than %(limit)s selected"
            ) % {"limit": number_format(BoundedPaginator.LIMIT, force_grouping=True)}
        return response

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            formfield.queryset = self.limit_choices(request, db_field.name, formfield.queryset)
            if hasattr(db_field.related_model, "valid_until"):
                formfield.label_from_instance = with_validity
        return formfield

    def limit_choices(self, request: HttpRequest, field_name: str, queryset: QuerySet) -> QuerySet:
        """The choices this admin's forms accept for a foreign key; autocomplete offers these.

        By default, those within the user's scope for the fields named in `scope_choices`.
        """
        records = self.scope_choices.get(field_name)
        return queryset if records is None else scoped(request, queryset, records)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self._autocomplete_choices(request, queryset), may_have_duplicates

    def _autocomplete_choices(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """Autocomplete offers only the choices the form will accept (`limit_choices`)."""
        match = request.resolver_match
        if match is None or not (match.url_name or "").endswith("autocomplete"):
            return queryset
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return queryset  # Django's autocomplete view answers these with a 403
        source_admin = self.admin_site._registry.get(source)
        if not hasattr(source_admin, "limit_choices"):
            return queryset
        return source_admin.limit_choices(request, request.GET.get("field_name", ""), queryset)

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return RegistryChangeList

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        r"""Only the lookups of the list's own filters and date hierarchy, and no regex.

        Django allows any lookup on a model's own fields in a list's query string, such as
        `?name_folded__regex=^((\w+\s?)+)+\d` (minutes of a worker for one request) or
        `?birth_date__year=…` on a list that shows no birth dates.
        """
        if not super().lookup_allowed(lookup, value, request):
            return False
        if lookup.endswith(("__regex", "__iregex")):
            return False
        filtered = [self.date_hierarchy] if self.date_hierarchy else []
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                filtered.append(item[0])
            elif isinstance(item, str):
                filtered.append(item)
            else:  # a SimpleListFilter: its own parameter, which it reads itself
                filtered.append(item.parameter_name)
        return any(lookup == path or lookup.startswith(f"{path}__") for path in filtered)

    def get_deleted_objects(self, objs, request: HttpRequest) -> tuple:
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        if protected and staff_scope(request) is not None:
            # The records that keep these may be other communes' (an award in someone else's
            # draft): the page says so, without naming them.
            protected = [_("Records kept in the registry, such as awards, refer to it.")]
        return deleted, counts, permissions_needed, protected

    def page_context(self, request: HttpRequest, title: str, **extra) -> dict:
        """The context of a staff page of this admin's own: the site's header, the breadcrumbs."""
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def get_object_or_deny(self, request: HttpRequest, permission: Callable, **lookup) -> Model:
        """The record a staff page acts on: 404 unless the user reaches it, 403 unless allowed.

        Reached means in this admin's get_queryset, so that staff limited to a commune or unit
        get a 404 for others' records, as on the change page. `permission` is called as the
        has_..._permission(request, obj) methods are.
        """
        record = self.get_queryset(request).filter(**lookup).first()
        if record is None:
            raise Http404
        if not permission(request, record):
            raise PermissionDenied
        return record

    def _scope_allows_change(self, request: HttpRequest) -> bool:
        return not (self.scope_read_only and staff_scope(request) is not None)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self._scope_allows_change(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._scope_allows_change(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._scope_allows_change(request) and super().has_delete_permission(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        scope = staff_scope(request)
        if scope is None or self.scope_records is None or self.scope_via:
            return form
        return _keeping_within(form, scope, self.scope_records)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        held = 0
        if obj is not None and obj.pk is not None:
            held = formset.model._default_manager.filter(**{formset.fk.name: obj}).count()
        formset.max_num = formset.absolute_max = held + MAX_NEW_INLINE_ROWS
        scope = staff_scope(request)
        if scope is not None and self.scope_records is not None and not self.scope_via:
            formset.form = _keeping_within(formset.form, scope, self.scope_records)
        return formset

    # simple-history's own page has no Vietnamese or Spanish: ours, in the registry's words.
    object_history_template = "admin/history.html"

    def history_view_title(self, request: HttpRequest, obj: Model) -> str:
        return _("History of %(record)s") % {"record": obj}

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self._get_object_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, **kwargs):
        # The history is a record, not an undo button (SIMPLE_HISTORY_REVERT_DISABLED):
        # simple-history would still save a POST to this page, past every permission.
        if request.method != "GET":
            raise PermissionDenied
        self._get_object_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, **kwargs)

    def _get_object_in_scope(self, request: HttpRequest, object_id: str) -> None:
        """404 for staff limited to a scope, unless the record exists and lies within it.

        The history pages would otherwise fall back to the history of any record, in scope
        or not (and of deleted ones).
        """
        if staff_scope(request) is None:
            return
        if self.get_object(request, object_id) is None:
            raise Http404


class RegistryChangeList(ChangeList):
    """A list whose impossible filters answer "?e=1", as Django's other wrong lookups do."""

    def get_filters(self, request: HttpRequest):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date hierarchy's ?signed_on__year=9999 (or a 20-digit year) escapes Django's
            # own check (Django ticket #37357).
            raise IncorrectLookupParameters(error) from error

    def get_ordering(self, request: HttpRequest, queryset: QuerySet) -> list:
        # A list that sorts by no column (sortable_by empty) ignores `?o=` too: sorting a
        # million awards by a name is the work its ordering avoids.
        if not self.sortable_by:
            self.params.pop(ORDER_VAR, None)
        return super().get_ordering(request, queryset)

    def get_results(self, request: HttpRequest) -> None:
        try:
            super().get_results(request)
        except OverflowError as error:
            # ?year__in=99999999999999999999: SQLite's integers end at 2**63.
            raise IncorrectLookupParameters(error) from error


def _keeping_within(form: type, scope: StaffScope, records: str) -> type:
    """The admin's form, refusing to save a record outside the user's scope."""

    class KeepingWithinScope(form):
        def _post_clean(self) -> None:
            super()._post_clean()
            # An award takes its commune from its recipient when saved: check that one.
            prepare = getattr(self.instance, "fill_from_recipient", None)
            if prepare is not None and getattr(self.instance, "recipient", None) is not None:
                prepare()
            if not scope.holds(records, self.instance):
                self.add_error(
                    None,
                    ValidationError(
                        _(
                            "This would put the record outside the records you may edit "
                            "(%(scope)s): choose a commune or unit within it."
                        ),
                        code="outside_scope",
                        params={"scope": scope},
                    ),
                )

    KeepingWithinScope.__name__ = form.__name__
    return KeepingWithinScope


def admin_search_words(search_term: str) -> list[str]:
    """The words of an admin search, quoted phrases kept whole: as many as the public searches
    read (units.names), each one condition."""
    words = []
    for word in list(smart_split(shorten_search(search_term)))[:SEARCH_MAX_WORDS]:
        if word[0] in "\"'" and word[0] == word[-1]:
            word = unescape_string_literal(word)
        if word:
            words.append(word)
    return words


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
        for word in admin_search_words(search_term):
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


class ValidityAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, an ended commune or unit with its last day (units.forms)."""

    def serialize_result(self, obj: Model, to_field_name: str) -> dict:
        return {**super().serialize_result(obj, to_field_name), "text": with_validity(obj)}


class ReorganisedAdmin(RegistryAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    """Communes and units: merged into a successor, or renamed, as one atomic action each.

    Chosen by autocomplete at their own address (units.forms.AutocompleteSelect), which names
    an ended one with its last day."""

    actions = ["merge"]
    rename_form = RenameForm

    def get_urls(self):
        rename = self.admin_site.admin_view(self.rename_view)
        autocomplete = self.admin_site.admin_view(
            ValidityAutocompleteView.as_view(admin_site=self.admin_site)
        )
        return [
            path(
                "autocomplete/",
                autocomplete,
                name=f"{self.opts.app_label}_{self.opts.model_name}_autocomplete",
            ),
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
        context = self.page_context(
            request,
            _("Merge"),
            form=form,
            media=self.media + form.media,
            records=queryset,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
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
        context = self.page_context(
            request, _("Rename “%(name)s”") % {"name": record}, form=form, original=record
        )
        return TemplateResponse(request, "admin/units/rename.html", context)


class CommuneSuccessorInline(RegistryAdminMixin, admin.TabularInline):
    """The other communes a split commune's parts went to (`manage.py load_places`)."""

    model = CommuneSuccessor
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    scope_read_only = True  # as the communes themselves


@admin.register(Commune)
class CommuneAdmin(ReorganisedAdmin):
    list_display = ["name", "kind", "district", "province", "code", "valid_until", "successor"]
    list_filter = ["kind", CurrentFilter, "province", "district", "is_demo"]
    list_select_related = ["successor"]
    search_fields = ["name_folded", "code"]
    autocomplete_fields = ["successor"]
    rename_form = RenameCommuneForm
    inlines = [CommuneSuccessorInline]
    # Everyone reads the communes; the map is redrawn by unlimited staff only.
    scope_read_only = True
    fieldsets = [
        (None, {"fields": ["name", "kind", "code", "district", "province"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (None, {"fields": ["is_demo"]}),
    ]


class UnitSuccessorInline(RegistryAdminMixin, admin.TabularInline):
    """The other units a split or dissolved unit's parts went to."""

    model = UnitSuccessor
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    # The units a split's parts went to are often outside a limited editor's records: they
    # read them, and unlimited staff record them.
    scope_read_only = True


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
    scope_records = "units"
    scope_choices = {"parent": "units", "commune": "places", "successor": "units"}
    inlines = [UnitSuccessorInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "commune"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Person)
class PersonAdmin(RegistryAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "unit", "commune", "category", "listed"]
    list_filter = ["category", "listed", "gender", "is_demo"]
    list_select_related = ["unit", "commune"]
    search_fields = ["name_folded", "position"]
    autocomplete_fields = ["unit", "commune"]
    scope_records = "people"
    scope_choices = {"unit": "units", "commune": "places"}
    fieldsets = [
        (None, {"fields": ["full_name", "gender", "position", "unit", "commune", "category"]}),
        (_("Privacy"), {"fields": ["listed", "birth_date"]}),
        (None, {"fields": ["is_demo"]}),
    ]


@admin.register(Household)
class HouseholdAdmin(RegistryAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["head_name", "village", "commune"]
    list_filter = [("commune", admin.RelatedOnlyFieldListFilter), "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name_folded", "village"]
    autocomplete_fields = ["commune"]
    scope_records = "households"
    scope_choices = {"commune": "places"}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Its __str__ names the commune: autocomplete needs it joined too.
        return super().get_queryset(request).select_related("commune")


class StaffScopeInline(RegistryAdminMixin, admin.StackedInline):
    model = StaffScope
    can_delete = True
    verbose_name_plural = _("Limited to one commune or unit")
    autocomplete_fields = ["commune", "unit"]


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(RegistryAdminMixin, UserAdmin):
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
