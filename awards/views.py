import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import batched, groupby
from operator import attrgetter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Sum
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThanOrEqual
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from awards.exports import CHUNK_ROWS, FORMATS, export, stream
from awards.filters import RollFilter
from awards.forms import SearchForm
from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    AwardTally,
    Commendation,
    Decision,
    EmulationMovement,
    EmulationTitle,
    Pact,
    PactSignatory,
    in_language,
)
from awards.rolls import ACROSS_YEARS, RECORDS, store_page, stored_page, version_age
from awards.templatetags.rolls import award_rows
from config.db_router import CHECK_SECONDS, reads_replica
from units.models import Commune, Household, Person, Unit

PAGE_SIZE = 50
TITLE_COLUMNS = [
    "slug", "name", "name_en", "name_es", "kind", "level", "for_collectives", "for_individuals",
    "for_households", "armed_forces", "issuing_authority", "rank", "legal_basis", "valid_from",
    "valid_until", "successor", "criteria", "criteria_en", "criteria_es",
]  # fmt: skip
TARGET_COLUMNS = [
    "position", "indicator", "comparison", "target_value", "unit_of_measure", "basis",
    "actual_value",
]  # fmt: skip
ROLL_ORDER = ("title_rank", "recipient_name_folded", "id")
TITLE_ROLL_ORDER = ROLL_ORDER[1:]
ROLL_RELATED = ("title", "decision", "locality")
# What a roll's page reads from its query: its filters, where the page starts, the download.
ROLL_PARAMETERS = [*RollFilter.base_filters, "after", "format"]
# Cached pages live this long at most even if nothing changes (their version changes when it does).
CACHE_SECONDS = 24 * 60 * 60
# Movements a page: an office launches a few a year. A movement's or a commune's page lists
# its pacts up to this many (a cluster signs one a year).
MOVEMENTS_PAGE = 50
PACTS_SHOWN = 100
# A decision's revoked awards shown on its page: revocations are few; a bound all the same.
REVOKED_SHOWN = 200
# A filtered roll counts its awards by title up to this many (and says "more than" past it).
FILTERED_COUNT_LIMIT = 1_000
# A roll printed whole (?format=print) holds this many awards at most (a province's year has
# about 12,000; a page of its rows is some 20 printed rows), streamed CHUNK_ROWS at a time.
PRINT = "print"
PRINT_LIMIT = 10_000
ROLL_FORMATS = (*FORMATS, PRINT)


class NotFound(Http404):
    """A page that is not there for a reason the visitor may read, raised with it translated
    ("No award has been published for this year."): the 404 page says it, with DEBUG off too
    (config.errors). A plain Http404's message (Django's own, in English, naming a model) is
    never shown."""


def cached_page(
    *, parameters: Iterable[str] = (), kind: str = ACROSS_YEARS, formats: Sequence[str] = FORMATS
) -> Callable:
    """Serve the view's page from the cache until an award of its year changes.

    The year is the view's `year` argument; a page without one looks across years (or, with
    `kind=RECORDS`, is a record's page: awards.rolls.RECORDS), and any change retires it. Only
    the query `parameters` the page reads make a page of their own: the others (and empty
    ones) are dropped before the view runs, so that `?x=1`, `?x=2`, … are one page, not
    endless copies of it in the cache, and no link on it carries them. A page is stored only
    as any anonymous visitor would see it. The `formats` a `?format=` may name are streamed
    from the database, never stored.
    """
    parameters = tuple(parameters)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.GET = canonical_query(request.GET, parameters, formats)
            if request.GET.get("format") in formats:
                return view(request, *args, **kwargs)  # streams from the database: never stored
            year = kwargs.get("year", kind)
            if year not in (ACROSS_YEARS, RECORDS) and not FIRST_YEAR <= year <= LAST_YEAR:
                # No roll, only a 404: caching it would keep a version for every year typed.
                return view(request, *args, **kwargs)
            # The path as the URLconf writes it: /honours/02024/ is /honours/2024/.
            match = request.resolver_match
            path = (
                reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                if match
                else request.path
            )
            # Under the host it was asked of too: the sitemap and the feed write whole addresses.
            page = f"{request.scheme}://{request.get_host()}{path}?{request.GET.urlencode()}"
            # Under the code's release: a deployment never serves the previous one's pages.
            digest = hashlib.sha256(page.encode()).hexdigest()
            key = f"honours:{settings.RELEASE}:{year}:{digest}"
            version, response = stored_page(year, key)
            if response is None:
                response = view(request, *args, **kwargs)
                if is_everyones(request, response) and not maybe_stale(version):
                    store_page(key, version, response, CACHE_SECONDS)
            return response

        return cached_view

    return decorator


