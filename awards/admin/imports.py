"""A decision's annex imported from a spreadsheet: upload, preview and correct, confirm.

Pages of the decision's own (its permission, its breadcrumbs); see DecisionAdmin.get_urls.
Nothing reaches the registry until the preview is confirmed, and then every row or none.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from awards import imports
from awards.eligibility import describe_many
from awards.forms import (
    AnnexUploadForm,
    ColumnMappingForm,
    RowCorrectionForm,
    SetForRowsForm,
    SheetForm,
)
from awards.imports.template import XLSX_CONTENT_TYPE, annex_template_xlsx
from awards.models import AnnexImport, Commendation, Decision
from units.admin import staff_scope


def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an annex: it is read into a preview; the registry is not touched yet."""
    decisions = admin.site.get_model_admin(Decision)
    decision = decisions.get_object_or_deny(request, decisions.has_change_permission, pk=pk)
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
    context = decisions.page_context(
        request,
        _("Import the annex of %(decision)s") % {"decision": decision},
        original=decision,
        form=form,
        earlier=(
            decision.imports.all()
            if staff_scope(request) is None
            else decision.imports.filter(uploaded_by=request.user)
        )[:10],
    )
    return TemplateResponse(request, "admin/awards/decision/import.html", context)


def annex_import(request: HttpRequest, decision: Decision, import_pk: int) -> AnnexImport:
    # The file and its rows are read only when needed (checking again, another sheet): the
    # kept check is what the pages show.
    imports_here = AnnexImport.objects.filter(decision=decision).defer("rows", "source")
    if staff_scope(request) is not None:
        # Another commune's file into the same draft holds that commune's names.
        imports_here = imports_here.filter(uploaded_by=request.user)
    imp = imports_here.filter(pk=import_pk).first()
    if imp is None:
        raise Http404
    return imp


SHOWN = ("all", "matched", "new", "error", "skipped", "guessed")


