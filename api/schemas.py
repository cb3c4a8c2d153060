"""What the open API returns and reads, as the OpenAPI schema (/api/v1/openapi.json) says.

The form is stable: codes never change meaning, fields are only ever added. A code comes
with its label in the site's three languages, a name with its three versions where the
registry keeps them (the catalogue's, an authority's); the names of places, units and people
are Vietnamese, as written.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from awards.models import FIRST_YEAR, LAST_YEAR, EmulationTitle, Level, RecipientKind
from units.models import Commune, Unit
from units.names import SEARCH_MAX_LENGTH

# The largest id a database row can have (a 64-bit signed integer): a larger one typed in a
# URL would overflow the query (SQLite raises, PostgreSQL refuses), not find nothing.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Words to look for: no NUL, which PostgreSQL refuses in any text.
Words = Annotated[str, Field(max_length=SEARCH_MAX_LENGTH, pattern=r"^[^\x00]*$")]
Slug = Annotated[str, Field(max_length=100)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
PAGE_LIMIT, MAX_LIMIT = 50, 200


class Names(Schema):
    vi: str
    en: str
    es: str


class Choice(Schema):
    """A code and what it means in each language."""

    code: str
    label: Names


class Link(Schema):
    id: int
    name: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


# Lists


class ListQuery(Schema):
    cursor: str | None = Field(
        None,
        max_length=500,
        description="Where the page starts: the `next` link of the page before carries it. "
        "Opaque; a cursor the API did not give is refused (400).",
    )
    limit: int = Field(PAGE_LIMIT, ge=1, le=MAX_LIMIT, description="Rows a page.")


class Page(Schema):
    next: str | None = Field(description="The next page's address; null on the last page.")


# Awards


class TitleRef(Schema):
    slug: str
    name: Names
    kind: Choice
    level: Choice


class DecisionRef(Schema):
    id: int
    number: str
    signed_on: datetime.date
    issuer: str


class Recipient(Schema):
    kind: Choice = Field(description="collectives, individuals or households.")
    type: Literal["unit", "commune", "person", "household"]
    id: int
    name: str = Field(description="As written on the decision.")
    position: str
    unit_name: str = Field(description="An individual's unit, as written on the decision.")


class Award(Schema):
    id: int
    year: int = Field(description="The emulation year the award is for.")
    title: TitleRef
    recipient: Recipient
    commune: Link | None = Field(description="Where the recipient is.")
    method: Choice
    movement: Link | None
    citation: str
    decision: DecisionRef


class AwardPage(Page):
    items: list[Award]


class AwardQuery(ListQuery):
    year: Year | None = None
    title: Slug | None = Field(None, description="A title's or form's slug.")
    level: Literal[tuple(Level.values)] | None = None
    kind: Literal[tuple(RecipientKind.values)] | None = Field(
        None, description="The kind of recipient."
    )
    unit_kind: Literal[tuple(Unit.Kind.values)] | None = Field(
        None, description="Awards to units of this kind, and to their people."
    )
    q: Words | None = Field(None, description="Words of the recipient's name, without accents.")
    commune_name: Words | None = Field(None, description="Words of the recipient's commune.")
    commune: Id | None = Field(None, description="The recipient's commune, by id.")
    unit: Id | None = Field(None, description="Awards to this unit.")
    person: Id | None = Field(None, description="Awards to this person.")
    household: Id | None = Field(None, description="Awards to this household.")
    decision: Id | None = Field(None, description="Awards conferred by this decision.")
    movement: Id | None = Field(None, description="Awards of this emulation movement.")


# Decisions


class Authority(Schema):
    code: str
    name: Names
    level: Choice


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: datetime.date
    issuer: str
    issuer_level: Choice
    authority: Authority | None
    signer_name: str
    signer_position: str
    subject: str
    published_at: datetime.datetime | None
    page: str = Field(description="The decision's public page.")
    awards: str = Field(description="Its annex: the decision's public awards, a page at a time.")


class DecisionPage(Page):
    items: list[DecisionOut]


class DecisionQuery(ListQuery):
    year: Year | None = Field(None, description="Signed in this year.")
    issuer_level: Literal[tuple(Level.values)] | None = None
    q: Words | None = Field(None, description="Words of the number or the subject.")


# The catalogue


class Title(Schema):
    slug: str
    name: Names
    kind: Choice
    level: Choice
    emulation_title: bool = Field(description="An emulation title, not a form of commendation.")
    recipients: list[Choice] = Field(description="The kinds of recipient it is given to.")
    issuing_authority: str
    rank: int = Field(description="Order on the honour roll, the highest distinction first.")
    legal_basis: str
    criteria: Names
    armed_forces: bool
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    successor: str | None = Field(description="The slug of the entry that replaced it.")
    active: bool = Field(description="Offered for new awards (older awards keep the others).")


class TitlePage(Page):
    items: list[Title]


class TitleQuery(ListQuery):
    kind: Literal[tuple(EmulationTitle.Kind.values)] | None = None
    level: Literal[tuple(Level.values)] | None = None
    recipient: Literal[tuple(RecipientKind.values)] | None = Field(
        None, description="Given to this kind of recipient."
    )


# Places, units, people


class CommuneOut(Schema):
    id: int
    name: str
    full_name: str
    kind: Choice
    code: str
    district: str
    province: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    successor: int | None = Field(description="The commune it became part of, or its new name.")
    page: str


class CommunePage(Page):
    items: list[CommuneOut]


class CommuneQuery(ListQuery):
    q: Words | None = Field(None, description="Words of the name, without accents.")
    kind: Literal[tuple(Commune.Kind.values)] | None = None
    province: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")] | None = None
    current: bool | None = Field(None, description="Only those that exist now (or only not).")


class UnitOut(Schema):
    id: int
    name: str
    kind: Choice
    parent: int | None
    commune: Link | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    successor: int | None
    page: str


class UnitPage(Page):
    items: list[UnitOut]


class UnitQuery(ListQuery):
    q: Words | None = Field(None, description="Words of the name, without accents.")
    kind: Literal[tuple(Unit.Kind.values)] | None = None
    commune: Id | None = None
    parent: Id | None = None
    current: bool | None = None


class PersonOut(Schema):
    id: int
    full_name: str
    position: str
    unit: Link | None
    page: str


class PersonPage(Page):
    items: list[PersonOut]


class PersonQuery(ListQuery):
    q: Words | None = Field(None, description="Words of the name, without accents.")
    unit: Id | None = None


# Pacts


class Cluster(Schema):
    id: int
    name: str
    kind: Choice


class Signatory(Schema):
    unit: Link
    representative_name: str
    representative_position: str


class Target(Schema):
    position: int
    indicator: str
    comparison: Choice
    target_value: str = Field(description="An exact decimal, as text: 95.5.")
    unit_of_measure: str
    basis: str
    actual_value: str | None = Field(description="Null while not measured.")
    achieved: bool | None


class Pact(Schema):
    id: int
    year: int
    title: str
    cluster: Cluster | None
    movement: Link | None
    signed_on: datetime.date | None
    place: str
    signatories: list[Signatory]
    targets: list[Target]


class PactPage(Page):
    items: list[Pact]


class PactQuery(ListQuery):
    year: Year | None = None
    cluster: Id | None = None
    movement: Id | None = None
