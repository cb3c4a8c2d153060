"""Decisions, with their awards inline: entry, publishing, the annex and the scan."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from awards import workflow
from awards.admin import imports
from awards.admin.awards import (
    RECIPIENT_SCOPES,
    CommendationForm,
    decisions_within_scope,
    eligibility,
    warn_about_amounts,
    warn_about_eligibility,
)
from awards.models import RECIPIENT_FIELDS, Commendation, Decision, parse_year
from units.admin import RegistryAdminMixin, scoped, staff_scope


def foreign_awards(request: HttpRequest, decision: Decision) -> QuerySet:
    """The decision's awards outside the user's scope (none for unlimited staff)."""
    scope = staff_scope(request)
    if scope is None:
        return decision.awards.none()
    return decision.awards.exclude(scope.condition("awards"))


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
    form = CommendationForm
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
    # What fits an office's screen (1366 px) beside the menu and the filters: the date as digits
    # ("Ngày 20 tháng 12 năm 2024" took a fifth of the list), the issuer left to its page, the
    # search and the level's filter; with it the subject was a word a line.
    list_display = ["number", "signed", "subject", "award_count", "status"]
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
            {
                "fields": [
                    "issuer_name",
                    "authority",
                    "issuer_level",
                    "signer_name",
                    "signer_position",
                ]
            },
        ),
        (_("Proposed by"), {"fields": ["proposer", "proposer_kind"]}),
        (None, {"fields": ["document", "is_demo"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Counted by a subquery for each decision shown, not by a GROUP BY over every award
        # (3 s a page at a million awards, and the date hierarchy's queries joined them too).
        awards = (
            Commendation.objects.filter(decision=OuterRef("pk"))
            .order_by()
            .values("decision")
            .annotate(total=Count("pk"))
            .values("total")
        )
        queryset = super().get_queryset(request).annotate(award_total=Coalesce(Subquery(awards), 0))
        return decisions_within_scope(request, queryset)

    object_history_template = "admin/awards/decision/history.html"
    # The awards' changes a decision's history shows (the latest), each with what changed.
    AWARD_HISTORY_SHOWN = 50

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        """The decision's history, and below it its awards': added, changed, deleted, by whom."""
        pk = object_id if object_id.isascii() and object_id.isdecimal() else None
        history = Commendation.history.filter(decision_id=pk if pk and len(pk) < 19 else None)
        if staff_scope(request) is not None:
            # Only their own awards, as on the decision's page (deleted ones are no one's).
            theirs = scoped(request, Commendation.objects.filter(decision_id=pk), "awards")
            history = history.filter(id__in=theirs.values("pk"))
        records = list(
            history.select_related("title", "history_user").order_by(
                "-history_date", "-history_id"
            )[: self.AWARD_HISTORY_SHOWN + 1]
        )
        for record in records[: self.AWARD_HISTORY_SHOWN]:
            record.changes = []
            if record.history_type == "~" and (previous := record.prev_record) is not None:
                for change in record.diff_against(previous).changes:
                    field = Commendation._meta.get_field(change.field)
                    record.changes.append((capfirst(field.verbose_name), change.old, change.new))
        context = {
            "award_history": records[: self.AWARD_HISTORY_SHOWN],
            "award_history_cut": len(records) > self.AWARD_HISTORY_SHOWN,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

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
        context["may_publish"] = is_draft and self.has_publish_permission(request, decision)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        saved = [*formset.new_objects, *(award for award, _fields in formset.changed_objects)]
        if saved:
            workflow.check_eligibility(saved)
            warn_about_eligibility(request, saved)
            warn_about_amounts(request, saved)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("document/<path:name>", view(self.document_view), name="awards_decision_document"),
            path("<int:pk>/publish/", view(self.publish_view), name="awards_decision_publish"),
            *imports.urlpatterns,
            *super().get_urls(),
        ]

    def document_view(self, request: HttpRequest, name: str) -> FileResponse:
        """A decision's scan, for staff who may see the decision (MEDIA_ROOT is not served)."""
        decision = self.get_object_or_deny(request, self.has_view_permission, document=name)
        try:
            scan = decision.document.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        # Always a download: a scan is never rendered in the admin's own origin.
        return FileResponse(scan, as_attachment=True, filename=name.rsplit("/", 1)[-1])

    def has_publish_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        # Publishing a draft shared with other communes' awards would publish theirs too.
        return request.user.has_perm("awards.publish_decision") and (
            obj is None or not foreign_awards(request, obj).exists()
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """What publishing will do, what stops it, and the button that does it."""
        decision = self.get_object_or_deny(request, self.has_publish_permission, pk=pk)
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
        context = self.page_context(
            request,
            _("Publish %(decision)s") % {"decision": decision},
            original=decision,
            award_count=awards.count(),
            problems=workflow.publishing_problems(decision),
            unjustified=awards.unjustified().select_related("title")[:100],
        )
        return TemplateResponse(request, "admin/awards/decision/publish.html", context)

    @admin.display(description=_("signed on"), ordering="signed_on")
    def signed(self, decision: Decision) -> str:
        return decision.signed_on.strftime("%d/%m/%Y")

    @admin.display(description=_("awards"))
    def award_count(self, decision: Decision) -> int:
        return decision.award_total
