from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from awards.exports import FORMATS, export
from awards.models import Commendation
from units.models import Commune, Person, Unit

HISTORY_RELATED = ("title", "decision", "locality")


def history(awards: QuerySet) -> QuerySet:
    """A recipient's public awards, newest year first: a recipient has tens, not thousands."""
    return awards.public().select_related(*HISTORY_RELATED).order_by("-year", "title_rank", "id")


def history_download(request: HttpRequest, awards: QuerySet, name: str) -> HttpResponse | None:
    fmt = request.GET.get("format")
    return export(history(awards), fmt, name) if fmt in FORMATS else None


def commune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(Commune.objects.select_related("successor"), pk=pk)
    if download := history_download(request, commune.awards.all(), f"commune-{pk}"):
        return download
    located = (
        Commendation.objects.public()
        .filter(locality=commune)
        .values("year")
        .annotate(total=Count("id"))
        .order_by("-year")
    )
    return render(
        request,
        "units/commune_detail.html",
        {
            "commune": commune,
            "predecessors": commune.predecessors.all(),
            "awards": history(commune.awards.all()),
            "located": located,
        },
    )


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("successor", "commune", "parent"), pk=pk)
    if download := history_download(request, unit.awards.all(), f"unit-{pk}"):
        return download
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "predecessors": unit.predecessors.all(),
            "awards": history(unit.awards.all()),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Only someone with a public award has a public page: a draft must not reveal a name.
    people = Person.objects.filter(listed=True, awards__is_public=True).distinct()
    person = get_object_or_404(people.select_related("unit"), pk=pk)
    if download := history_download(request, person.awards.all(), f"person-{pk}"):
        return download
    return render(
        request,
        "units/person_detail.html",
        {"person": person, "awards": history(person.awards.all())},
    )
