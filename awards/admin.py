from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from awards import imports, workflow
from awards.eligibility import describe, describe_many
from awards.exports import (
    SUMMARY_COLUMNS,
    XLSX_CONTENT_TYPE,
    annex_xlsx,
    download,
    official_form_rows,
    official_form_xlsx,
    pdf,
    start_export,
    stream,
    summary_rows,
    summary_xlsx,
)
from awards.forms import (
    AnnexUploadForm,
    ColumnMappingForm,
    RevocationForm,
    RowCorrectionForm,
    SummaryForm,
)
from awards.models import (
    RECIPIENT_FIELDS,
    AnnexImport,
    ClusterMembership,
    Commendation,
    Decision,
    EligibilityRule,
    EmulationCluster,
    EmulationMovement,
    EmulationTitle,
    ExportJob,
    Pact,
    PactSignatory,
    PactTarget,
    RuralStandardRecognition,
    parse_year,
)
from awards.summaries import CIRCULAR, OFFICIAL_FORMS, summarise
from units.admin import FoldedSearchMixin, RegistryAdminMixin, scoped, staff_scope

# Staff limited to a commune or unit choose an award's recipient within it.
RECIPIENT_SCOPES = {
    "unit": "units",
    "person": "people",
    "household": "households",
    "commune": "communes",
}


