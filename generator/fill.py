"""A national registry invented at the size asked, for benchmarks: `manage.py generate_data`.

Thirty years of awards (1996–2025) under every entry of the catalogue that was in force when
each year's decisions were signed, to whom it may go (collectives, individuals, households);
some awards revoked by later decisions, as `awards.workflow.revoke_award` records them; and
the 1 July 2025 reorganisation: a quarter of today's communes were made that day from two or
three older ones, which ended the day before and name them as successor, with the old communes'
authorities merged into the new commune's (their people moved there), as
`units.reorganisation.merge_communes` and `merge_units` leave them. Awards keep what their
decisions wrote: the old commune and unit before the merger, the new ones after.

Rows are written with COPY on PostgreSQL (a million awards in minutes) and with bulk_create
elsewhere (SQLite, at small sizes), in one transaction: a failed fill leaves the database as it
was. The same seed makes the same registry. What it made is noted in `GeneratedRegistry`, and
it refuses to empty a database holding records it did not make, unless forced.
"""

import datetime
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import NOT_PROVIDED, Max, Model

from generator.vocabulary import (
    COMMUNE_KINDS,
    DISTRICT_PREFIX,
    FARMER_POSITIONS,
    GIVEN_NAMES,
    LOWER_KIND,
    MIDDLE_NAMES,
    NAMESAKES,
    PLACE_FIRST,
    PLACE_SECOND,
    PROVINCES,
    REVOCATION_REASONS,
    SURNAMES,
    UNIT_KINDS,
)

FIRST_YEAR, LAST_YEAR = 1996, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
MERGER_DAY = datetime.date(2025, 7, 1)  # the first day of the communes made by the merger
ISSUER = "Ủy ban nhân dân tỉnh Bench"
DEFAULT_SEED = 20241231
SHARE_PEOPLE, SHARE_UNITS = 0.6, 0.3  # of a year's awards; the rest goes to households
UNLISTED_SHARE = 0.01
PEOPLE_WITH_A_UNIT = 0.75
MERGED_SHARE = 0.25  # of today's communes, made on MERGER_DAY from older ones
REVOKED_SHARE, MIN_REVOKED = 0.002, 10
# Awards for a year are decided early the next year: from 5 January, over 85 days.
SIGNING_START, SIGNING_DAYS = (1, 5), 85
CHUNK = 10_000  # rows a progress report, and a bulk_create
Progress = Callable[[str, int, int | None], None]


class GenerationError(Exception):
    """What stops a fill, said for the operator (the command makes it a CommandError)."""


@dataclass(frozen=True)
class Size:
    awards: int
    communes: int  # in force today; the merger's predecessors come on top
    units: int
    people: int
    households: int
    decisions: int

    @classmethod
    def for_awards(cls, awards: int, decisions: int | None = None) -> "Size":
        """People and units in proportion to the awards, as a million awards has them (3,000
        communes, 30,000 units, 200,000 people, 30,000 households, 40,000 decisions), with
        floors that keep a small registry's years fillable."""
        return cls(
            awards=awards,
            communes=max(40, round(awards * 0.003)),
            units=max(60, round(awards * 0.03)),
            people=max(300, round(awards * 0.2)),
            households=max(60, round(awards * 0.03)),
            decisions=decisions or max(len(YEARS), round(awards * 0.04)),
        )


def filled_models() -> list[type[Model]]:
    """The tables a fill empties and writes, a table's targets before it."""
    from awards.models import AwardTally, Commendation, Decision
    from units.models import Commune, Household, Person, Unit

    return [Commune, Unit, Person, Household, Decision, Commendation, AwardTally]


def checked_models() -> list[type[Model]]:
    """The registry's records whose origin is checked before they are emptied (the tallies
    are derived from the awards)."""
    return filled_models()[:-1]


def weighted(rng: random.Random, weights: dict, k: int) -> list:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