def maybe_stale(version: int) -> bool:
    """Whether a page read from the replica may predate the change that made `version`: the
    replica may be REPLICA_MAX_LAG_SECONDS behind, as of a check CHECK_SECONDS old. Stored, such a
    page (an award revoked a moment ago still on it) would be served for CACHE_SECONDS; it is
    served, not stored, and the next visitor's is stored once the replica has caught up."""
    bound = settings.REPLICA_MAX_LAG_SECONDS + CHECK_SECONDS
    return reads_replica() and version_age(version) < bound


def is_everyones(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response may be served to anyone: it holds nothing of one visitor's."""
    # A response that sets a cookie, or made for someone logged in, belongs to one visitor. A
    # download streams from the database and is never stored.
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not request.user.is_authenticated
        and getattr(response, "cacheable", True)
    )


def not_cached(response: HttpResponse) -> HttpResponse:
    """A page that answers a visitor's mistake (a filter that names nothing, a page that does
    not exist): stored, each typo would be one more page in the cache."""
    response.cacheable = False
    return response


def canonical_query(
    query: QueryDict, parameters: Iterable[str], formats: Sequence[str] = FORMATS
) -> QueryDict:
    """`query` with only the named parameters, in a fixed order, and none left empty.

    A `format` is kept only when it names one of `formats` (a download, a printed roll):
    `?format=1`, `?format=2`, … are the page.
    """
    canonical = QueryDict(mutable=True)
    for name in sorted(parameters):
        # The last value, as the views read it: `?after=x&after=y` is the page of y, not one
        # more page to store for every junk value before it.
        values = [value for value in query.getlist(name) if value][-1:]
        if name == "format":
            values = [value for value in values if value in formats]
        if values:
            canonical.setlist(name, values)
    canonical._mutable = False
    return canonical


def is_cursor(after: str) -> bool:
    """Digits as an id is written: "0007" would be one more address of the same page."""
    return after.isascii() and after.isdecimal() and len(after) < 19 and after == str(int(after))


def with_query(request: HttpRequest, **changes) -> str:
    """This page's query string with some parameters replaced (None removes one)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def after_cursor(order: Sequence[str], cursor: Sequence) -> TupleGreaterThan:
    """The rows after `cursor` in `order`, as one row-value comparison: `(title_rank,
    recipient_name_folded, id) > (…)` bounds an index scan, where the equivalent OR of three
    comparisons made PostgreSQL read the roll from its start (30,000 rows deep: 44 ms, not
    0.7 ms). Django's own tuple lookup (that of composite primary keys) writes it."""
    return TupleGreaterThan(row_value(order), tuple(cursor))


def row_value(order: Sequence[str]) -> Tuple:
    """The row's `order` fields as one value, compared with a cursor's."""
    return Tuple(*(F(name) for name in order))


def bounded_count(awards: QuerySet) -> int:
    """How many, up to FILTERED_COUNT_LIMIT and one more (which says "more than")."""
    return awards.order_by().values("pk")[: FILTERED_COUNT_LIMIT + 1].count()


