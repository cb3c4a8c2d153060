"""The office's reports: the yearly summary, the circular's official forms, export jobs.

Pages over all the awards rather than about one, served among the awards' admin pages (their
permission, their breadcrumbs); see CommendationAdmin.get_urls.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Max
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
from awards.models import Commendation, ExportJob, ReportingOffice, parse_year
from awards.summaries import CIRCULAR, OFFICIAL_FORMS, summarise
from units.admin import staff_scope


def summary_view(request: HttpRequest) -> HttpResponse:
    """The year's summary for the office, on screen and as CSV or XLSX."""
    awards_admin = admin.site.get_model_admin(Commendation)
    if not awards_admin.has_view_permission(request):
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
    context = awards_admin.page_context(
        request,
        _("Yearly summary"),
        form=form,
        summary=summary,
        # The circular's forms are the reporting office's, over the whole registry.
        official_forms=OFFICIAL_FORMS if scope is None else {},
        query=request.GET.urlencode(),
    )
    return TemplateResponse(request, "admin/awards/summary.html", context)


def export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A background export's progress; its file once it is done."""
    jobs = ExportJob.objects.all()
    if staff_scope(request) is not None:
        jobs = jobs.filter(requested_by=request.user)  # others' may cover other communes
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    awards_admin = admin.site.get_model_admin(Commendation)
    if not awards_admin.has_view_permission(request):
        raise PermissionDenied
    if "download" in request.GET and job.status == ExportJob.Status.DONE:
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
        )
    context = awards_admin.page_context(
        request,
        capfirst(job.get_kind_display()),
        job=job,
        waiting=job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING),
    )
    return TemplateResponse(request, "admin/awards/export.html", context)


def official_form_view(request: HttpRequest, code: str) -> HttpResponse:
    """One of the circular's forms for a year, on screen and as XLSX, CSV or PDF."""
    awards_admin = admin.site.get_model_admin(Commendation)
    if not awards_admin.has_view_permission(request) or staff_scope(request) is not None:
        raise PermissionDenied  # the reporting office's, over the whole registry
    if code not in OFFICIAL_FORMS:
        raise Http404
    year = parse_year(request.GET.get("year"))
    if year is None:
        raise Http404
    form = OFFICIAL_FORMS[code](year, reporting_unit=ReportingOffice.for_year(year))
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
    context = awards_admin.page_context(request, form.code, official_form=form, circular=CIRCULAR)
    return TemplateResponse(request, "admin/awards/official_form.html", context)


urlpatterns = [
    path("summary/", admin.site.admin_view(summary_view), name="awards_summary"),
    path(
        "summary/forms/<str:code>/",
        admin.site.admin_view(official_form_view),
        name="awards_official_form",
    ),
    path("exports/<int:pk>/", admin.site.admin_view(export_view), name="awards_export"),
]