@dataclass
class NameMaker:
    """Vietnamese full names with their folded forms, without calling fold() per name."""

    rng: random.Random
    fold: Callable[[str], str]
    folded: dict[str, str] = field(default_factory=dict)

    def part(self, word: str) -> str:
        if word not in self.folded:
            self.folded[word] = self.fold(word)
        return self.folded[word]

    def make(self, gender: str) -> tuple[str, str]:
        surname = weighted(self.rng, SURNAMES, 1)[0]
        middle = weighted(self.rng, MIDDLE_NAMES[gender], 1)[0]
        given = self.rng.choice(GIVEN_NAMES[gender])
        name = f"{surname} {middle} {given}"
        return name, f"{self.part(surname)} {self.part(middle)} {self.part(given)}"


@dataclass
class Recipient:
    """What an award's own columns copy from its recipient (COPY runs no save()): as
    decisions before the merger wrote them, and as those after write them."""

    id: int
    name: str
    folded: str
    position: str
    unit_name: str
    locality_id: int | None
    unit_name_now: str = ""
    locality_now: int | None = None
    listed: bool = True
    before: bool = True  # existed before MERGER_DAY
    now: bool = True  # exists from MERGER_DAY


@dataclass
class Place:
    id: int
    kind: str
    name: str
    successor_id: int | None = None  # the commune made by the merger, for a predecessor


# --- Writing ---------------------------------------------------------------------------------


def column_defaults(model: type[Model], columns: list[str]) -> dict[str, object]:
    """The model's other NOT NULL columns, with the values its defaults give them.

    COPY knows nothing of Django's defaults: without these, each column added to a model after
    the fill was written would stop it with a NotNullViolation.
    """
    table = model._meta.db_table
    fields = {field.column: field for field in model._meta.concrete_fields}
    if unknown := [column for column in columns if column not in fields]:
        raise GenerationError(f"{table} has no column {', '.join(unknown)}: update the generator")
    defaults = {}
    for column, field_ in fields.items():
        if column in columns or field_.null or field_.db_default is not NOT_PROVIDED:
            continue  # filled, NULL, or the database's own default
        value = field_.get_default()  # "" for text without a default, None for the rest
        if value is None:
            raise GenerationError(
                f"{table}.{column} is NOT NULL and its model field has no default: "
                "give it a value in the generator"
            )
        defaults[column] = field_.get_db_prep_save(value, connection)
    return defaults


def write_rows(
    model: type[Model], columns: list[str], rows: Iterable[tuple], progress: Progress, total: int
) -> int:
    """Write rows of `columns` (explicit ids) into the model's table: COPY on PostgreSQL,
    bulk_create elsewhere."""
    label = model._meta.verbose_name_plural
    count = 0
    progress(label, count, total)
    if connection.vendor == "postgresql":
        from psycopg import sql

        table = model._meta.db_table
        defaults = column_defaults(model, columns)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, [*columns, *defaults]))
        )
        rest = tuple(defaults.values())
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # psycopg's own: Django's wrapper has no copy()
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row((*row, *rest))
                    count += 1
                    if count % CHUNK == 0:
                        progress(label, count, total)
            # Explicit ids leave the identity sequence behind; later inserts need it.
            cursor.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), {})").format(
                    sql.Literal(table), sql.Literal(max(count, 1))
                )
            )
    else:
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) == CHUNK:
                model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
                progress(label, count, total)
        model.objects.bulk_create(batch)
        count += len(batch)
    progress(label, count, total)
    return count


def empty_tables() -> None:
    """Empty what a fill writes, what refers to it, their history and the generator's note."""
    from generator.models import GeneratedRegistry

    models = [*filled_models(), GeneratedRegistry]
    models += [model.history.model for model in models if hasattr(model, "history")]
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            # Checks still pending from earlier writes of the transaction (a second fill in one
            # transaction, as tests do) would refuse the TRUNCATE: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    # As TRUNCATE … CASCADE: the tables that refer to those, and those that refer to them.
    from django.apps import apps

    chosen = set(models)
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model not in chosen and any(
                field.is_relation
                and field.related_model in chosen
                and getattr(field, "db_constraint", False)
                for field in model._meta.concrete_fields
            ):
                chosen.add(model)
                grew = True
    # SQLite's foreign keys are deferred (Django makes them so): any order, one transaction.
    for model in chosen:
        model._base_manager.all()._raw_delete(connection.alias)


