from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from awards.models import Commendation, EmulationTitle


def home(request: HttpRequest) -> HttpResponse:
    public = Commendation.objects.public()
    years = list(public.values("year").annotate(total=Count("id")).order_by("year"))
    latest = years[-1]["year"] if years else None
    by_title = (
        public.for_year(latest)
        .values("title__name", "title__slug", "title__rank")
        .annotate(total=Count("id"))
        .order_by("title__rank")
    )
    flags = (
        public.for_year(latest)
        .filter(title__kind=EmulationTitle.Kind.EMULATION_FLAG)
        .select_related("title", "decision")
        .order_by("title__rank", "recipient_name")
    )
    return render(
        request,
        "awards/home.html",
        {
            "latest": latest,
            "years": years,
            "busiest": max((row["total"] for row in years), default=0),
            "by_title": by_title,
            "flags": flags,
        },
    )


def title_list(request: HttpRequest) -> HttpResponse:
    titles = EmulationTitle.objects.filter(is_active=True).prefetch_related("eligibility_rules")
    return render(request, "awards/emulationtitle_list.html", {"titles": titles})
