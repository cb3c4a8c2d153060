"""The office's reports among the admin's pages: the yearly summary, the circular's official
forms, a decision's annex to print, and the background exports' pages (see reports.admin).

Each is allowed to whoever may view the awards; what it covers is limited by the user's scope.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from awards.exports import stream
from awards.imports.template import XLSX_CONTENT_TYPE
from awards.models import Commendation, Decision, parse_year
from reports import jobs
from reports.forms import SummaryForm
from reports.models import ExportJob
from reports.official import OFFICIAL_FORMS, NoRegime, official_form
from reports.pdf import render
from reports.spreadsheets import (
    SUMMARY_COLUMNS,
    annex_xlsx,
    official_form_rows,
    official_form_xlsx,
    summary_rows,
    summary_xlsx,
)
from reports.summaries import summarise
from units.admin import scoped, staff_scope


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _awards_admin(request: HttpRequest):
    awards_admin = admin.site.get_model_admin(Commendation)
    if not awards_admin.has_view_permission(request):
        raise PermissionDenied
    return awards_admin


def summary_view(request: HttpRequest) -> HttpResponse:
    """The year's summary for the office, on screen and as CSV or XLSX; its PDF is made in
    the background."""
    awards_admin = _awards_admin(request)
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
        back = data.copy()
        del back["format"]
        return _queued(
            request,
            ExportJob.Kind.SUMMARY_PDF,
            form.parameters(),
            f"{reverse('admin:reports_summary')}?{back.urlencode()}",
        )
    context = awards_admin.page_context(
        request,
        _("Yearly summary"),
        form=form,
        summary=summary,
        # The circular's forms are the reporting office's, over the whole registry.
        official_forms=OFFICIAL_FORMS if scope is None else {},
        query=request.GET.urlencode(),
    )
    return TemplateResponse(request, "admin/reports/summary.html", context)


def annex_view(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A decision's annex ("Danh sách kèm theo Quyết định số …"), in force only, as the user
    may see it: XLSX at once (written row by row), PDF in the background."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    decisions = admin.site.get_model_admin(Decision)
    decision = decisions.get_object_or_deny(request, decisions.has_view_permission, pk=pk)
    if fmt == "pdf":
        back = reverse("admin:awards_decision_change", args=[decision.pk])
        return _queued(request, ExportJob.Kind.ANNEX_PDF, {"decision": decision.pk}, back)
    awards = scoped(request, decision.awards.in_force(), "awards").order_by(
        "title_rank", "recipient_name_folded", "id"
    )
    return download(annex_xlsx(decision, awards), XLSX_CONTENT_TYPE, f"annex-{decision.pk}.xlsx")


def _queued(request: HttpRequest, kind: str, parameters: dict, back: str) -> HttpResponse:
    """To the page of the export asked for; back to `back`, saying why, if the user has too
    many waiting."""
    try:
        job = jobs.request(kind, parameters, request.user)
    except jobs.TooManyWaiting as refused:
        messages.error(request, str(refused))
        return redirect(back)
    return redirect("admin:reports_export", job.pk)


def export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A background export's progress; its file once it is done. Staff limited to a commune
    or unit see only their own exports (others' may cover other communes)."""
    awards_admin = _awards_admin(request)
    job = ExportJob.objects.filter(pk=pk).first()
    if job is None or (staff_scope(request) is not None and job.requested_by != request.user):
        raise Http404
    if job.waiting and jobs.recover(pk=job.pk):  # its worker stopped, or its task was lost
        job.refresh_from_db()
    if "download" in request.GET and job.status == ExportJob.Status.DONE:
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
        )
    unclaimed = job.status == ExportJob.Status.PENDING and (
        (timezone.now() - job.created_at).total_seconds() > 60
    )
    context = awards_admin.page_context(
        request, capfirst(job.get_kind_display()), job=job, unclaimed=unclaimed
    )
    return TemplateResponse(request, "admin/reports/export.html", context)


def official_form_view(request: HttpRequest, code: str) -> HttpResponse:
    """One of the circular's forms for a year, on screen and as XLSX, CSV or PDF."""
    awards_admin = _awards_admin(request)
    if staff_scope(request) is not None:
        raise PermissionDenied  # the reporting office's, over the whole registry
    if code not in OFFICIAL_FORMS:
        raise Http404
    year = parse_year(request.GET.get("year"))
    if year is None:
        raise Http404
    try:
        form = official_form(code, year)
    except NoRegime:
        raise Http404(
            _("No statistical reporting regime governs %(year)s.") % {"year": year}
        ) from None
    name = f"{code}-{year}"
    fmt = request.GET.get("format")
    if fmt == "csv":
        header, *rows = official_form_rows(form)
        return stream(header, rows, "csv", name)
    if fmt == "xlsx":
        return download(official_form_xlsx(form), XLSX_CONTENT_TYPE, f"{name}.xlsx")
    if fmt == "pdf":
        content = render("form", {"form": form}).content
        return download(content, "application/pdf", f"{name}.pdf")
    context = awards_admin.page_context(request, form.code, official_form=form)
    return TemplateResponse(request, "admin/reports/official_form.html", context)
