"""Awards one by one: their eligibility, a publisher's justification, revocation."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from awards import workflow
from awards.eligibility import describe, describe_many
from awards.forms import RevocationForm
from awards.models import RECIPIENT_FIELDS, AwardTally, Commendation, Decision, parse_year
from units.admin import FoldedSearchMixin, RegistryAdminMixin, admin_search_words, staff_scope
from units.names import contains_words, fold

# The decisions a word of the awards' search can name ("1" begins thousands of numbers).
SEARCHED_DECISIONS = 200
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


@admin.display(description=_("eligibility"))
def eligibility(award: Commendation) -> str:
    """The evidence of each failed rule, and the justification when a publisher gave one."""
    if not award.eligibility_shortfalls:
        return "✓" if award.pk else ""
    lines = [describe(shortfall) for shortfall in award.eligibility_shortfalls]
    if award.eligibility_justification:
        lines.append(_("Justified: %(text)s") % {"text": award.eligibility_justification})
    return format_html_join("", '<p class="eligibility">⚠ {}</p>', ((line,) for line in lines))


def warn_about_eligibility(request: HttpRequest, awards: list[Commendation]) -> None:
    evidence = describe_many(award.eligibility_shortfalls for award in awards)
    for award, lines in zip(awards, evidence, strict=True):
        for line in lines:
            messages.warning(request, format_html("{}: {}", award.recipient_name, line))


def warn_about_amounts(request: HttpRequest, awards: list[Commendation]) -> None:
    """An amount typed otherwise than the law's rate is said (the office may pay more from its
    own fund, or have mistyped); one left empty was given the rate's when the form was checked."""
    for award in awards:
        money = award.decision.reward_money
        rate = money.amount(award.title_id, award.recipient_kind)
        if award.amount is not None and rate is not None and award.amount != rate:
            messages.warning(
                request,
                format_html(
                    "{}: {}",
                    award.recipient_name,
                    _("the amount %(amount)s đ differs from the rate: %(rate)s.")
                    % {
                        "amount": number_format(award.amount, force_grouping=True),
                        "rate": money.explain(award.title_id, award.recipient_kind),
                    },
                ),
            )


def award_held_elsewhere(award: Commendation) -> Commendation | None:
    """The award in force that already gives this award's title to its recipient that year."""
    recipients = [field for field in RECIPIENT_FIELDS if getattr(award, f"{field}_id")]
    if len(recipients) != 1 or award.title_id is None or award.year is None:
        return None
    field = recipients[0]
    return (
        Commendation.objects.filter(
            title_id=award.title_id,
            year=award.year,
            revoked_on__isnull=True,
            **{f"{field}_id": getattr(award, f"{field}_id")},
        )
        .exclude(pk=award.pk)
        .select_related("decision")
        .first()
    )


class CommendationForm(forms.ModelForm):
    """An award's form (its own page, a decision's rows) whose refusal of an award the recipient
    already holds links to the decision that holds it."""

    def validate_constraints(self) -> None:
        super().validate_constraints()
        held = award_held_elsewhere(self.instance)
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if held is None or not errors:
            return
        # The database's constraint said it without saying where: its message gives way.
        duplicate = {
            constraint.get_violation_error_message()
            for constraint in Commendation._meta.constraints
            if constraint.name.startswith("commendation_one_title_per_")
        }
        kept = [error for error in errors.as_data() if error.message not in duplicate]
        if len(kept) == len(errors):
            return
        errors.data = kept
        if not kept:
            del self._errors[NON_FIELD_ERRORS]
        decision = held.decision
        self.add_error(
            None,
            ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>. {}',
                    _("This recipient already holds this title or form for this year, in decision"),
                    reverse("admin:awards_decision_change", args=[decision.pk]),
                    decision.number,
                    _("Revoke the existing award first if it must be given again."),
                ),
                code="held_by_another_decision",
            ),
        )


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