def import_preview_view(request: HttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """Every row, matched or new or in error; the columns, the sheet, values set for many rows
    at once; confirm saves all rows."""
    decisions = admin.site.get_model_admin(Decision)
    decision = decisions.get_object_or_deny(request, decisions.has_change_permission, pk=pk)
    imp = annex_import(request, decision, import_pk)
    scope = staff_scope(request)
    in_preview = imp.status == AnnexImport.Status.PREVIEW
    show = request.GET.get("show", "all")
    if show not in SHOWN:
        show = "all"
    posted = request.POST if in_preview and request.method == "POST" else {}
    mapping_form = ColumnMappingForm(
        posted if "mapping" in posted else None,
        headers=imp.headers,
        initial={name: str(column) for name, column in imp.mapping.items()},
    )
    set_form = SetForRowsForm(
        posted if "set" in posted else None, admin_site=admin.site, scope=scope
    )
    sheet_form = (
        SheetForm(posted if "sheet" in posted else None, sheets=imp.sheets)
        if len(imp.sheets) > 1
        else None
    )
    if sheet_form is not None and not sheet_form.is_bound:
        sheet_form.initial = {"sheet": imp.sheet}
    if "mapping" in posted and mapping_form.is_valid():
        imp.mapping = mapping_form.mapping()
        imp.save(update_fields=["mapping"])
        return redirect(request.path)
    if "set" in posted and set_form.is_valid():
        count = imports.set_for_rows(
            imp, _chosen_rows(request, imp, scope, set_form, show), set_form.values()
        )
        imp.save(update_fields=["corrections"])
        messages.success(request, _("Set for %(count)d rows.") % {"count": count})
        return redirect(request.get_full_path())
    if sheet_form is not None and "sheet" in posted and sheet_form.is_valid():
        try:
            imports.read_sheet(imp, sheet_form.cleaned_data["sheet"])
        except imports.ImportFileError as error:
            messages.error(request, str(error))
        return redirect(request.path)
    if "confirm" in posted:
        try:
            count = imports.import_rows(imp, by=request.user, scope=scope)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            # The registry changed since the kept check (another import, an award entered):
            # the page checks again and shows which rows are now wrong.
            AnnexImport.objects.filter(pk=imp.pk).update(report={})
            return redirect(request.path)
        messages.success(request, _("%(count)d awards imported into the draft.") % {"count": count})
        return redirect("admin:awards_decision_change", decision.pk)
    report = imports.stored_check(imp, scope) if in_preview else {}
    page = Paginator(imports.stored_rows(imp, show) if in_preview else [], 200).get_page(
        request.GET.get("page")
    )
    rows = [row.data for row in page.object_list]
    evidence = describe_many(row["shortfalls"] for row in rows)
    shown = [{**row, "evidence": lines} for row, lines in zip(rows, evidence, strict=True)]
    context = decisions.page_context(
        request,
        _("Preview of %(file)s") % {"file": imp.file_name},
        original=decision,
        imp=imp,
        report={**report, "rows": shown},
        counts=report.get("counts", {}),
        page=page,
        rows=shown,
        show=show,
        mapping_form=mapping_form,
        set_form=set_form,
        sheet_form=sheet_form,
        fields=imports.FIELDS,
        no_header="name" not in imp.mapping,
        sample=imp.rows[:5] if "name" not in imp.mapping else [],
        row_count=(
            sum(report["counts"][status] for status in ("matched", "new", "error", "skipped"))
            if in_preview
            else len(imp.rows)
        ),
        # Each row's "Correct" link: the address of row 0 without its number, reversed once.
        row_url=reverse("admin:awards_decision_import_row", args=[pk, import_pk, 0])[:-2],
        extra_columns=sorted(imp.extra_columns.items(), key=lambda item: item[1]),
        title_block_kind=dict(Commendation.RecipientKind.choices).get(
            imp.title_block.get("kind", ""), ""
        ),
    )
    return TemplateResponse(request, "admin/awards/decision/import_preview.html", context)


def _chosen_rows(request, imp: AnnexImport, scope, form: SetForRowsForm, show: str) -> list[int]:
    which = form.cleaned_data["rows"]
    if which == SetForRowsForm.Rows.ALL:
        return list(range(len(imp.rows)))
    if which == SetForRowsForm.Rows.SHOWN:
        imports.stored_check(imp, scope)
        return list(imports.stored_rows(imp, show).values_list("index", flat=True))
    chosen = request.POST.getlist("row")
    return sorted({int(i) for i in chosen if i.isascii() and i.isdecimal() and len(i) < 10})


def import_row_view(request: HttpRequest, pk: int, import_pk: int, index: int) -> HttpResponse:
    """Correct one row of the preview (or leave it out); the file itself is kept as read."""
    decisions = admin.site.get_model_admin(Decision)
    decision = decisions.get_object_or_deny(request, decisions.has_change_permission, pk=pk)
    imp = annex_import(request, decision, import_pk)
    if imp.status != AnnexImport.Status.PREVIEW or not 0 <= index < len(imp.rows):
        raise Http404
    values = imports.row_values(imp, index)
    imports.stored_check(imp, staff_scope(request))
    checked = imp.checked_rows.get(index=index).data
    form = RowCorrectionForm(
        request.POST or None, initial=values, suggestions=checked["suggestions"]
    )
    if form.is_valid():
        corrected = {**imp.corrections.get(str(index), {}), **form.cleaned_data}
        if corrected.get("commune") != values.get("commune"):
            corrected.pop("commune_id", None)  # the commune chosen among namesakes, changed
        imp.corrections[str(index)] = corrected
        imp.save(update_fields=["corrections"])
        preview = reverse("admin:awards_decision_import_preview", args=[pk, import_pk])
        return redirect(f"{preview}?show={request.GET.get('show', 'all')}#row-{index}")
    context = decisions.page_context(
        request,
        _("Line %(line)s of %(file)s") % {"line": imp.rows[index][0], "file": imp.file_name},
        original=decision,
        imp=imp,
        form=form,
        cells=list(zip(imp.headers, imp.rows[index][2], strict=False)),
    )
    return TemplateResponse(request, "admin/awards/decision/import_row.html", context)


def import_template_view(request: HttpRequest) -> HttpResponse:
    """The blank annex to fill in, which the import reads as it is."""
    if not admin.site.get_model_admin(Decision).has_view_permission(request):
        raise PermissionDenied
    response = HttpResponse(annex_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-kem-theo.xlsx"'
    return response


urlpatterns = [
    path(
        "import-template/",
        admin.site.admin_view(import_template_view),
        name="awards_decision_import_template",
    ),
    path("<int:pk>/import/", admin.site.admin_view(import_view), name="awards_decision_import"),
    path(
        "<int:pk>/import/<int:import_pk>/",
        admin.site.admin_view(import_preview_view),
        name="awards_decision_import_preview",
    ),
    path(
        "<int:pk>/import/<int:import_pk>/rows/<int:index>/",
        admin.site.admin_view(import_row_view),
        name="awards_decision_import_row",
    ),
]