# --- Checking --------------------------------------------------------------------------------


def foreign_records() -> dict[str, int]:
    """The records of each checked table that the last fill did not make: by table, how many."""
    from generator.models import GeneratedRegistry

    note = GeneratedRegistry.objects.first()
    made = note.rows if note else {}
    found = {}
    for model in checked_models():
        label = model._meta.label_lower
        records = model._base_manager.all()
        if label in made:
            records = records.filter(pk__gt=made[label][1])
        if count := records.count():
            found[str(model._meta.verbose_name_plural)] = count
    return found


def check_vocabulary(fold: Callable[[str], str]) -> None:
    """The lists of the vocabulary copy the models' choices; a renamed choice must stop the
    fill, not slip into the database past the ORM's validation."""
    from units.models import Commune, Person, Unit

    positions = [position for spec in UNIT_KINDS.values() for position in spec[2]]
    categories = {category for _, category, _ in positions + FARMER_POSITIONS}
    for ours, theirs in [
        (set(COMMUNE_KINDS), set(Commune.Kind.values)),
        (set(UNIT_KINDS), set(Unit.Kind.values)),
        (categories, set(Person.Category.values)),
    ]:
        if not ours <= theirs:
            raise GenerationError(f"unknown choices {sorted(ours - theirs)}: update the generator")
    # NameMaker folds words one at a time; that must equal folding the whole name.
    names = NameMaker(random.Random(1), fold)
    for name, folded in (names.make(gender) for gender in ("male", "female") * 50):
        if fold(name) != folded:
            raise GenerationError(f"fold({name!r}) is not {folded!r}: update NameMaker")


# --- Making ----------------------------------------------------------------------------------


def signing_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day the decisions of the year's awards are signed."""
    first = datetime.date(year + 1, *SIGNING_START)
    return first, first + datetime.timedelta(days=SIGNING_DAYS - 1)


def after_merger(year: int) -> bool:
    """Whether the year's decisions were signed after the reorganisation."""
    return signing_window(year)[0] >= MERGER_DAY


def make_communes(
    rng: random.Random, fold: Callable[[str], str], size: Size, progress: Progress
) -> tuple[list[Place], list[Place]]:
    """Returns today's communes and those that existed before the merger (the communes it did
    not touch, and the predecessors of those it made)."""
    from units.models import Commune

    combinations = [f"{first} {second}" for first in PLACE_FIRST for second in PLACE_SECOND]
    per_province = math.ceil(size.communes / len(PROVINCES))
    today, spare = [], {}
    for province in PROVINCES:
        # Names repeat across provinces, as they do in Vietnam, but not within one (nor
        # between a province's old communes and its new ones).
        names = rng.sample(combinations, per_province * 4)  # up to 3 predecessors each
        today += [(province, name) for name in names[:per_province]]
        spare[province] = names[per_province:]
    today = today[: size.communes]
    rows, current, before, predecessors = [], [], [], []
    for pk, (province, name) in enumerate(today, start=1):
        kind = weighted(rng, COMMUNE_KINDS, 1)[0]
        place = Place(pk, kind, name)
        current.append(place)
        made_by_merger = rng.random() < MERGED_SHARE
        valid_from = MERGER_DAY if made_by_merger else None
        rows.append((pk, name, fold(name), kind, f"{pk:05d}", "", province, valid_from, None, None))
        if not made_by_merger:
            before.append(place)
            continue
        for _ in range(rng.choice((2, 2, 3))):
            predecessors.append((province, spare[province].pop(), pk))
    last_day = MERGER_DAY - datetime.timedelta(days=1)
    for pk, (province, name, successor) in enumerate(predecessors, start=len(rows) + 1):
        kind = rng.choice(("commune", "commune", "commune", "township"))
        district = f"{DISTRICT_PREFIX} {rng.choice(PLACE_FIRST)} {rng.choice(PLACE_SECOND)}"
        before.append(Place(pk, kind, name, successor))
        rows.append(
            (pk, name, fold(name), kind, f"{pk:05d}", district, province, None, last_day,
             successor)
        )  # fmt: skip
    columns = [
        "id", "name", "name_folded", "kind", "code", "district", "province", "valid_from",
        "valid_until", "successor_id",
    ]  # fmt: skip
    write_rows(Commune, columns, rows, progress, len(rows))
    return current, before