def roll_page(
    request: HttpRequest,
    awards: QuerySet,
    order: Sequence[str] = ROLL_ORDER,
    total: int | None = None,
) -> dict:
    """One page of a roll in `order`, after the award named by `?after=` (keyset).

    Deep pages cost about the same as the first: no OFFSET; the rows before the page and the
    rows in all (unless the caller knows the exact `total`, from the tallies) are counted only
    up to FILTERED_COUNT_LIMIT. A roll of one title passes the order without its rank, which is the
    same on every row, so that the title's own index serves it. Returns the template's
    `awards`, `notice` (when `?after=` names nothing), `next_url`, `first_url`, and `range`
    ("51–100 of 79 …": the page's first and last, the total, whether either is beyond).
    """
    everything = awards
    awards = awards.order_by(*order)
    after, notice, skipped = request.GET.get("after", ""), "", 0
    if after:
        cursor = None
        if is_cursor(after):
            cursor = awards.filter(pk=after).values_list(*order).first()
        if cursor is None:
            notice = _("That page does not exist (any more); here is the first page.")
        else:
            before = TupleLessThanOrEqual(row_value(order), tuple(cursor))
            skipped = bounded_count(everything.filter(before))
            awards = awards.filter(after_cursor(order, cursor))
    rows = list(awards.select_related(*ROLL_RELATED)[: PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    shown = rows[:PAGE_SIZE]
    limit = FILTERED_COUNT_LIMIT
    total_beyond = False
    if total is None:
        total = bounded_count(everything)
        total_beyond = total > limit
    return {
        "awards": shown,
        "notice": notice,
        "next_url": with_query(request, after=rows[PAGE_SIZE - 1].pk) if has_next else None,
        "first_url": with_query(request, after=None) if after else None,
        "range": {
            "first": skipped + 1,
            "last": skipped + len(shown),
            "total": total,
            "limit": limit,
            "position_beyond": skipped > limit,
            "total_beyond": total_beyond,
        },
    }


@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    years = list(AwardTally.objects.values("year").annotate(total=Sum("total")).order_by("year"))
    latest = years[-1]["year"] if years else None
    by_title = [
        {"title": title_name(row), **row}
        for row in AwardTally.objects.filter(year=latest)
        .values(*TITLE_NAMES, "title__slug", "title__rank")
        .annotate(total=Sum("total"))
        .order_by("title__rank")
    ]
    return render(
        request,
        "awards/home.html",
        {
            "latest": latest,
            "years": years,
            "busiest": max((row["total"] for row in years), default=0),
            "by_title": by_title,
            "flags": first_flags(latest) if latest is not None else [],
        },
    )


def first_flags(year: int) -> list[Commendation]:
    """The year's first PAGE_SIZE emulation flags in the roll's order, read a title at a time
    from the title's own index, in rank order, until the page is full.

    Filtered by the joined title's kind, the year's flags were all read and sorted to keep
    PAGE_SIZE: a thousand at a million awards (7 ms), ten times as many as at 100,000."""
    flags: list[Commendation] = []
    titles = EmulationTitle.objects.filter(kind=EmulationTitle.Kind.EMULATION_FLAG)
    for _rank, same_rank in groupby(titles.order_by("rank", "pk"), key=attrgetter("rank")):
        wanted = PAGE_SIZE - len(flags)
        if wanted <= 0:
            break
        found = [
            award
            for title in same_rank
            for award in Commendation.objects.public()
            .for_year(year)
            .filter(title=title)
            .select_related("title", "decision")
            .order_by(*TITLE_ROLL_ORDER)[:wanted]
        ]
        # Titles of the same rank share the roll's place: their awards mix by name.
        found.sort(key=attrgetter(*TITLE_ROLL_ORDER))
        flags += found[:wanted]
    return flags


@cached_page(parameters=["format"])
def honours_index(request: HttpRequest) -> HttpResponse:
    tallies = (
        AwardTally.objects.values("year", "recipient_kind")
        .annotate(total=Sum("total"))
        .order_by("-year")
    )
    by_year: dict[int, dict] = {}
    for tally in tallies:
        counts = by_year.setdefault(tally["year"], {"year": tally["year"], "total": 0})
        counts[tally["recipient_kind"]] = tally["total"]
        counts["total"] += tally["total"]
    years = list(by_year.values())
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        names = ["year", *Commendation.RecipientKind.values, "total"]
        rows = ([counts.get(name, 0) for name in names] for counts in years)
        return stream(names, rows, fmt, "honours-by-year")
    return render(request, "awards/honours_index.html", {"years": years})


# A title's name in its three languages, read with a count, and the one the page shows.
TITLE_NAMES = ("title__name", "title__name_en", "title__name_es")


def title_name(row: dict) -> str:
    return in_language(*(row[field] for field in TITLE_NAMES))


def roll(request: HttpRequest, year: int, title: EmulationTitle | None = None) -> HttpResponse:
    awards = Commendation.objects.public().for_year(year)
    if title is not None:
        awards = awards.filter(title=title)
    roll_filter = RollFilter(request.GET, queryset=awards)
    awards = roll_filter.qs
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        name = f"honours-{year}" + (f"-{title.slug}" if title else "")
        return export(awards.order_by(*ROLL_ORDER), fmt, name)
    if fmt == PRINT:
        return printed_roll(request, year, title, roll_filter)
    counts_beyond = False
    if roll_filter.is_filtering():
        # Counted among the first FILTERED_COUNT_LIMIT and one more that the filter keeps, in
        # no order: "nguyen" keeps 40% of a year's awards, and a national year has 30,000
        # (counting 8,000 of them was 75 ms of the page's 105; counting 1,001, none of it).
        kept = awards.order_by().values("pk")[: FILTERED_COUNT_LIMIT + 1]
        counts = list(
            Commendation.objects.filter(pk__in=kept)
            .values(*TITLE_NAMES, "title__slug")
            .annotate(total=Count("id"))
            .order_by("title_rank")
        )
        if sum(row["total"] for row in counts) > FILTERED_COUNT_LIMIT:
            counts, counts_beyond = [], True
    else:  # the year's tally holds these already: no need to read the year's awards
        tallies = AwardTally.objects.filter(year=year)
        if title is not None:
            tallies = tallies.filter(title=title)
        counts = (
            tallies.values(*TITLE_NAMES, "title__slug")
            .annotate(total=Sum("total"))
            .order_by("title__rank")
        )
    counts = [{"title": title_name(row), **row} for row in counts]
    # The tallies' sum, or the filter's count (counted again, bounded, when it went beyond).
    total = None if counts_beyond else sum(row["total"] for row in counts)
    # One title's awards share its rank: ordered by name, its partial index serves the page.
    order = TITLE_ROLL_ORDER if title is not None else ROLL_ORDER
    page = roll_page(request, awards, order, total=total)
    response = render(
        request,
        "awards/roll.html",
        {
            "year": year,
            "title": title,
            "filter": roll_filter,
            "counts": counts,
            "counts_beyond": counts_beyond,
            "counts_limit": number_format(FILTERED_COUNT_LIMIT, force_grouping=True),
            "csv_url": with_query(request, after=None, format="csv"),
            "json_url": with_query(request, after=None, format="json"),
            "print_url": with_query(request, after=None, format=PRINT),
            **page,
        },
    )
    if page["notice"] or not roll_filter.form.is_valid():
        return not_cached(response)
    return response


def printed_roll(
    request: HttpRequest, year: int, title: EmulationTitle | None, roll_filter: RollFilter
) -> StreamingHttpResponse:
    """The roll's every award under its filters (up to PRINT_LIMIT) on one page for printing,
    a title's heading above its awards, streamed: the page's head, then each title's table a
    CHUNK_ROWS at a time, so memory stays flat and the first rows arrive at once."""
    awards = roll_filter.qs.order_by(*(TITLE_ROLL_ORDER if title is not None else ROLL_ORDER))
    total = awards.order_by().values("pk")[: PRINT_LIMIT + 1].count()
    marker = mark_safe("<!-- rows -->")
    page = render_to_string(
        "awards/roll_print.html",
        {
            "year": year,
            "title": title,
            "described": roll_filter.described(),
            "total": min(total, PRINT_LIMIT),
            "beyond": total > PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "roll_url": with_query(request, after=None, format=None),
            "rows_marker": marker,
        },
        request,
    )
    head, tail = page.split(marker)
    rows = awards.select_related(*ROLL_RELATED)[:PRINT_LIMIT].iterator(chunk_size=2000)
    language = get_language()

    def sections() -> Iterator[str]:
        with override(language):  # the rows are written after the view has returned
            yield head
            for award_title, group in groupby(rows, key=attrgetter("title")):
                section = render_to_string(
                    "awards/_print_section.html", {"title": award_title, "rows_marker": marker}
                )
                opening, closing = section.split(marker)
                yield opening
                for batch in batched(group, CHUNK_ROWS):
                    yield award_rows(batch)
                yield closing
            yield tail

    return StreamingHttpResponse(sections(), content_type="text/html; charset=utf-8")


@cached_page(parameters=ROLL_PARAMETERS, formats=ROLL_FORMATS)
def honours_year(request: HttpRequest, year: int) -> HttpResponse:
    if not AwardTally.objects.filter(year=year).exists():
        raise NotFound(_("No award has been published for this year."))
    return roll(request, year)


@cached_page(parameters=ROLL_PARAMETERS, formats=ROLL_FORMATS)
def honours_title(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    title = get_object_or_404(EmulationTitle, slug=slug)
    if not AwardTally.objects.filter(year=year, title=title).exists():
        raise NotFound(_("No award of this title has been published for this year."))
    return roll(request, year, title)


@cached_page(parameters=["after", "format"], kind=RECORDS)
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.published(), pk=pk)
    awards = decision.awards.public()
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return export(awards.order_by(*ROLL_ORDER), fmt, f"decision-{decision.pk}")
    # An annex can list thousands: it pages like a roll.
    page = roll_page(request, awards)
    # Its awards revoked since: which title, when and by which decision; never to whom (a
    # revoked award is not public), nor why (the reason is the office's).
    revoked = decision.awards.revoked().exclude(person__listed=False)  # not even counted
    shown = list(
        revoked.select_related("title", "revoking_decision").order_by("revoked_on", "id")[
            :REVOKED_SHOWN
        ]
    )
    # Counted only when the list is cut: most decisions have no revocation at all.
    total = revoked.count() if len(shown) == REVOKED_SHOWN else len(shown)
    context = {"decision": decision, "revoked": shown, "revoked_total": total, **page}
    response = render(request, "awards/decision_detail.html", context)
    return not_cached(response) if page["notice"] else response


@cached_page(kind=RECORDS)
def pact_index(request: HttpRequest) -> HttpResponse:
    """The years that have pacts, newest first, with how many were signed."""
    years = Pact.objects.values("year").annotate(total=Count("id")).order_by("-year")
    return render(request, "awards/pact_index.html", {"years": years})


@cached_page(parameters=["page"], kind=RECORDS)
def movement_list(request: HttpRequest) -> HttpResponse:
    """The emulation movements, those launched last first, MOVEMENTS_PAGE a page."""
    movements = EmulationMovement.objects.order_by("-starts_on", "name", "pk")
    asked = request.GET.get("page")
    page = Paginator(movements, MOVEMENTS_PAGE).get_page(asked)
    response = render(request, "awards/movement_list.html", {"page": page})
    if asked is not None and asked != str(page.number):  # "?page=01", "?page=x": not kept
        return not_cached(response)
    return response


@cached_page(parameters=["after", "format"], kind=RECORDS)
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A movement: what it is, the pacts signed under it (the latest PACTS_SHOWN), the
    awards it gave (a page at a time, as a roll; downloaded whole)."""
    movement = get_object_or_404(EmulationMovement, pk=pk)
    awards = movement.awards.public()
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return export(awards.order_by(*ROLL_ORDER), fmt, f"movement-{movement.pk}")
    pacts = movement.pacts.select_related("cluster").order_by("-year", "title")[:PACTS_SHOWN]
    page = roll_page(request, awards)
    context = {"movement": movement, "pacts": pacts, **page}
    response = render(request, "awards/movement_detail.html", context)
    return not_cached(response) if page["notice"] else response


def pact_year(request: HttpRequest, year: int) -> HttpResponse:
    pacts = list(
        Pact.objects.filter(year=year)
        .select_related("cluster", "movement")
        .prefetch_related(
            Prefetch("signatories", PactSignatory.objects.select_related("unit")), "targets"
        )
    )
    if not pacts:
        raise NotFound(_("No pact has been recorded for this year."))
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        names = ["pact", "cluster", *TARGET_COLUMNS, "achieved"]
        rows = (
            [pact.title, pact.cluster.name if pact.cluster else ""]
            + [getattr(target, name) for name in TARGET_COLUMNS]
            + [target.is_achieved]
            for pact in pacts
            for target in pact.targets.all()
        )
        return stream(names, rows, fmt, f"pacts-{year}")
    return render(request, "awards/pact_year.html", {"year": year, "pacts": pacts})


# The pages of a commune, a unit and a listed person: their award history.


def history(awards: QuerySet) -> QuerySet:
    """A recipient's public awards, newest year first: a recipient has tens, not thousands."""
    return awards.public().select_related(*ROLL_RELATED).order_by("-year", "title_rank", "id")


def history_download(request: HttpRequest, awards: QuerySet, name: str) -> HttpResponse | None:
    fmt = request.GET.get("format")
    return export(history(awards), fmt, name) if fmt in FORMATS else None


@cached_page(parameters=["format"], kind=RECORDS)
def commune_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commune = get_object_or_404(
        Commune.objects.select_related("successor").prefetch_related("successor_parts__successor"),
        pk=pk,
    )
    if download := history_download(request, commune.awards.all(), f"commune-{pk}"):
        return download
    located = Commendation.objects.public().filter(locality=commune)
    by_year = located.values("year").annotate(total=Count("id")).order_by("year")
    by_title = [
        {"title": title_name(row), **row}
        for row in located.values(*TITLE_NAMES, "title__rank")
        .annotate(total=Count("id"))
        .order_by("title__rank")
    ]
    return render(
        request,
        "awards/commune_detail.html",
        {
            "commune": commune,
            "predecessors": commune.formed_from(),
            "awards": history(commune.awards.all()),
            "located": by_year,
            "located_titles": by_title,
            "recognitions": commune.rural_recognitions.order_by("-year", "standard"),
            # The pacts its units signed, the latest PACTS_SHOWN.
            "pacts": Pact.objects.filter(signatories__unit__commune=commune)
            .distinct()
            .select_related("cluster")
            .order_by("-year", "title")[:PACTS_SHOWN],
        },
    )


@cached_page(parameters=["format"], kind=RECORDS)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("successor", "commune", "parent").prefetch_related(
            "successor_parts__successor"
        ),
        pk=pk,
    )
    if download := history_download(request, unit.awards.all(), f"unit-{pk}"):
        return download
    return render(
        request,
        "awards/unit_detail.html",
        {
            "unit": unit,
            "predecessors": unit.formed_from(),
            "awards": history(unit.awards.all()),
        },
    )


def recipient_page(request: HttpRequest, recipients: QuerySet, pk: int, name: str) -> HttpResponse:
    """A person's or a household's page (`name`: its template and its variable). Only one
    with a public award has a page: a draft must not reveal a name."""
    shown = recipients.filter(awards__is_public=True).distinct()
    recipient = get_object_or_404(shown, pk=pk)
    if download := history_download(request, recipient.awards.all(), f"{name}-{pk}"):
        return download
    context = {name: recipient, "awards": history(recipient.awards.all())}
    return render(request, f"awards/{name}_detail.html", context)


@cached_page(parameters=["format"], kind=RECORDS)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    people = Person.objects.filter(listed=True).select_related("unit")
    return recipient_page(request, people, pk, "person")


@cached_page(parameters=["format"], kind=RECORDS)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    households = Household.objects.select_related("commune")
    return recipient_page(request, households, pk, "household")


@cached_page(parameters=["format"])
def title_list(request: HttpRequest) -> HttpResponse:
    titles = list(
        EmulationTitle.objects.filter(is_active=True)
        .select_related("successor")
        .prefetch_related("eligibility_rules")
    )
    years: dict[int, list[int]] = {}
    for title_id, year in (
        AwardTally.objects.values_list("title_id", "year").distinct().order_by("-year")
    ):
        years.setdefault(title_id, []).append(year)
    for title in titles:
        title.roll_years = years.get(title.pk, [])
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        names = [*TITLE_COLUMNS, "years_awarded"]
        rows = (
            [_title_value(title, name) for name in TITLE_COLUMNS]
            + [" ".join(map(str, title.roll_years))]
            for title in titles
        )
        return stream(names, rows, fmt, "titles")
    return render(request, "awards/emulationtitle_list.html", {"titles": titles})


def _title_value(title: EmulationTitle, name: str):
    """A column of the catalogue's open data: the successor by its slug, dates as ISO text."""
    value = getattr(title, name)
    if name == "successor":
        return value.slug if value is not None else ""
    return value.isoformat() if isinstance(value, datetime.date) else value


SEARCH_LIMIT = 20


def first_by_name(candidates: QuerySet, query: str, *related: str) -> list:
    """The first SEARCH_LIMIT `candidates` whose names hold the words of `query`: those whose
    name begins with them first ("nguyen van": Nguyễn Văn An before Lê Văn Nguyên), then the
    others, each part by name.

    The first part is a range of the names' index, read in order; the others, only when they
    are fewer than SEARCH_LIMIT, walk it. Walked first, a name as common as "nguyen van"
    passed every name before "nguyen" (63,000 at a million awards) to find its first 20.
    Each part's ids are a subquery the names' index answers alone (Person.Meta).
    """
    order = ("name_folded", "pk")

    def first(matches: QuerySet, limit: int) -> list:
        ids = matches.order_by(*order).values("pk")[:limit]
        records = candidates.model._default_manager.filter(pk__in=ids)
        return list(records.order_by(*order).select_related(*related))

    found = first(candidates.beginning_with(query), SEARCH_LIMIT)
    if len(found) < SEARCH_LIMIT:
        others = candidates.matching(query).exclude(pk__in=[record.pk for record in found])
        found += first(others, SEARCH_LIMIT - len(found))
    return found


def first_people(query: str) -> list[Person]:
    """The first listed people by name with a public award whose names hold the words."""
    people = Person.objects.filter(listed=True).filter(
        Exists(Commendation.objects.public().filter(person=OuterRef("pk")))
    )
    return first_by_name(people, query, "unit")


def first_households(query: str) -> list[Household]:
    """The first households by their head's name with a public award whose names hold the
    words."""
    households = Household.objects.filter(
        Exists(Commendation.objects.public().filter(household=OuterRef("pk")))
    )
    return first_by_name(households, query, "commune")


def search(request: HttpRequest) -> HttpResponse:
    """One search over communes, units, listed people, households and decisions, ignoring
    diacritics."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = {}
    if query:
        results = {
            "communes": list(Commune.objects.matching(query)[:SEARCH_LIMIT]),
            "units": list(Unit.objects.matching(query).select_related("commune")[:SEARCH_LIMIT]),
            "people": first_people(query),
            "households": first_households(query),
            "decisions": list(Decision.objects.published().matching(query)[:SEARCH_LIMIT]),
        }
    return render(
        request,
        "awards/search.html",
        {"form": form, "query": query, "results": results, "limit": SEARCH_LIMIT},
    )
