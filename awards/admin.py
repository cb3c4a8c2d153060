from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

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
from awards.forms import SummaryForm
from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    RECIPIENT_FIELDS,
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
)
from awards.summaries import CIRCULAR, OFFICIAL_FORMS, summarise
from units.admin import FoldedSearchMixin


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    fk_name = "title"
    extra = 0
    autocomplete_fields = ["required_title"]


@admin.register(EmulationTitle)
class EmulationTitleAdmin(FoldedSearchMixin, admin.ModelAdmin):
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


class CommendationInline(admin.TabularInline):
    model = Commendation
    fk_name = "decision"
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
    ]
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
        if self.value() and self.value().isdigit():
            return queryset.filter(signed_on__year=int(self.value()))
        return queryset


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "issuer_name", "subject", "award_count", "status"]
    list_filter = ["status", DecisionYearFilter, "issuer_level", "is_demo"]
    search_fields = ["number", "issuer_name", "subject", "signer_name"]
    date_hierarchy = "signed_on"
    inlines = [CommendationInline]
    readonly_fields = ["published_at"]
    fieldsets = [
        (None, {"fields": ["number", "signed_on", "subject", "status", "published_at"]}),
        (
            _("Issuer"),
            {"fields": ["issuer_name", "issuer_level", "signer_name", "signer_position"]},
        ),
        (None, {"fields": ["document", "is_demo"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(award_total=Count("awards"))

    def get_urls(self):
        annex = self.admin_site.admin_view(self.annex_view)
        return [
            path("<int:pk>/annex.<str:fmt>", annex, name="awards_decision_annex"),
            *super().get_urls(),
        ]

    def annex_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        """The annex ("Danh sách kèm theo Quyết định số …") as XLSX or PDF, in force only."""
        decision = self.get_object(request, str(pk))
        if decision is None or fmt not in ("xlsx", "pdf"):
            raise Http404
        if not self.has_view_permission(request, decision):
            raise PermissionDenied
        awards = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")
        name = f"annex-{decision.pk}.{fmt}"
        if fmt == "xlsx":
            return download(annex_xlsx(decision, awards), XLSX_CONTENT_TYPE, name)
        context = {"decision": decision, "awards": awards.select_related("title")}
        return download(pdf("awards/print/annex.html", context), "application/pdf", name)

    @admin.display(description=_("awards"), ordering="award_total")
    def award_count(self, decision: Decision) -> int:
        return decision.award_total


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


@admin.register(Commendation)
class CommendationAdmin(FoldedSearchMixin, admin.ModelAdmin):
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
            _("Revocation"),
            {
                "fields": ["revoked_on", "revocation_reason", "revoking_decision"],
                "classes": ["collapse"],
            },
        ),
    ]

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
            *super().get_urls(),
        ]

    def summary_view(self, request: HttpRequest) -> HttpResponse:
        """The year's summary for the office, on screen and as CSV or XLSX."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        latest = Commendation.objects.published().aggregate(Max("year"))["year__max"]
        form = SummaryForm(request.GET or {"year": latest or timezone.now().year})
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
                parameters={"year": summary.year},
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
            "official_forms": OFFICIAL_FORMS,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/awards/summary.html", context)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A background export's progress; its file once it is done."""
        job = ExportJob.objects.filter(pk=pk).first()
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
        if not self.has_view_permission(request):
            raise PermissionDenied
        if code not in OFFICIAL_FORMS:
            raise Http404
        year = request.GET.get("year", "")
        if not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
            raise Http404
        form = OFFICIAL_FORMS[code](int(year), reporting_unit=settings.OFFICE_NAME)
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
class EmulationMovementAdmin(admin.ModelAdmin):
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


class ClusterMembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 1
    autocomplete_fields = ["unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("unit")


@admin.register(EmulationCluster)
class EmulationClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organised_by", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "organised_by"]
    inlines = [ClusterMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("memberships__unit", distinct=True))
        )

    @admin.display(description=_("units over the years"), ordering="member_total")
    def member_count(self, cluster: EmulationCluster) -> int:
        return cluster.member_total


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "cluster", "year", "role"]
    list_filter = ["year", "role", "cluster"]
    list_select_related = ["unit", "cluster"]
    search_fields = ["unit__name", "cluster__name"]
    autocomplete_fields = ["unit", "cluster"]


class PactSignatoryInline(admin.TabularInline):
    model = PactSignatory
    extra = 1
    autocomplete_fields = ["unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("unit")


class PactTargetInline(admin.TabularInline):
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
class PactAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "cluster", "signed_on", "signatory_count"]
    list_filter = ["year", "cluster"]
    list_select_related = ["cluster"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["cluster", "movement"]
    inlines = [PactSignatoryInline, PactTargetInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(signatory_total=Count("signatories", distinct=True))
        )

    @admin.display(description=_("signatories"), ordering="signatory_total")
    def signatory_count(self, pact: Pact) -> int:
        return pact.signatory_total


@admin.register(RuralStandardRecognition)
class RuralStandardRecognitionAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "standard", "decision_reference", "recognised_on"]
    list_filter = ["year", "standard"]
    list_select_related = ["commune"]
    search_fields = ["commune__name", "decision_reference"]
    autocomplete_fields = ["commune"]