def make_units(
    rng: random.Random,
    fold: Callable[[str], str],
    current: list[Place],
    before: list[Place],
    size: Size,
    progress: Progress,
) -> tuple[list[Recipient], list[str], dict[int, Recipient]]:
    """Returns the units, each unit's kind by id - 1, and each unit the merger ended's
    successor by its id."""
    from units.models import Unit

    def named(pattern: str, kind: str, name: str) -> str:
        return pattern.format(
            place=f"{LOWER_KIND[kind]} {name}",
            short=name,
            namesake=rng.choice(NAMESAKES),
            number=rng.randint(1, 15),
        )

    kinds = weighted(rng, {kind: spec[0] for kind, spec in UNIT_KINDS.items()}, size.units)
    units, rows = [], []
    for pk, kind in enumerate(kinds, start=1):
        commune = before[rng.randrange(len(before))]
        name = named(rng.choice(UNIT_KINDS[kind][1]), commune.kind, commune.name)
        now = commune.successor_id or commune.id
        units.append(Recipient(pk, name, fold(name), "", "", commune.id, name, now))
    # Every commune the merger ended had its authority, and each it made has a new one: the old
    # authorities end the day before and name it as successor (merge_units), and every unit of
    # an old commune moves to the new commune (merge_communes).
    for commune in before:
        if commune.successor_id:
            name = f"Ủy ban nhân dân {LOWER_KIND[commune.kind]} {commune.name}"
            pk = len(units) + 1
            units.append(
                Recipient(pk, name, fold(name), "", "", commune.id, name, commune.successor_id)
            )
            kinds.append("commune_authority")
    authorities = {}
    made_by_merger = {place.successor_id for place in before}
    for place in current:
        if place.id in made_by_merger:
            pk = len(units) + 1
            name = f"Ủy ban nhân dân {LOWER_KIND[place.kind]} {place.name}"
            authorities[place.id] = Recipient(
                pk, name, fold(name), "", "", None, name, place.id, before=False
            )
            units.append(authorities[place.id])
            kinds.append("commune_authority")
    successors = {}
    communes = {place.id: place for place in before}
    last_day = MERGER_DAY - datetime.timedelta(days=1)
    for unit, kind in zip(units, kinds, strict=True):
        commune = communes.get(unit.locality_id)
        ended = kind == "commune_authority" and commune is not None and commune.successor_id
        if ended:
            unit.now = False
            successor = successors[unit.id] = authorities[commune.successor_id]
            unit.unit_name_now = successor.name
        rows.append(
            (unit.id, unit.name, unit.folded, kind, unit.locality_now,
             MERGER_DAY if not unit.before else None, last_day if ended else None,
             successors[unit.id].id if ended else None)
        )  # fmt: skip
    columns = [
        "id", "name", "name_folded", "kind", "commune_id", "valid_from", "valid_until",
        "successor_id",
    ]  # fmt: skip
    write_rows(Unit, columns, rows, progress, len(rows))
    return units, kinds, successors