def decisions_within_scope(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """The decisions a member of staff limited to a commune or unit works on.

    Those with awards of theirs, and the drafts they started themselves (still empty, or
    holding only others' awards).
    """
    scope = staff_scope(request)
    if scope is None:
        return queryset
    theirs = Commendation.objects.filter(scope.condition("awards"), decision=OuterRef("pk"))
    started = Decision.history.filter(
        id=OuterRef("pk"), history_type="+", history_user=request.user
    )
    return queryset.filter(Exists(theirs) | Exists(started))


def taking_part(request: HttpRequest, queryset: QuerySet, units: QuerySet) -> QuerySet:
    """Clusters or pacts one of whose `units` (memberships, signatories) is within the scope."""
    scope = staff_scope(request)
    if scope is None:
        return queryset
    return queryset.filter(Exists(units.filter(scope.condition("units", via="unit"))))


def foreign_awards(request: HttpRequest, decision: Decision) -> QuerySet:
    """The decision's awards outside the user's scope (none for unlimited staff)."""
    scope = staff_scope(request)
    if scope is None:
        return decision.awards.none()
    return decision.awards.exclude(scope.condition("awards"))


@admin.display(description=_("eligibility"))
def eligibility(award: Commendation) -> str:
    """The evidence of each failed rule, and the justification when a publisher gave one."""
    if not award.eligibility_shortfalls:
        return "✓" if award.pk else ""
    lines = [describe(shortfall) for shortfall in award.eligibility_shortfalls]
    if award.eligibility_justification:
        lines.append(_("Justified: %(text)s") % {"text": award.eligibility_justification})
    return format_html_join("", '<p class="eligibility">⚠ {}</p>', ((line,) for line in lines))


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


class CommendationInlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse the same title twice for one recipient and year within one decision.

        The database refuses it too, but only after the first row is saved; this says which rows.
        """
        super().clean()
        seen: dict[tuple, int] = {}
        for number, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("title") or not data.get("year"):
                continue
            recipients = [(field, data[field]) for field in RECIPIENT_FIELDS if data.get(field)]
            if len(recipients) != 1:
                continue
            key = (data["title"].pk, data["year"], recipients[0][0], recipients[0][1].pk)
            if key in seen:
                form.add_error(
                    None,
                    ValidationError(
                        _("Same title, recipient and year as row %(row)s of this decision."),
                        code="duplicate_in_decision",
                        params={"row": seen[key]},
                    ),
                )
            else:
                seen[key] = number


class CommendationInline(RegistryAdminMixin, admin.TabularInline):
    model = Commendation
    fk_name = "decision"
    scope_records = "awards"
    scope_choices = RECIPIENT_SCOPES
    formset = CommendationInlineFormSet
    extra = 3
    fields = [
        "title",
        "year",
        "unit",
        "commune",
        "person",
        "household",
        "recipient_name",
        "method",
        "citation",
        "amount",
        eligibility,
    ]
    readonly_fields = [eligibility]
    autocomplete_fields = ["title", "unit", "commune", "person", "household"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "citation":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 24})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            # Four recipient columns side by side: the add/change/view icons would double
            # the row's width. Recipients are created from their own admin pages.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("title", "unit", "commune", "person", "household__commune")
        )


class DecisionYearFilter(admin.SimpleListFilter):
    title = _("year signed")
    parameter_name = "signed_year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("signed_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if year := parse_year(self.value()):
            return queryset.filter(signed_on__year=year)
        return queryset


@admin.register(Decision)
class DecisionAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "signed_on", "issuer_name", "subject", "award_count", "status"]
    list_filter = ["status", DecisionYearFilter, "issuer_level", "is_demo"]
    search_fields = ["number", "issuer_name", "subject", "signer_name"]
    date_hierarchy = "signed_on"
    inlines = [CommendationInline]
    # Publishing is an action of its own (publish_view), never a field someone edits.
    readonly_fields = ["status", "published_at"]
    fieldsets = [
        (None, {"fields": ["number", "signed_on", "subject", "status", "published_at"]}),
        (
            _("Issuer"),
            {"fields": ["issuer_name", "issuer_level", "signer_name", "signer_position"]},
        ),
        (None, {"fields": ["document", "is_demo"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).annotate(award_total=Count("awards"))
        # A GROUP BY drops the model's default ordering: autocomplete pages need one.
        queryset = queryset.order_by(*Decision._meta.ordering)
        return decisions_within_scope(request, queryset)

    def get_history_queryset(self, request, history_manager, pk_name: str, object_id):
        # simple-history would call select_related() with no field names for a model without
        # foreign keys, which Django 6.1 deprecates.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def has_change_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        # A published decision is the record: its awards are revoked, never edited away.
        return (obj is None or obj.is_draft) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        # A draft shared with other communes' awards is not one editor's to delete (and the
        # confirmation page would list those awards).
        return (
            obj is None or (obj.is_draft and not foreign_awards(request, obj).exists())
        ) and super().has_delete_permission(request, obj)

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        decision = context.get("original")
        is_draft = decision is not None and decision.is_draft
        context["may_import"] = is_draft and self.has_change_permission(request, decision)
        context["may_publish"] = (
            is_draft
            and request.user.has_perm("awards.publish_decision")
            and not foreign_awards(request, decision).exists()
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        saved = [*formset.new_objects, *(award for award, _fields in formset.changed_objects)]
        if saved:
            workflow.check_eligibility(saved)
            warn_about_eligibility(request, saved)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:pk>/annex.<str:fmt>", view(self.annex_view), name="awards_decision_annex"),
            path("document/<path:name>", view(self.document_view), name="awards_decision_document"),
            path("<int:pk>/publish/", view(self.publish_view), name="awards_decision_publish"),
            path("<int:pk>/import/", view(self.import_view), name="awards_decision_import"),
            path(
                "<int:pk>/import/<int:import_pk>/",
                view(self.import_preview_view),
                name="awards_decision_import_preview",
            ),
            path(
                "<int:pk>/import/<int:import_pk>/rows/<int:index>/",
                view(self.import_row_view),
                name="awards_decision_import_row",
            ),
            *super().get_urls(),
        ]

    def annex_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        """The annex ("Danh sách kèm theo Quyết định số …") as XLSX or PDF, in force only."""
        decision = self.get_object(request, str(pk))
        if decision is None or fmt not in ("xlsx", "pdf"):
            raise Http404
        if not self.has_view_permission(request, decision):
            raise PermissionDenied
        awards = scoped(request, decision.awards.in_force(), "awards").order_by(
            "title_rank", "recipient_name_folded", "id"
        )
        name = f"annex-{decision.pk}.{fmt}"
        if fmt == "xlsx":
            return download(annex_xlsx(decision, awards), XLSX_CONTENT_TYPE, name)
        context = {"decision": decision, "awards": awards.select_related("title")}
        return download(pdf("awards/print/annex.html", context), "application/pdf", name)

    def document_view(self, request: HttpRequest, name: str) -> FileResponse:
        """A decision's scan, for staff who may see the decision (MEDIA_ROOT is not served)."""
        decision = self.get_queryset(request).filter(document=name).first()
        if decision is None:
            raise Http404
        if not self.has_view_permission(request, decision):
            raise PermissionDenied
        try:
            scan = decision.document.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        # Always a download: a scan is never rendered in the admin's own origin.
        return FileResponse(scan, as_attachment=True, filename=name.rsplit("/", 1)[-1])

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """What publishing will do, what stops it, and the button that does it."""
        decision = self.get_object(request, str(pk))
        if decision is None:
            raise Http404
        if not request.user.has_perm("awards.publish_decision"):
            raise PermissionDenied
        if foreign_awards(request, decision).exists():
            raise PermissionDenied  # it publishes other communes' awards too
        if request.method == "POST":
            try:
                workflow.publish_decision(decision, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(decision)s is published: its awards are on the public rolls.")
                    % {"decision": decision},
                    messages.SUCCESS,
                )
                return redirect("admin:awards_decision_change", decision.pk)
        awards = decision.awards.in_force()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Publish %(decision)s") % {"decision": decision},
            "original": decision,
            "award_count": awards.count(),
            "problems": workflow.publishing_problems(decision),
            "unjustified": awards.unjustified().select_related("title")[:100],
        }
        return TemplateResponse(request, "admin/awards/decision/publish.html", context)

    def _draft_for_import(self, request: HttpRequest, pk: int) -> Decision:
        decision = self.get_object(request, str(pk))
        if decision is None:
            raise Http404
        if not self.has_change_permission(request, decision):
            raise PermissionDenied
        return decision

    def _context(self, request: HttpRequest, decision: Decision, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "original": decision,
            **extra,
        }

    def import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Upload an annex: it is read into a preview; the registry is not touched yet."""
        decision = self._draft_for_import(request, pk)
        form = AnnexUploadForm(
            request.POST or None,
            request.FILES or None,
            initial={"default_year": decision.signed_on.year},
        )
        if form.is_valid():
            try:
                imp = imports.start_import(
                    form.cleaned_data["file"],
                    decision,
                    form.cleaned_data["default_year"],
                    by=request.user,
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("admin:awards_decision_import_preview", decision.pk, imp.pk)
        context = self._context(
            request,
            decision,
            _("Import the annex of %(decision)s") % {"decision": decision},
            form=form,
            earlier=(
                decision.imports.all()
                if staff_scope(request) is None
                else decision.imports.filter(uploaded_by=request.user)
            )[:10],
        )
        return TemplateResponse(request, "admin/awards/decision/import.html", context)

    def _import(self, request: HttpRequest, decision: Decision, import_pk: int) -> AnnexImport:
        imports_here = AnnexImport.objects.filter(decision=decision)
        if staff_scope(request) is not None:
            # Another commune's file into the same draft holds that commune's names.
            imports_here = imports_here.filter(uploaded_by=request.user)
        imp = imports_here.filter(pk=import_pk).first()
        if imp is None:
            raise Http404
        return imp

    def import_preview_view(self, request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
        """Every row, matched or new or in error; the column mapping; confirm saves all rows."""
        decision = self._draft_for_import(request, pk)
        imp = self._import(request, decision, import_pk)
        scope = staff_scope(request)
        mapping_form = ColumnMappingForm(
            request.POST if "mapping" in request.POST else None,
            headers=imp.headers,
            initial={name: str(column) for name, column in imp.mapping.items()},
        )
        if imp.status == AnnexImport.Status.PREVIEW and request.method == "POST":
            if "mapping" in request.POST and mapping_form.is_valid():
                imp.mapping = mapping_form.mapping()
                imp.save(update_fields=["mapping"])
                return redirect(request.path)
            if "confirm" in request.POST:
                try:
                    count = imports.import_rows(imp, by=request.user, scope=scope)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, message, messages.ERROR)
                    return redirect(request.path)
                self.message_user(
                    request,
                    _("%(count)d awards imported into the draft.") % {"count": count},
                    messages.SUCCESS,
                )
                return redirect("admin:awards_decision_change", decision.pk)
        report = imports.check(imp, scope)
        show = request.GET.get("show", "all")
        rows = report.rows if show == "all" else [r for r in report.rows if r.status == show]
        page = Paginator(rows, 200).get_page(request.GET.get("page"))
        evidence = describe_many(row.shortfalls for row in page.object_list)
        for row, lines in zip(page.object_list, evidence, strict=True):
            row.evidence = lines
        context = self._context(
            request,
            decision,
            _("Preview of %(file)s") % {"file": imp.file_name},
            imp=imp,
            report=report,
            counts=report.counts,
            page=page,
            show=show,
            mapping_form=mapping_form,
            fields=imports.FIELDS,
        )
        return TemplateResponse(request, "admin/awards/decision/import_preview.html", context)

    def import_row_view(
        self, request: HttpRequest, pk: int, import_pk: int, index: int
    ) -> HttpResponse:
        """Correct one row of the preview (or leave it out); the file itself is kept as read."""
        decision = self._draft_for_import(request, pk)
        imp = self._import(request, decision, import_pk)
        if imp.status != AnnexImport.Status.PREVIEW or not 0 <= index < len(imp.rows):
            raise Http404
        values = imports.row_values(imp, index)
        form = RowCorrectionForm(request.POST or None, initial=values)
        if form.is_valid():
            imp.corrections[str(index)] = form.cleaned_data
            imp.save(update_fields=["corrections"])
            preview = reverse("admin:awards_decision_import_preview", args=[pk, import_pk])
            return redirect(f"{preview}?show={request.GET.get('show', 'all')}#row-{index}")
        context = self._context(
            request,
            decision,
            _("Line %(line)s of %(file)s") % {"line": imp.rows[index][0], "file": imp.file_name},
            imp=imp,
            form=form,
            cells=list(zip(imp.headers, imp.rows[index][2], strict=False)),
        )
        return TemplateResponse(request, "admin/awards/decision/import_row.html", context)

    @admin.display(description=_("awards"), ordering="award_total")
    def award_count(self, decision: Decision) -> int:
        return decision.award_total


def warn_about_eligibility(request: HttpRequest, awards: list[Commendation]) -> None:
    evidence = describe_many(award.eligibility_shortfalls for award in awards)
    for award, lines in zip(awards, evidence, strict=True):
        for line in lines:
            messages.warning(request, format_html("{}: {}", award.recipient_name, line))


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("draft")),
            ("published", _("published, in force")),
            ("revoked", _("revoked")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(decision__status=Decision.Status.DRAFT)
        if self.value() == "published":
            return queryset.published().in_force()
        if self.value() == "revoked":
            return queryset.revoked()
        return queryset


class RecipientKindFilter(admin.SimpleListFilter):
    title = _("recipient")
    parameter_name = "recipient"

    def lookups(self, request, model_admin):
        return [
            (field, Commendation._meta.get_field(field).verbose_name) for field in RECIPIENT_FIELDS
        ]

    def queryset(self, request, queryset):
        if self.value() in RECIPIENT_FIELDS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class EligibilityFilter(admin.SimpleListFilter):
    title = _("eligibility")
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return [
            ("unjustified", _("rule failed, no justification")),
            ("justified", _("rule failed, justified")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unjustified":
            return queryset.unjustified()
        if self.value() == "justified":
            failed = queryset.exclude(eligibility_shortfalls=[])
            return failed.exclude(eligibility_justification="")
        return queryset


@admin.register(Commendation)
class CommendationAdmin(RegistryAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = [
        "recipient_name",
        "title",
        "year",
        "locality",
        "decision",
        "method",
        "status",
    ]
    list_filter = [
        StatusFilter,
        "year",
        "title__level",
        ("title", admin.RelatedOnlyFieldListFilter),
        ("locality", admin.RelatedOnlyFieldListFilter),
        RecipientKindFilter,
        "method",
        EligibilityFilter,
    ]
    list_select_related = ["title", "locality", "decision"]
    search_fields = ["recipient_name_folded", "decision__number"]
    autocomplete_fields = [
        "decision",
        "title",
        "unit",
        "commune",
        "person",
        "household",
        "locality",
        "movement",
        "revoking_decision",
    ]
    scope_records = "awards"
    scope_choices = RECIPIENT_SCOPES
    fieldsets = [
        (None, {"fields": ["decision", "title", "year", "method", "movement"]}),
        (
            _("Recipient (exactly one)"),
            {"fields": ["unit", "commune", "person", "household"]},
        ),
        (
            _("As written on the decision"),
            {
                "fields": [
                    "recipient_name",
                    "recipient_position",
                    "recipient_unit_name",
                    "locality",
                    "citation",
                    "amount",
                ]
            },
        ),
        (
            _("Eligibility"),
            {
                "fields": [
                    eligibility,
                    "eligibility_justification",
                    "eligibility_overridden_by",
                    "eligibility_overridden_at",
                ]
            },
        ),
        (
            _("Revocation"),
            {
                "fields": ["revoked_on", "revocation_reason", "revoking_decision"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Commendation | None = None):
        # Revocation is an action of its own (revoke_view); justifying is for publishers.
        readonly = [
            eligibility,
            "eligibility_overridden_by",
            "eligibility_overridden_at",
            "revoked_on",
            "revocation_reason",
            "revoking_decision",
        ]
        if not request.user.has_perm("awards.override_eligibility"):
            readonly.append("eligibility_justification")
        if staff_scope(request) is not None:
            # Taken from the recipient: the award's commune decides whose records it is.
            readonly.append("locality")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.name == "decision":
            formfield.error_messages["invalid_choice"] = _(
                "Choose a draft decision: a published decision's awards are not changed here."
            )
        return formfield

    def limit_choices(self, request: HttpRequest, field_name: str, queryset: QuerySet) -> QuerySet:
        if field_name == "decision":
            # Awards join, or leave, drafts only: a published decision's awards change only
            # through awards.workflow (revoked, justified), never by a form.
            return decisions_within_scope(request, queryset.filter(status=Decision.Status.DRAFT))
        return super().limit_choices(request, field_name, queryset)

    def has_change_permission(self, request: HttpRequest, obj: Commendation | None = None):
        is_draft = obj is None or obj.decision.is_draft
        return is_draft and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Commendation | None = None):
        is_draft = obj is None or obj.decision.is_draft
        return is_draft and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Commendation, form, change: bool) -> None:
        if "eligibility_justification" in form.changed_data:
            if obj.eligibility_justification.strip():
                obj.eligibility_overridden_by = request.user
                obj.eligibility_overridden_at = timezone.now()
            else:
                obj.eligibility_overridden_by = obj.eligibility_overridden_at = None
        super().save_model(request, obj, form, change)
        workflow.check_eligibility([obj])
        if not obj.eligibility_justification:
            warn_about_eligibility(request, [obj])

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        award = context.get("original")
        context["may_revoke"] = (
            award is not None
            and award.decision.status == Decision.Status.PUBLISHED
            and not award.is_revoked
            and request.user.has_perm("awards.revoke_commendation")
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def revoke_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Revoke a published award: it stays in the record, off the public rolls."""
        award = self.get_object(request, str(pk))
        if award is None:
            raise Http404
        if not request.user.has_perm("awards.revoke_commendation"):
            raise PermissionDenied
        form = RevocationForm(
            request.POST or None,
            initial={"revoked_on": timezone.localdate()},
            admin_site=self.admin_site,
        )
        if form.is_valid():
            try:
                workflow.revoke_award(
                    award,
                    on=form.cleaned_data["revoked_on"],
                    reason=form.cleaned_data["reason"],
                    revoking_decision=form.cleaned_data["revoking_decision"],
                    by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    _("The award to %(name)s is revoked.") % {"name": award.recipient_name},
                    messages.SUCCESS,
                )
                return redirect("admin:awards_commendation_change", award.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Revoke %(award)s") % {"award": award},
            "original": award,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/awards/commendation/revoke.html", context)

    @admin.display(description=_("status"))
    def status(self, award: Commendation) -> str:
        if award.is_revoked:
            return _("revoked")
        return award.decision.get_status_display()

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        official_form = self.admin_site.admin_view(self.official_form_view)
        return [
            path("summary/", summary, name="awards_summary"),
            path("summary/forms/<str:code>/", official_form, name="awards_official_form"),
            path(
                "exports/<int:pk>/",
                self.admin_site.admin_view(self.export_view),
                name="awards_export",
            ),
            path(
                "<int:pk>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="awards_commendation_revoke",
            ),
            *super().get_urls(),
        ]

    def summary_view(self, request: HttpRequest) -> HttpResponse:
        """The year's summary for the office, on screen and as CSV or XLSX."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        scope = staff_scope(request)
        if scope is not None and scope.commune is None:
            raise PermissionDenied  # a unit's staff: the summaries are of communes and up
        commune = scope.commune if scope is not None else None
        latest = Commendation.objects.published().aggregate(Max("year"))["year__max"]
        data = request.GET.copy()
        data.setdefault("year", latest or timezone.now().year)
        if commune is not None:
            data.setdefault("commune", commune.pk)  # theirs: no need to choose it
        form = SummaryForm(data, commune=commune)
        summary = summarise(**form.cleaned_data) if form.is_valid() else None
        fmt = request.GET.get("format")
        if summary is not None and fmt in ("csv", "xlsx", "pdf"):
            name = f"summary-{summary.year}"
            if fmt == "csv":
                return stream(SUMMARY_COLUMNS, summary_rows(summary), "csv", name)
            if fmt == "xlsx":
                return download(summary_xlsx(summary), XLSX_CONTENT_TYPE, f"{name}.xlsx")
            # Laying out a national registry's summary takes a while: in the background.
            job = ExportJob.objects.create(
                kind=ExportJob.Kind.SUMMARY_PDF,
                parameters=form.parameters(),
                requested_by=request.user,
            )
            start_export(job)
            return redirect("admin:awards_export", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Yearly summary"),
            "form": form,
            "summary": summary,
            # The circular's forms are the reporting office's, over the whole registry.
            "official_forms": OFFICIAL_FORMS if scope is None else {},
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/awards/summary.html", context)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A background export's progress; its file once it is done."""
        jobs = ExportJob.objects.all()
        if staff_scope(request) is not None:
            jobs = jobs.filter(requested_by=request.user)  # others' may cover other communes
        job = jobs.filter(pk=pk).first()
        if job is None:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        if "download" in request.GET and job.status == ExportJob.Status.DONE:
            return FileResponse(
                job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": capfirst(job.get_kind_display()),
            "job": job,
            "waiting": job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING),
        }
        return TemplateResponse(request, "admin/awards/export.html", context)

    def official_form_view(self, request: HttpRequest, code: str) -> HttpResponse:
        """One of the circular's forms for a year, on screen and as XLSX, CSV or PDF."""
        if not self.has_view_permission(request) or staff_scope(request) is not None:
            raise PermissionDenied  # the reporting office's, over the whole registry
        if code not in OFFICIAL_FORMS:
            raise Http404
        year = parse_year(request.GET.get("year"))
        if year is None:
            raise Http404
        form = OFFICIAL_FORMS[code](year, reporting_unit=settings.OFFICE_NAME)
        name = f"{code}-{year}"
        fmt = request.GET.get("format")
        if fmt == "csv":
            header, *rows = official_form_rows(form)
            return stream(header, rows, "csv", name)
        if fmt == "xlsx":
            return download(official_form_xlsx(form), XLSX_CONTENT_TYPE, f"{name}.xlsx")
        if fmt == "pdf":
            context = {"form": form, "circular": CIRCULAR}
            content = pdf("awards/print/official_form.html", context)
            return download(content, "application/pdf", f"{name}.pdf")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": form.code,
            "official_form": form,
            "circular": CIRCULAR,
        }
        return TemplateResponse(request, "admin/awards/official_form.html", context)


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
    list_filter = ["year", "role", "cluster"]
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
    list_filter = ["year", "cluster"]
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