class YearFilter(admin.SimpleListFilter):
    """The years that have awards, from the tallies (public awards) and the drafts, not from a
    DISTINCT over a million awards (88 ms a page)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = set(AwardTally.objects.values_list("year", flat=True).distinct().order_by())
        years |= set(
            Commendation.objects.filter(decision__status=Decision.Status.DRAFT)
            .values_list("year", flat=True)
            .distinct()
            .order_by()
        )
        return [(str(year), str(year)) for year in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if year := parse_year(self.value()):
            return queryset.filter(year=year)
        return queryset


class CommuneFilter(admin.SimpleListFilter):
    """The commune by its name, typed: a national registry has over three thousand, which as
    links made the list's page 335 KB."""

    title = _("commune")
    parameter_name = "commune"
    template = "admin/awards/commendation/commune_filter.html"

    def lookups(self, request, model_admin):
        return []  # a text box (the template), not choices

    def has_output(self) -> bool:
        return True  # shown though it offers no choices

    def choices(self, changelist):
        # One "choice": the box, with the list's other parameters to keep as hidden fields.
        others = [
            (name, value)
            for name, values in changelist.params.items()
            if name not in (self.parameter_name, "p")
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {"value": self.value() or "", "others": others}

    def queryset(self, request, queryset):
        if words := (self.value() or "").strip():
            return queryset.filter(contains_words("locality__name_folded", words))
        return queryset


@admin.register(Commendation)
class CommendationAdmin(RegistryAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    form = CommendationForm
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
        YearFilter,
        "title__level",
        "title",  # the catalogue's entries, not a DISTINCT over the awards
        CommuneFilter,
        RecipientKindFilter,
        "method",
        EligibilityFilter,
    ]
    list_select_related = ["title", "locality", "decision"]
    search_fields = ["recipient_name_folded", "decision__number"]
    # The newest first, by the primary key's index: the model's order (the title's rank, joined)
    # sorted all the awards for each page (2.6 s at a million). Sorting by a column would too.
    ordering = ["-id"]
    sortable_by = ()
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
                    "recipient_address",
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

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        """Each word in the recipients' names, by their trigram index; a word with a digit also
        at the start of the decisions' numbers ("215/QĐ-UBND"), as a list of their ids, so that
        PostgreSQL ORs two indexes. The decision number OR-ed across a join for every word let
        no index serve (1.6 s for "nguyen"), and so would a subquery."""
        condition = Q()
        for word in admin_search_words(search_term):
            in_names = Q(recipient_name_folded__contains=fold(word))
            if any(character.isdigit() for character in word):
                # Folded, as the public search reads them: "215/qđ" finds "215/QĐ-UBND".
                numbers = Decision.objects.filter(search_folded__startswith=fold(word))
                ids = list(numbers.order_by().values_list("pk", flat=True)[:SEARCHED_DECISIONS])
                in_names |= Q(decision_id__in=ids)
            condition &= in_names
        return queryset.filter(condition), False

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
        justification = None
        if "eligibility_justification" in form.changed_data:
            # Given or withdrawn through awards.workflow, which locks the award and records who
            # and when, as a step of the history of its own: the form saves the other fields,
            # with the justification the award had (and nothing when they are unchanged).
            justification = obj.eligibility_justification
            obj.eligibility_justification = form.initial.get("eligibility_justification", "")
        if not change or form.changed_data != ["eligibility_justification"]:
            super().save_model(request, obj, form, change)
            warn_about_amounts(request, [obj])
        if justification is not None:
            if justification.strip():
                workflow.justify_award(obj, justification, by=request.user)
            else:
                workflow.withdraw_justification(obj, by=request.user)
            obj.refresh_from_db(
                fields=[
                    "eligibility_justification",
                    "eligibility_overridden_by",
                    "eligibility_overridden_at",
                ]
            )
        workflow.check_eligibility([obj])
        if not obj.eligibility_justification:
            warn_about_eligibility(request, [obj])

    def response_change(self, request: HttpRequest, obj: Commendation) -> HttpResponse:
        """Back to the page the award was opened from (a decision's publish page, to justify
        its awards one after another), when it is this site's. "Save and continue editing"
        stays, and Django keeps the page's query (the way back) for the next save."""
        response = super().response_change(request, obj)
        back = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return response
        if {"_continue", "_addanother", "_saveasnew"} & set(request.POST):
            return response
        return redirect(back)

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        award = context.get("original")
        context["may_revoke"] = (
            award is not None
            and award.decision.status == Decision.Status.PUBLISHED
            and not award.is_revoked
            and self.has_revoke_permission(request, award)
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def has_revoke_permission(self, request: HttpRequest, obj: Commendation | None = None):
        return request.user.has_perm("awards.revoke_commendation")

    def revoke_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Revoke a published award: it stays in the record, off the public rolls."""
        award = self.get_object_or_deny(request, self.has_revoke_permission, pk=pk)
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
        context = self.page_context(
            request,
            _("Revoke %(award)s") % {"award": award},
            original=award,
            form=form,
            media=self.media + form.media,
        )
        return TemplateResponse(request, "admin/awards/commendation/revoke.html", context)

    @admin.display(description=_("status"))
    def status(self, award: Commendation) -> str:
        if award.is_revoked:
            return _("revoked")
        return award.decision.get_status_display()

    def get_urls(self):
        return [
            path(
                "<int:pk>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="awards_commendation_revoke",
            ),
            *super().get_urls(),
        ]