def make_people(
    rng: random.Random,
    names: NameMaker,
    before: list[Place],
    units: list[Recipient],
    unit_kinds: list[str],
    successors: dict[int, Recipient],
    size: Size,
    progress: Progress,
) -> list[Recipient]:
    from units.models import Person

    older_units = [unit for unit in units if unit.before]

    def rows() -> Iterator[tuple]:
        for pk in range(1, size.people + 1):
            gender = rng.choice(("male", "female"))
            name, folded = names.make(gender)
            if rng.random() < PEOPLE_WITH_A_UNIT:
                unit = older_units[rng.randrange(len(older_units))]
                positions = UNIT_KINDS[unit_kinds[unit.id - 1]][2]
                # A merged unit's people moved to its successor (merge_units).
                unit_now = successors.get(unit.id, unit)
                unit_id, unit_name, commune_id = unit_now.id, unit.name, unit.locality_id
                unit_name_now, commune_now = unit_now.name, unit_now.locality_now
            else:
                positions = FARMER_POSITIONS
                commune = before[rng.randrange(len(before))]
                unit_id, unit_name, unit_name_now = None, "", ""
                commune_id, commune_now = commune.id, commune.successor_id or commune.id
            position, category, _ = rng.choices(positions, weights=[p[2] for p in positions])[0]
            listed = rng.random() >= UNLISTED_SHARE
            birth_date = datetime.date(1955, 1, 1) + datetime.timedelta(days=rng.randrange(16_000))
            people.append(
                Recipient(pk, name, folded, position, unit_name, commune_id, unit_name_now,
                          commune_now, listed)
            )  # fmt: skip
            yield (
                pk, name, folded, gender, position, unit_id, commune_now, category, listed,
                birth_date,
            )  # fmt: skip

    people: list[Recipient] = []
    columns = [
        "id", "full_name", "name_folded", "gender", "position", "unit_id", "commune_id",
        "category", "listed", "birth_date",
    ]  # fmt: skip
    write_rows(Person, columns, rows(), progress, size.people)
    return people


def make_households(
    rng: random.Random, names: NameMaker, before: list[Place], size: Size, progress: Progress
) -> list[Recipient]:
    from units.models import Household

    households = []
    for pk in range(1, size.households + 1):
        name, folded = names.make(rng.choice(("male", "male", "female")))
        commune = before[rng.randrange(len(before))]
        group = "Tổ dân phố" if commune.kind == "ward" else "Thôn"
        village = f"{group} {rng.randint(1, 15)}"
        now = commune.successor_id or commune.id
        households.append(Recipient(pk, name, folded, "", village, commune.id, village, now))
    rows = (
        (household.id, household.name, household.folded, household.unit_name,
         household.locality_now)
        for household in households
    )  # fmt: skip
    columns = ["id", "head_name", "name_folded", "village", "commune_id"]
    write_rows(Household, columns, rows, progress, size.households)
    return households


def make_decisions(
    rng: random.Random, names: NameMaker, size: Size, progress: Progress
) -> tuple[dict[int, list[int]], dict[int, tuple[int, datetime.date]]]:
    """Returns the decisions' ids by the year their awards are for, and a revoking decision
    (id, signing date) by the year it was signed."""
    from awards.models import Decision

    by_year: dict[int, list[int]] = {year: [] for year in YEARS}
    revoking = {}
    signers = [names.make(rng.choice(("male", "female")))[0] for _ in range(12)]
    rows = []

    def row(pk: int, signed_on: datetime.date, subject: str) -> tuple:
        published_at = datetime.datetime.combine(
            signed_on + datetime.timedelta(days=3), datetime.time(9), tzinfo=datetime.UTC
        )
        number = f"{pk}/QĐ-UBND"
        return (
            pk, number, signed_on, ISSUER, "province", signers[signed_on.year % len(signers)],
            "Chủ tịch", subject, "published", published_at, names.fold(f"{number} {subject}"),
        )  # fmt: skip

    for pk in range(1, size.decisions + 1):
        year = YEARS[(pk - 1) % len(YEARS)]
        by_year[year].append(pk)
        first, _last = signing_window(year)
        signed_on = first + datetime.timedelta(days=rng.randrange(SIGNING_DAYS))
        subject = f"Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm {year}"
        rows.append(row(pk, signed_on, subject))
    # One revoking decision a year, from the year after the first awards' decisions, signed
    # from mid-June: after every decision of the awards it may revoke.
    for pk, year in enumerate(range(FIRST_YEAR + 1, LAST_YEAR + 2), start=size.decisions + 1):
        signed_on = datetime.date(year, 6, 15) + datetime.timedelta(days=rng.randrange(90))
        revoking[year] = (pk, signed_on)
        rows.append(row(pk, signed_on, "Về việc thu hồi danh hiệu thi đua, hình thức khen thưởng"))
    columns = [
        "id", "number", "signed_on", "issuer_name", "issuer_level", "signer_name",
        "signer_position", "subject", "status", "published_at", "search_folded",
    ]  # fmt: skip
    write_rows(Decision, columns, rows, progress, len(rows))
    return by_year, revoking


