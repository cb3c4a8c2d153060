"""The open API (/api/v1/): the public registry as JSON, read-only, for anyone.

It shows what the public pages show and nothing more: awards that are public (published, in
force, not to someone who asked not to be listed), published decisions, people with a public
award who are listed. Every list pages with keyset cursors, never offsets: a page deep in a
list costs what the first does. Requests are throttled per client address in the shared cache.
"""

import datetime
import functools
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.fields.tuple_lookups import TupleGreaterThan, TupleLessThan
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle

from api import schemas
from awards.filters import RollFilter
from awards.models import (
    Commendation,
    Decision,
    EmulationCluster,
    EmulationTitle,
    Level,
    Pact,
    PactSignatory,
    PactTarget,
    RecipientKind,
    in_language,
)
from awards.rolls import RECORDS, roll_version
from awards.views import row_value
from config.admin import client_ip_address
from config.cache import warn_uncached
from config.errors import DATABASE_DOWN, RETRY_AFTER_SECONDS
from units.models import Commune, Person, Unit

logger = logging.getLogger(__name__)

# How long a client or a proxy may reuse a response without asking again. Short, because an
# award revoked or a person unlisted must leave the API as it leaves the pages; asking again
# with the ETag costs no query of the database when nothing changed (a 304).
CACHE_SECONDS = 60
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


# Throttling


PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/min" as (120, 60), "30/5m" as (30, 300): requests, and the seconds they are
    counted over (the setting's form is checked at start-up: config.settings)."""
    requests, period = rate.split("/")
    multiple, unit = re.fullmatch(r"([0-9]*)([a-z]+)", period).groups()
    return int(requests), int(multiple or 1) * PERIODS[unit[0]]


class ClientThrottle(BaseThrottle):
    """API_THROTTLE_RATE requests per client address in each window of the rate's duration,
    counted in the default cache (shared by every process when CACHE_URL says so).

    The count is the cache's own increment (atomic in Redis and in a process's memory), not
    a list read, changed and written back, which two app servers answering the same client at
    once would each write over the other's. A cache that is down lets every request through
    (the pages are made uncached then too): the limit protects the API, it must not stop it.
    The address is the login lockout's (config.admin.client_ip_address: TRUSTED_PROXY_COUNT
    entries from the right of X-Forwarded-For), never what a client wrote further left. The
    rate is read at each request, so that a setting changed in a test applies. Ninja keeps one
    throttle for all requests: a request's wait is the thread's own, as a threaded server
    needs.
    """

    def __init__(self) -> None:
        self._state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        allowed, duration = parse_rate(settings.API_THROTTLE_RATE)
        now = time.time()
        window = int(now // duration)
        # Hashed: an address is not always a valid cache key (memcached refuses some).
        ident = hashlib.sha256((client_ip_address(request) or "").encode()).hexdigest()
        key = f"api:throttle:{ident}:{window}"
        self._state.wait = (window + 1) * duration - now
        try:
            cache.add(key, 0, duration + 1)  # a new window starts at none; kept past its end
            count = cache.incr(key)
        except ValueError:  # the window ended and its count went between the two calls
            count = 1
        except Exception:  # the cache is down: the API answers, unthrottled meanwhile
            warn_uncached(logger, "cache unavailable: %s not throttled", request.path)
            return True
        return count <= allowed

    def wait(self) -> float:
        return self._state.wait


class Renderer(JSONRenderer):
    # Vietnamese letters as themselves, not as \u escapes: a third of the bytes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Emulation registry",
    version="1",
    description=(
        "The public record of emulation titles and commendations: awards, decisions, the "
        "catalogue, communes, units, listed people and pacts. Read-only, no key needed. Every "
        "list pages with an opaque `cursor` and gives the next page's address in `next`."
    ),
    urls_namespace="api",
    renderer=Renderer(),
    throttle=[ClientThrottle()],
    # Swagger UI from the site's own static files (no CDN); it runs under the site's CSP.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
)


# Caching: an ETag from the version of the records' pages, which changes with anything shown.


def etag(request: HttpRequest) -> str | None:
    """What the response to this request is as long as nothing shown changes: the release,
    the records' version (awards.rolls.RECORDS: any award, decision, record, title or commune
    saved retires it) and the address asked for. None when the cache does not answer."""
    try:
        version = roll_version(RECORDS)
    except Exception:
        warn_uncached(logger, "cache unavailable: %s sent without an ETag", request.path)
        return None
    key = f"{settings.RELEASE}:{version}:{request.build_absolute_uri()}"
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def revalidated(view: Callable) -> Callable:
    """Answer 304 to a client that holds the current response (after the throttle and the
    parameters' check, before any query)."""

    @functools.wraps(view)
    def operation(request: HttpRequest, **kwargs):
        request.api_etag = tag = etag(request)
        if tag is not None and tag in parse_etags(request.headers.get("If-None-Match", "")):
            return HttpResponseNotModified()
        return view(request, **kwargs)

    return operation


def cacheable(run: Callable) -> Callable:
    """A response anyone may reuse for CACHE_SECONDS, then ask again with its ETag."""

    @functools.wraps(run)
    def operation(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        tag = getattr(request, "api_etag", None)
        if response.status_code in (200, 304) and tag is not None:
            response["ETag"] = tag
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    return operation


def in_asked_language(view: Callable) -> Callable:
    """The language the client asks for (Accept-Language), Vietnamese if none: the site's
    unprefixed addresses are Vietnamese whatever the browser asks, but a program has no
    /en/ to go to. Only the errors' messages are in it (the data holds all three
    languages), and only they vary with it."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(translation.get_language_from_request(request)):
            response = view(request, *args, **kwargs)
        if response.status_code >= 400:
            patch_vary_headers(response, ["Accept-Language"])
        return response

    return answer


api.add_decorator(revalidated, mode="operation")
api.add_decorator(cacheable, mode="view")
api.add_decorator(in_asked_language, mode="view")


# Errors: JSON, in the language the client asks for (Accept-Language).


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error["type"]}
        for error in exc.errors
    ]
    detail = _("Some parameters are not valid: see errors.")
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    detail = _("Too many requests from this address: try again later (see Retry-After).")
    return api.create_response(request, {"detail": detail}, status=429)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """As the site's error pages (config.errors): a database that is down is a 503."""
    if isinstance(exc, DATABASE_DOWN):
        logger.warning("database unavailable: %s", request.path, exc_info=exc)
        response = api.create_response(
            request, {"detail": _("The registry is unavailable: try again later.")}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.error("API error: %s", request.path, exc_info=exc)
    return api.create_response(request, {"detail": _("Server error.")}, status=500)


def index(request: HttpRequest) -> HttpResponse:
    """/api/v1/: where the documentation and the lists are."""
    lists = ["awards", "decisions", "titles", "communes", "units", "people", "pacts"]
    links = {name: request.build_absolute_uri(f"{request.path}{name}") for name in lists}
    links["docs"] = request.build_absolute_uri(reverse("api:openapi-view"))
    links["openapi"] = request.build_absolute_uri(reverse("api:openapi-json"))
    return api.create_response(request, links, status=200)


@in_asked_language
def not_found_json(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, not the site's page."""
    return api.create_response(request, {"detail": _("No such address in the API.")}, status=404)


# Codes and names in the three languages


LANGUAGES = ("vi", "en", "es")


@functools.cache
def labels(choices: type) -> dict[str, dict[str, str]]:
    """Each code of a TextChoices with its label in each language (translations are fixed for
    a release: made once a process)."""
    table: dict[str, dict[str, str]] = {code: {} for code in choices.values}
    for language in LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                table[code][language] = str(label)
    return table


def choice(choices: type, code: str) -> dict:
    return {"code": code, "label": labels(choices).get(code, dict.fromkeys(LANGUAGES, code))}


def names(vietnamese: str, english: str = "", spanish: str = "") -> dict[str, str]:
    """A text's three versions; one missing falls back as on the site's pages (es → en → vi)."""
    texts = (vietnamese, english, spanish)
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = in_language(*texts)
    return result


def page_url(request: HttpRequest, name: str, pk: int) -> str:
    """A record's public page, in Vietnamese (the address without a language prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, args=[pk]))


# Keyset cursors


@dataclass(frozen=True)
class Order:
    """A list's order: its fields (unique together), their types, the direction."""

    name: str
    fields: tuple[str, ...]
    types: tuple[type, ...]
    descending: bool = False


def write_cursor(order: Order, row) -> str:
    values = [getattr(row, field) for field in order.fields]
    values = [value.isoformat() if isinstance(value, datetime.date) else value for value in values]
    # Signed, for this list's order: a cursor is the API's, never a value a client made up.
    return signing.Signer(salt=f"api.cursor.{order.name}").sign_object(values)


def read_cursor(order: Order, cursor: str) -> tuple:
    refused = HttpError(
        400, _("This cursor was not given by this list: follow the next links from its start.")
    )
    try:
        values = signing.Signer(salt=f"api.cursor.{order.name}").unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        raise refused from None
    if not isinstance(values, list) or len(values) != len(order.types):
        raise refused
    read = []
    for value, kind in zip(values, order.types, strict=True):
        if kind is datetime.date and isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                raise refused from None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise refused
        read.append(value)
    return tuple(read)


def keyset(
    request: HttpRequest, rows: QuerySet, order: Order, query: schemas.ListQuery
) -> tuple[list, str | None]:
    """The page of `rows` after the cursor, `query.limit` of them (one more is read to know
    whether there is a next page), and the next page's address."""
    ordering = [f"-{field}" if order.descending else field for field in order.fields]
    rows = rows.order_by(*ordering)
    if query.cursor:
        after = TupleLessThan if order.descending else TupleGreaterThan
        rows = rows.filter(after(row_value(order.fields), read_cursor(order, query.cursor)))
    found = list(rows[: query.limit + 1])
    shown = found[: query.limit]
    if len(found) <= query.limit:
        return shown, None
    parameters = request.GET.copy()
    parameters["cursor"] = write_cursor(order, shown[-1])
    return shown, request.build_absolute_uri(f"{request.path}?{parameters.urlencode()}")


def one(rows: QuerySet, message: str, **lookup):
    """The row, or a JSON 404 saying `message`."""
    try:
        return rows.get(**lookup)
    except rows.model.DoesNotExist:
        raise HttpError(404, message) from None


# Awards

AWARD_ORDER = Order(
    "awards", ("year", "title_rank", "recipient_name_folded", "id"), (int, int, str, int)
)
ANNEX_ORDER = Order("annex", ("title_rank", "recipient_name_folded", "id"), (int, str, int))
AWARD_RELATED = ("title", "decision", "locality", "movement")
# The roll's filters the API names otherwise (its `commune` is an id).
API_NAMES = {"commune": "commune_name"}


def award_out(award: Commendation) -> dict:
    title, decision = award.title, award.decision
    for field in ("unit", "commune", "person", "household"):
        if (recipient_id := getattr(award, f"{field}_id")) is not None:
            break
    return {
        "id": award.pk,
        "year": award.year,
        "title": {
            "slug": title.slug,
            "name": names(title.name, title.name_en, title.name_es),
            "kind": choice(EmulationTitle.Kind, title.kind),
            "level": choice(Level, title.level),
        },
        "recipient": {
            "kind": choice(RecipientKind, award.recipient_kind),
            "type": field,
            "id": recipient_id,
            "name": award.recipient_name,
            "position": award.recipient_position,
            "unit_name": award.recipient_unit_name,
        },
        "commune": (
            {"id": award.locality_id, "name": award.locality.full_name}
            if award.locality_id
            else None
        ),
        "method": choice(Commendation.Method, award.method),
        "movement": (
            {"id": award.movement_id, "name": award.movement.name} if award.movement_id else None
        ),
        "citation": award.citation,
        "decision": {
            "id": decision.pk,
            "number": decision.number,
            "signed_on": decision.signed_on,
            "issuer": decision.issuer_name,
        },
    }


def award_page(request: HttpRequest, awards: QuerySet, order: Order, query) -> dict:
    rows, next_url = keyset(request, awards.select_related(*AWARD_RELATED), order, query)
    return {"items": [award_out(award) for award in rows], "next": next_url}


@api.get("/awards", response={200: schemas.AwardPage, **ERRORS}, tags=["awards"])
def award_list(request: HttpRequest, query: Query[schemas.AwardQuery]):
    """Public awards, by emulation year, then as the honour roll lists them (the highest
    distinction first, then by name). The roll's filters, and recipients by id."""
    awards = Commendation.objects.public()
    ids = {
        "year": query.year,
        "locality": query.commune,
        "unit": query.unit,
        "person": query.person,
        "household": query.household,
        "decision": query.decision,
        "movement": query.movement,
    }
    awards = awards.filter(**{field: value for field, value in ids.items() if value is not None})
    roll = {
        "q": query.q,
        "title": query.title,
        "level": query.level,
        "kind": query.kind,
        "commune": query.commune_name,
        "unit_kind": query.unit_kind,
    }
    roll = {name: value for name, value in roll.items() if value is not None}
    if roll:
        roll_filter = RollFilter(roll, queryset=awards)
        if not roll_filter.form.is_valid():
            raise ValidationError(
                [
                    {"loc": ["query", API_NAMES.get(name, name)], "msg": " ".join(messages)}
                    | {"type": "value_error"}
                    for name, messages in roll_filter.form.errors.items()
                ]
            )
        awards = roll_filter.qs
    return award_page(request, awards, AWARD_ORDER, query)


@api.get("/awards/{pk}", response={200: schemas.Award, **ERRORS}, tags=["awards"])
def award_detail(request: HttpRequest, pk: Path[schemas.Id]):
    rows = Commendation.objects.public().select_related(*AWARD_RELATED)
    return award_out(one(rows, _("No public award has this id."), pk=pk))


# Decisions

DECISION_ORDER = Order("decisions", ("signed_on", "id"), (datetime.date, int), descending=True)


def decision_out(request: HttpRequest, decision: Decision) -> dict:
    authority = decision.authority
    return {
        "id": decision.pk,
        "number": decision.number,
        "signed_on": decision.signed_on,
        "issuer": decision.issuer_name,
        "issuer_level": choice(Level, decision.issuer_level),
        "authority": (
            {
                "code": authority.code,
                "name": names(authority.name, authority.name_en, authority.name_es),
                "level": choice(Level, authority.level),
            }
            if authority is not None
            else None
        ),
        "signer_name": decision.signer_name,
        "signer_position": decision.signer_position,
        "subject": decision.subject,
        "published_at": decision.published_at,
        "page": page_url(request, "decision_detail", decision.pk),
        "awards": request.build_absolute_uri(
            reverse("api:decision_awards", kwargs={"pk": decision.pk})
        ),
    }


def published_decisions() -> QuerySet:
    return Decision.objects.published().select_related("authority")


@api.get("/decisions", response={200: schemas.DecisionPage, **ERRORS}, tags=["decisions"])
def decision_list(request: HttpRequest, query: Query[schemas.DecisionQuery]):
    """Published decisions, the last signed first."""
    decisions = published_decisions()
    if query.year is not None:
        decisions = decisions.filter(
            signed_on__gte=datetime.date(query.year, 1, 1),
            signed_on__lte=datetime.date(query.year, 12, 31),
        )
    if query.issuer_level is not None:
        decisions = decisions.filter(issuer_level=query.issuer_level)
    if query.q:
        decisions = decisions.matching(query.q)
    rows, next_url = keyset(request, decisions, DECISION_ORDER, query)
    return {"items": [decision_out(request, decision) for decision in rows], "next": next_url}


NO_DECISION = "No published decision has this id."


@api.get("/decisions/{pk}", response={200: schemas.DecisionOut, **ERRORS}, tags=["decisions"])
def decision_detail(request: HttpRequest, pk: Path[schemas.Id]):
    return decision_out(request, one(published_decisions(), _(NO_DECISION), pk=pk))


@api.get(
    "/decisions/{pk}/awards",
    response={200: schemas.AwardPage, **ERRORS},
    tags=["decisions"],
    url_name="decision_awards",
)
def decision_awards(request: HttpRequest, pk: Path[schemas.Id], query: Query[schemas.ListQuery]):
    """A decision's annex: its public awards, as its page lists them."""
    decision = one(Decision.objects.published().only("pk"), _(NO_DECISION), pk=pk)
    return award_page(request, decision.awards.public(), ANNEX_ORDER, query)


# The catalogue

TITLE_ORDER = Order("titles", ("rank", "slug"), (int, str))


def title_out(title: EmulationTitle) -> dict:
    return {
        "slug": title.slug,
        "name": names(title.name, title.name_en, title.name_es),
        "kind": choice(EmulationTitle.Kind, title.kind),
        "level": choice(Level, title.level),
        "emulation_title": title.is_emulation_title,
        "recipients": [
            choice(RecipientKind, kind)
            for kind in RecipientKind.values
            if getattr(title, f"for_{kind}")
        ],
        "issuing_authority": title.issuing_authority,
        "rank": title.rank,
        "legal_basis": title.legal_basis,
        "criteria": names(title.criteria, title.criteria_en, title.criteria_es),
        "armed_forces": title.armed_forces,
        "valid_from": title.valid_from,
        "valid_until": title.valid_until,
        "successor": title.successor.slug if title.successor_id else None,
        "active": title.is_active,
    }


@api.get("/titles", response={200: schemas.TitlePage, **ERRORS}, tags=["catalogue"])
def title_list(request: HttpRequest, query: Query[schemas.TitleQuery]):
    """The catalogue of emulation titles and forms of commendation, in the honour roll's
    order, with their criteria, period, successor and legal basis."""
    titles = EmulationTitle.objects.select_related("successor")
    if query.kind is not None:
        titles = titles.filter(kind=query.kind)
    if query.level is not None:
        titles = titles.filter(level=query.level)
    if query.recipient is not None:
        titles = titles.for_recipient(query.recipient)
    rows, next_url = keyset(request, titles, TITLE_ORDER, query)
    return {"items": [title_out(title) for title in rows], "next": next_url}


@api.get("/titles/{slug}", response={200: schemas.Title, **ERRORS}, tags=["catalogue"])
def title_detail(request: HttpRequest, slug: Path[schemas.Slug]):
    titles = EmulationTitle.objects.select_related("successor")
    return title_out(one(titles, _("No title or form has this slug."), slug=slug))


# Communes, units, people


def by_id(name: str) -> Order:
    return Order(name, ("id",), (int,))


COMMUNE_ORDER, UNIT_ORDER, PERSON_ORDER = by_id("communes"), by_id("units"), by_id("people")


def commune_out(request: HttpRequest, commune: Commune) -> dict:
    return {
        "id": commune.pk,
        "name": commune.name,
        "full_name": commune.full_name,
        "kind": choice(Commune.Kind, commune.kind),
        "code": commune.code,
        "district": commune.district,
        "province": commune.province,
        "valid_from": commune.valid_from,
        "valid_until": commune.valid_until,
        "successor": commune.successor_id,
        "page": page_url(request, "commune_detail", commune.pk),
    }


def current(rows: QuerySet, now: bool | None) -> QuerySet:
    if now is None:
        return rows
    return rows.filter(valid_until__isnull=now)


@api.get("/communes", response={200: schemas.CommunePage, **ERRORS}, tags=["places"])
def commune_list(request: HttpRequest, query: Query[schemas.CommuneQuery]):
    """Communes, wards, townships and special zones, past and present, by id."""
    communes = current(Commune.objects.all(), query.current)
    if query.q:
        communes = communes.matching(query.q)
    if query.kind is not None:
        communes = communes.filter(kind=query.kind)
    if query.province is not None:
        communes = communes.filter(province=query.province)
    rows, next_url = keyset(request, communes, COMMUNE_ORDER, query)
    return {"items": [commune_out(request, commune) for commune in rows], "next": next_url}


@api.get("/communes/{pk}", response={200: schemas.CommuneOut, **ERRORS}, tags=["places"])
def commune_detail(request: HttpRequest, pk: Path[schemas.Id]):
    return commune_out(request, one(Commune.objects.all(), _("No commune has this id."), pk=pk))


def unit_out(request: HttpRequest, unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "kind": choice(Unit.Kind, unit.kind),
        "parent": unit.parent_id,
        "commune": (
            {"id": unit.commune_id, "name": unit.commune.full_name} if unit.commune_id else None
        ),
        "valid_from": unit.valid_from,
        "valid_until": unit.valid_until,
        "successor": unit.successor_id,
        "page": page_url(request, "unit_detail", unit.pk),
    }


@api.get("/units", response={200: schemas.UnitPage, **ERRORS}, tags=["units"])
def unit_list(request: HttpRequest, query: Query[schemas.UnitQuery]):
    """Agencies, schools, villages and the other units that can be honoured, by id."""
    units = current(Unit.objects.select_related("commune"), query.current)
    if query.q:
        units = units.matching(query.q)
    if query.kind is not None:
        units = units.filter(kind=query.kind)
    if query.commune is not None:
        units = units.filter(commune=query.commune)
    if query.parent is not None:
        units = units.filter(parent=query.parent)
    rows, next_url = keyset(request, units, UNIT_ORDER, query)
    return {"items": [unit_out(request, unit) for unit in rows], "next": next_url}


@api.get("/units/{pk}", response={200: schemas.UnitOut, **ERRORS}, tags=["units"])
def unit_detail(request: HttpRequest, pk: Path[schemas.Id]):
    units = Unit.objects.select_related("commune")
    return unit_out(request, one(units, _("No unit has this id."), pk=pk))


def listed_people() -> QuerySet:
    """The people the public pages show: listed, with a public award (as their pages)."""
    return (
        Person.objects.filter(listed=True)
        .filter(Exists(Commendation.objects.public().filter(person=OuterRef("pk"))))
        .select_related("unit")
    )


def person_out(request: HttpRequest, person: Person) -> dict:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "position": person.position,
        "unit": {"id": person.unit_id, "name": person.unit.name} if person.unit_id else None,
        "page": page_url(request, "person_detail", person.pk),
    }


@api.get("/people", response={200: schemas.PersonPage, **ERRORS}, tags=["units"])
def person_list(request: HttpRequest, query: Query[schemas.PersonQuery]):
    """Listed people with a public award, by id: their name, position and unit only."""
    people = listed_people()
    if query.q:
        people = people.matching(query.q)
    if query.unit is not None:
        people = people.filter(unit=query.unit)
    rows, next_url = keyset(request, people, PERSON_ORDER, query)
    return {"items": [person_out(request, person) for person in rows], "next": next_url}


@api.get("/people/{pk}", response={200: schemas.PersonOut, **ERRORS}, tags=["units"])
def person_detail(request: HttpRequest, pk: Path[schemas.Id]):
    # The same answer for someone unlisted as for no one: a 404 must not reveal a name.
    return person_out(request, one(listed_people(), _("No listed person has this id."), pk=pk))


# Pacts

PACT_ORDER = Order("pacts", ("year", "id"), (int, int), descending=True)


def decimal_text(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def pact_out(pact: Pact) -> dict:
    cluster = pact.cluster
    return {
        "id": pact.pk,
        "year": pact.year,
        "title": pact.title,
        "cluster": (
            {
                "id": cluster.pk,
                "name": cluster.name,
                "kind": choice(EmulationCluster.Kind, cluster.kind),
            }
            if cluster is not None
            else None
        ),
        "movement": {"id": pact.movement_id, "name": pact.movement.name}
        if pact.movement_id
        else None,
        "signed_on": pact.signed_on,
        "place": pact.place,
        "signatories": [
            {
                "unit": {"id": signatory.unit_id, "name": signatory.unit.name},
                "representative_name": signatory.representative_name,
                "representative_position": signatory.representative_position,
            }
            for signatory in pact.signatories.all()
        ],
        "targets": [
            {
                "position": target.position,
                "indicator": target.indicator,
                "comparison": choice(PactTarget.Comparison, target.comparison),
                "target_value": decimal_text(target.target_value),
                "unit_of_measure": target.unit_of_measure,
                "basis": target.basis,
                "actual_value": decimal_text(target.actual_value),
                "achieved": target.is_achieved,
            }
            for target in pact.targets.all()
        ],
    }


def pacts() -> QuerySet:
    signatories = PactSignatory.objects.select_related("unit").order_by("unit__name", "pk")
    return Pact.objects.select_related("cluster", "movement").prefetch_related(
        Prefetch("signatories", signatories), "targets"
    )


@api.get("/pacts", response={200: schemas.PactPage, **ERRORS}, tags=["pacts"])
def pact_list(request: HttpRequest, query: Query[schemas.PactQuery]):
    """Emulation pacts, the latest year first, with their signatories, targets and results."""
    rows = pacts()
    filters = {"year": query.year, "cluster": query.cluster, "movement": query.movement}
    rows = rows.filter(**{name: value for name, value in filters.items() if value is not None})
    found, next_url = keyset(request, rows, PACT_ORDER, query)
    return {"items": [pact_out(pact) for pact in found], "next": next_url}


@api.get("/pacts/{pk}", response={200: schemas.Pact, **ERRORS}, tags=["pacts"])
def pact_detail(request: HttpRequest, pk: Path[schemas.Id]):
    return pact_out(one(pacts(), _("No pact has this id."), pk=pk))