AWARD_COLUMNS = [
    "id", "year", "recipient_name", "recipient_name_folded", "recipient_position",
    "recipient_unit_name", "method", "citation", "unit_id", "person_id", "household_id",
    "locality_id", "decision_id", "title_id", "title_rank", "is_public", "revoked_on",
    "revocation_reason", "revoking_decision_id",
]  # fmt: skip
KIND_OF_FIELD = {"person": "individuals", "unit": "collectives", "household": "households"}


def titles_by_year(titles: list) -> dict[int, dict[str, list]]:
    """The titles each year's decisions may confer, by recipient field: in force on every day
    the year's decisions are signed (the law's check reads the signing date), and for that
    kind of recipient."""
    found = {}
    for year in YEARS:
        first, last = signing_window(year)
        found[year] = {
            field_name: [
                title
                for title in titles
                if getattr(title, f"for_{kind}")
                and title.in_force_on(first)
                and title.in_force_on(last)
            ]
            for field_name, kind in KIND_OF_FIELD.items()
        }
    return found


def award_rows(
    rng: random.Random,
    size: Size,
    titles: list,
    recipients: dict[str, list[Recipient]],
    decisions: dict[int, list[int]],
    revoking: dict[int, tuple[int, datetime.date]],
) -> Iterator[tuple]:
    valid = titles_by_year(titles)
    # Every title of the catalogue once at least, in one of the years it could be conferred
    # (spread over them), whatever the size; the rest by weight.
    guaranteed: dict[int, list[tuple[str, object]]] = {year: [] for year in YEARS}
    for index, title in enumerate(titles):
        years = [year for year in YEARS if any(title in found for found in valid[year].values())]
        if years:
            year = years[(index * 7) % len(years)]
            fields = [name for name, found in valid[year].items() if title in found]
            guaranteed[year].append((rng.choice(fields), title))
    eras = {
        era: {
            name: [r for r in population if (r.now if era else r.before)]
            for name, population in recipients.items()
        }
        for era in (False, True)
    }
    revocations = min(size.awards, max(MIN_REVOKED, round(size.awards * REVOKED_SHARE)))
    pk = 0
    for index, year in enumerate(YEARS):
        in_year = size.awards // len(YEARS) + (index < size.awards % len(YEARS))
        people, units = round(in_year * SHARE_PEOPLE), round(in_year * SHARE_UNITS)
        wanted = {"person": people, "unit": units, "household": in_year - people - units}
        needed = Counter(name for name, _title in guaranteed[year])
        for name, count in needed.items():
            while wanted[name] < count:  # a tiny year: the guaranteed titles come first
                donor = max(wanted, key=lambda other: wanted[other] - needed[other])
                if wanted[donor] - needed[donor] <= 0:
                    raise GenerationError(f"too few awards for every title: {size.awards:,}")
                wanted[donor] -= 1
                wanted[name] += 1
        now = after_merger(year)
        rows = []
        for field_name, count in wanted.items():
            population = eras[now][field_name]
            if count > len(population):
                raise GenerationError(
                    f"too many awards: {count:,} {field_name}s in {year}, {len(population):,} exist"
                )
            # Sampling without replacement: one award per recipient and year at most, so the
            # unique constraints (title, year, recipient) hold whatever the titles.
            chosen = rng.sample(population, count)
            mine = [title for name, title in guaranteed[year] if name == field_name]
            catalogue = valid[year][field_name]
            # Common forms (high rank numbers: certificates, Advanced Worker) far outnumber
            # state orders, as on real rolls.
            weights = [title.rank**3 for title in catalogue]
            picks = mine + rng.choices(catalogue, weights=weights, k=count - len(mine))
            year_decisions = decisions[year]
            for recipient, title in zip(chosen, picks, strict=True):
                rows.append(
                    [
                        0, year, recipient.name, recipient.folded, recipient.position,
                        recipient.unit_name_now if now else recipient.unit_name, "regular", "",
                        recipient.id if field_name == "unit" else None,
                        recipient.id if field_name == "person" else None,
                        recipient.id if field_name == "household" else None,
                        recipient.locality_now if now else recipient.locality_id,
                        rng.choice(year_decisions), title.id, title.rank, recipient.listed,
                        None, "", None,
                    ]
                )  # fmt: skip
        rng.shuffle(rows)  # the years' kinds mixed in id order, as entered decision by decision
        # Revoked as revoke_award() leaves them: the date and decision that took them back (a
        # later year's), the reason, and off the public roll.
        revoked = revocations // len(YEARS) + (index < revocations % len(YEARS))
        for row in rng.sample(rows, min(revoked, len(rows))):
            revoking_id, revoked_on = revoking[rng.randint(year + 1, LAST_YEAR + 1)]
            row[-4:] = [False, revoked_on, rng.choice(REVOCATION_REASONS), revoking_id]
        for row in rows:
            pk += 1
            row[0] = pk
            yield tuple(row)


def generate(size: Size, seed: int, force: bool, progress: Progress) -> dict[str, int]:
    """Empty the registry's tables and fill them; returns the rows written by table.

    Refuses (GenerationError) a database holding records the generator did not make, unless
    `force`.
    """
    from awards.models import Commendation, EmulationTitle
    from awards.rolls import everything_changed, recount_tallies
    from generator.models import GeneratedRegistry
    from units.names import fold

    if size.awards < len(YEARS):
        raise GenerationError(f"at least {len(YEARS)} awards: one a year")
    check_vocabulary(fold)
    if not force and (found := foreign_records()):
        listed = ", ".join(f"{count:,} {label}" for label, count in found.items())
        raise GenerationError(
            f"The database holds records that generate_data did not make ({listed}); it would "
            "delete them. Use an empty database, or --force to replace them."
        )
    titles = list(EmulationTitle.objects.order_by("pk"))
    if not titles:
        raise GenerationError("the catalogue is empty: run migrate first")
    rng = random.Random(seed)
    names = NameMaker(rng, fold)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        progress("emptying the registry's tables", 0, None)
        empty_tables()
        current, before = make_communes(rng, fold, size, progress)
        units, unit_kinds, successors = make_units(rng, fold, current, before, size, progress)
        people = make_people(rng, names, before, units, unit_kinds, successors, size, progress)
        households = make_households(rng, names, before, size, progress)
        decisions, revoking = make_decisions(rng, names, size, progress)
        recipients = {"person": people, "unit": units, "household": households}
        rows = award_rows(rng, size, titles, recipients, decisions, revoking)
        write_rows(Commendation, AWARD_COLUMNS, rows, progress, size.awards)
        progress("counting the tallies", 0, None)
        recount_tallies(set(YEARS))
        made = {}
        for model in filled_models():
            found = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
            made[model._meta.label_lower] = [model._base_manager.count(), found]
        GeneratedRegistry.objects.create(seed=seed, awards=size.awards, rows=made)
        everything_changed()  # a running site's cached pages are of the registry before
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM as well as ANALYZE: a bulk load leaves the visibility map empty, so index-only
        # scans would visit the heap until autovacuum passes; a live table has been vacuumed.
        progress("VACUUM ANALYZE", 0, None)
        tables = ", ".join(
            connection.ops.quote_name(model._meta.db_table) for model in filled_models()
        )
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {tables}")
    return {label: count for label, (count, _top) in made.items()}
