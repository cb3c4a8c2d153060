"""Matching an annex's rows to the registry, in a fixed number of queries whatever their number."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from awards.eligibility import Candidate, shortfalls
from awards.exports import looks_like_formula
from awards.imports.values import (
    CHUNK,
    COMMUNE_PREFIXES,
    FIELDS,
    UNIT_KIND_PREFIXES,
    _check_values,
    _commune_key,
    _narrow,
    _titles,
    fold,
)
from awards.models import (
    AnnexImport,
    Commendation,
    EmulationTitle,
)
from units.models import Commune, Household, Person, StaffScope, Unit


@dataclass
class Row:
    index: int
    line: int
    values: dict[str, str]
    skipped: bool = False
    kind: str = ""
    title: EmulationTitle | None = None
    year: int | None = None
    amount: int | None = None
    name_key: str = ""  # the name, folded
    communes: list[Commune] = field(default_factory=list)  # that name, in the award's year
    commune: Commune | None = None  # when that name is one commune
    unit: Unit | None = None  # an individual's unit, when the registry knows it
    recipient: Unit | Commune | Person | Household | None = None
    recipient_field: str = ""
    # An individual's unit's commune and parent unit (for scopes and the award's locality).
    unit_commune_id: int | None = None
    unit_parent_id: int | None = None
    errors: list[str] = field(default_factory=list)
    shortfalls: list[dict] = field(default_factory=list)
    # The row named no commune (or unit) and was looked for within the user's scope.
    placed_by_scope: bool = False

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.errors:
            return "error"
        return "matched" if self.recipient is not None and self.recipient.pk else "new"

    @property
    def recipient_label(self) -> str:
        """What kind of record the row is matched to, or will add: unit, person…"""
        return self.recipient._meta.verbose_name if self.recipient is not None else ""

    @property
    def new_key(self) -> tuple:
        """Rows naming the same new recipient make one record, not one per row."""
        return (
            self.recipient_field,
            self.name_key,
            self.commune.pk if self.commune else None,
            self.unit.pk if self.unit else None,
        )


@dataclass
class Report:
    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("matched", "new", "error", "skipped"), 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows if not row.skipped)


def row_values(imp: AnnexImport, index: int) -> dict[str, str]:
    """The row's values by field: its cells under the mapping, then the staff's corrections."""
    _line, section, cells = imp.rows[index]
    values = {
        name: cells[imp.mapping[name]]
        if imp.mapping.get(name) is not None and imp.mapping[name] < len(cells)
        else ""
        for name in FIELDS
    }
    values["section"] = section
    values.update(imp.corrections.get(str(index), {}))
    return values


def check(imp: AnnexImport, scope: StaffScope | None = None) -> Report:
    """Every row matched to the registry, with its errors in plain words.

    A few queries per thousand rows, whatever the registry's size: each kind of record is
    looked up by the folded names the file uses, people only among those of the row's unit or
    commune when it gives one (a national registry has thousands of Nguyễn Văn Hùng).
    """
    decision = imp.decision
    rows = []
    for index, (line, _section, _cells) in enumerate(imp.rows):
        values = row_values(imp, index)
        rows.append(Row(index=index, line=line, values=values, skipped=bool(values.get("skip"))))
    live = [row for row in rows if not row.skipped]
    titles = _titles()
    communes = _by_folded_name(Commune, {_commune_key(r.values["commune"]) for r in live})
    for row in live:
        row.name_key = fold(row.values["name"])
        for name in FIELDS:
            if looks_like_formula(row.values[name]):
                row.errors.append(
                    _("The %(column)s cell holds a formula (%(formula)s); paste its value.")
                    % {"column": FIELDS[name], "formula": row.values[name][:40]}
                )
        if not row.errors:
            _check_values(row, decision, imp.default_year, titles, communes, scope)

    kinds = defaultdict(list)
    for row in live:
        if not row.errors:
            kinds[row.kind].append(row)
    collectives = kinds[Commendation.RecipientKind.COLLECTIVES]
    individuals = kinds[Commendation.RecipientKind.INDIVIDUALS]
    households = kinds[Commendation.RecipientKind.HOUSEHOLDS]
    named_communes = _by_folded_name(
        Commune,
        {_commune_key(r.name_key) for r in collectives if r.name_key.startswith(COMMUNE_PREFIXES)},
    )
    units = _by_folded_name(
        Unit,
        {r.name_key for r in collectives} | {fold(r.values["unit"]) for r in individuals},
        "commune",
    )
    for row in collectives:
        _match_collective(row, units, named_communes)
    for row in individuals:
        _find_unit(row, units, scope)
    people = _people([row for row in individuals if not row.errors])
    for row in individuals:
        if not row.errors:
            _match_person(row, people)
    homes = _by_folded_name(Household, {r.name_key for r in households})
    for row in households:
        _match_household(row, homes)

    if scope is not None:
        _refuse_namesakes_outside(
            [row for row in live if row.placed_by_scope and row.status == "new"], units, scope
        )
        for row in live:
            if row.recipient is not None and not row.errors and not _in_scope(row, scope):
                row.errors.append(
                    _("This recipient is outside the records you may edit (%(scope)s).")
                    % {"scope": scope}
                )
    _check_duplicates([row for row in live if not row.errors])
    valid = [row for row in live if not row.errors]
    found = shortfalls(
        [
            Candidate(
                title_id=row.title.pk,
                year=row.year,
                recipient_field=row.recipient_field,
                recipient_id=row.recipient.pk,
            )
            for row in valid
        ]
    )
    for row, missing in zip(valid, found, strict=True):
        row.shortfalls = missing
    return Report(rows=rows)


def _by_folded_name(model, names: set[str], *related: str) -> dict[str, list]:
    """Records by folded name, current ones first: one query per thousand names."""
    names.discard("")
    found = defaultdict(list)
    names = sorted(names)
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        queryset = model.objects.filter(name_folded__in=chunk).order_by("pk")
        if related:
            queryset = queryset.select_related(*related)
        for record in queryset:
            found[record.name_folded].append(record)
    return found


def _ambiguous_commune(row: Row) -> str:
    return _("Several communes are named “%(name)s”; add the unit or write it in full.") % {
        "name": row.values["commune"]
    }


def _match_collective(row: Row, units: dict, named_communes: dict) -> None:
    values = row.values
    found = (
        named_communes.get(_commune_key(row.name_key))
        if row.name_key.startswith(COMMUNE_PREFIXES)
        else None
    )
    if found:
        row.recipient_field = "commune"
        chosen = _narrow(found, row.year)
        if len(chosen) > 1:
            row.errors.append(
                _("Several communes are named “%(name)s”.") % {"name": values["name"]}
            )
        else:
            row.recipient = row.commune = chosen[0]
        return
    row.recipient_field = "unit"
    candidates = units.get(row.name_key, [])
    if row.communes:
        places = {commune.pk for commune in row.communes}
        candidates = [unit for unit in candidates if unit.commune_id in places]
    chosen = _narrow(candidates, row.year)
    if len(chosen) > 1:
        row.errors.append(
            _("Several units are named “%(name)s”; add the commune.") % {"name": values["name"]}
        )
    elif chosen:
        row.recipient = chosen[0]
    elif len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Unit(
            name=values["name"], kind=_guess_unit_kind(row.name_key), commune=row.commune
        )


def _find_unit(row: Row, units: dict, scope: StaffScope | None) -> None:
    """An individual's unit, as written in the unit column, when the registry knows it."""
    row.recipient_field = "person"
    written = row.values["unit"]
    if not written:
        if scope is not None and scope.unit_id:
            row.unit = scope.unit
            row.placed_by_scope = True
    else:
        candidates = units.get(fold(written), [])
        if row.communes:
            places = {commune.pk for commune in row.communes}
            candidates = [unit for unit in candidates if unit.commune_id in places] or candidates
        chosen = _narrow(candidates, row.year)
        if len(chosen) > 1:
            row.errors.append(
                _("Several units are named “%(name)s”; add the commune.") % {"name": written}
            )
            return
        row.unit = chosen[0] if chosen else None
    if row.unit is not None:
        row.unit_commune_id, row.unit_parent_id = row.unit.commune_id, row.unit.parent_id


PERSON_FIELDS = (
    "id", "name_folded", "full_name", "position", "unit_id", "commune_id", "unit__commune_id",
    "unit__parent_id",
)  # fmt: skip


def _people(rows: list[Row]) -> dict[str, dict[int, tuple]]:
    """The registry's people who could be the rows' individuals, by folded name.

    Only those of the row's unit, or of its commune, are fetched; anyone of that name only for
    a row that gives neither. Values, not model instances: there may be tens of thousands.
    """
    by_unit, by_commune, anywhere = [], [], []
    for row in rows:
        if row.unit is not None:
            by_unit.append(row)
        elif row.values["unit"]:
            continue  # a unit the registry doesn't know: someone not recorded yet
        elif row.communes:
            by_commune.append(row)
        else:
            anywhere.append(row)

    def in_units(chunk: list[Row]) -> Q:
        return Q(unit__in={row.unit.pk for row in chunk})

    def in_communes(chunk: list[Row]) -> Q:
        places = {commune.pk for row in chunk for commune in row.communes}
        return Q(commune__in=places) | Q(unit__commune__in=places)

    found: dict[str, dict[int, tuple]] = defaultdict(dict)

    def by_name_only(chunk: list[Row]) -> Q:
        return Q()

    for group, where in ((by_unit, in_units), (by_commune, in_communes), (anywhere, by_name_only)):
        for start in range(0, len(group), CHUNK):
            chunk = group[start : start + CHUNK]
            people = Person.objects.filter(
                where(chunk), name_folded__in={r.name_key for r in chunk}
            )
            for person in people.order_by().values_list(*PERSON_FIELDS):
                found[person[1]][person[0]] = person
    return found


def _match_person(row: Row, people: dict[str, dict[int, tuple]]) -> None:
    values = row.values
    candidates = list(people.get(row.name_key, {}).values())
    if row.unit is not None:
        candidates = [person for person in candidates if person[4] == row.unit.pk]
    elif values["unit"]:
        candidates = []
    elif row.communes:
        places = {commune.pk for commune in row.communes}
        candidates = [person for person in candidates if {person[5], person[6]} & places]
    if len(candidates) > 1:
        row.errors.append(
            _("Several people named “%(name)s” match; add their unit or commune.")
            % {"name": values["name"]}
        )
    elif candidates:
        pk, _folded, full_name, position, unit_id, commune_id, unit_commune_id, parent_id = (
            candidates[0]
        )
        row.recipient = Person(
            pk=pk, full_name=full_name, position=position, unit_id=unit_id, commune_id=commune_id
        )
        row.unit_commune_id, row.unit_parent_id = unit_commune_id, parent_id
    elif row.unit is None and len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Person(
            full_name=values["name"],
            position=values["position"],
            unit=row.unit,
            commune=row.commune,
        )


def _match_household(row: Row, homes: dict) -> None:
    row.recipient_field = "household"
    if not row.communes:
        row.errors.append(_("A household needs its commune."))
        return
    places = {commune.pk for commune in row.communes}
    candidates = [home for home in homes.get(row.name_key, []) if home.commune_id in places]
    if len(candidates) > 1:
        row.errors.append(
            _("Several households of “%(name)s” are in this commune.")
            % {"name": row.values["name"]}
        )
    elif candidates:
        row.recipient = candidates[0]
    elif row.commune is None:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Household(
            head_name=row.values["name"], commune=row.commune, village=row.values["unit"]
        )


def _guess_unit_kind(folded_name: str) -> str:
    for prefix, kind in UNIT_KIND_PREFIXES:
        if folded_name.startswith(prefix):
            return kind
    return Unit.Kind.OTHER


def _refuse_namesakes_outside(rows: list[Row], units: dict, scope: StaffScope) -> None:
    """Rows looked for within the user's scope, not found there, that name one record outside.

    Without a scope the row would have matched that record; adding a second one inside the
    scope would be a duplicate. Where several records outside bear the name, the row would
    have matched none of them: it adds a new one, within the scope.
    """
    outside = _(
        "“%(name)s” is already in the registry (%(record)s), outside the records you may "
        "edit (%(scope)s): it is not added a second time. Leave the row out, or ask whoever "
        "keeps that record."
    )
    for row in rows:
        if row.recipient_field == "unit":
            namesakes = _narrow(units.get(row.name_key, []), row.year)
            if len(namesakes) == 1 and not scope.holds("units", namesakes[0]):
                unit = namesakes[0]
                record = f"{unit}, {unit.commune}" if unit.commune_id else str(unit)
                row.errors.append(
                    outside % {"name": row.values["name"], "record": record, "scope": scope}
                )
    individuals = [row for row in rows if row.recipient_field == "person"]
    namesakes = _sole_namesakes({row.name_key for row in individuals})
    for row in individuals:
        person = namesakes.get(row.name_key)
        if person is not None and not scope.holds("people", person):
            place = person.unit or person.commune
            record = f"{person.full_name}, {place}" if place else person.full_name
            row.errors.append(
                outside % {"name": row.values["name"], "record": record, "scope": scope}
            )


def _sole_namesakes(names: set[str]) -> dict[str, Person]:
    """The one person the registry has of each folded name, for the names only one bears."""
    sole_ids = []
    names = sorted(names)
    for start in range(0, len(names), CHUNK):
        counts = (
            Person.objects.filter(name_folded__in=names[start : start + CHUNK])
            .values("name_folded")
            .annotate(bearers=Count("id"), sole=Min("id"))
            .filter(bearers=1)
            .order_by()
        )
        sole_ids += [count["sole"] for count in counts]
    found = {}
    for start in range(0, len(sole_ids), CHUNK):
        people = Person.objects.filter(pk__in=sole_ids[start : start + CHUNK])
        for person in people.select_related("unit", "commune"):
            found[person.name_folded] = person
    return found


def _in_scope(row: Row, scope: StaffScope) -> bool:
    recipient = row.recipient
    if scope.commune_id:
        # The commune the award will be in, which is what a commune's scope holds.
        return scope.commune_id == _locality(row)
    if isinstance(recipient, Unit):
        return scope.unit_id in (recipient.pk, recipient.parent_id)
    if isinstance(recipient, Person):
        return scope.unit_id in (recipient.unit_id, row.unit_parent_id)
    return False


def _check_duplicates(rows: list[Row]) -> None:
    """Twice in the file, or already awarded in the registry (one query per thousand)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        recipient = row.recipient.pk or row.new_key
        key = (row.recipient_field, recipient, row.title.pk, row.year)
        if key in seen:
            row.errors.append(
                _("Same recipient, title and year as line %(line)s.") % {"line": seen[key]}
            )
        else:
            seen[key] = row.line
    existing_rows = defaultdict(list)
    for row in rows:
        if row.recipient.pk and not row.errors:
            existing_rows[row.recipient_field].append(row)
    for recipient_field, candidates in existing_rows.items():
        wanted = {(row.recipient.pk, row.title.pk, row.year): row for row in candidates}
        ids = sorted({row.recipient.pk for row in candidates})
        for start in range(0, len(ids), CHUNK):
            held = Commendation.objects.in_force().filter(
                Q(**{f"{recipient_field}__in": ids[start : start + CHUNK]}),
                title__in={row.title.pk for row in candidates},
                year__in={row.year for row in candidates},
            )
            for recipient_id, title_id, year, number in held.values_list(
                recipient_field, "title", "year", "decision__number"
            ):
                if row := wanted.get((recipient_id, title_id, year)):
                    row.errors.append(
                        _("Already awarded: the same title for %(year)s by decision %(number)s.")
                        % {"year": year, "number": number}
                    )


# Saving ------------------------------------------------------------------------------------


def _locality(row: Row) -> int | None:
    """Where the recipient is: the award's commune, which the rolls filter on."""
    recipient = row.recipient
    if isinstance(recipient, Commune):
        return recipient.pk
    if isinstance(recipient, Person):
        return recipient.commune_id or row.unit_commune_id or (row.commune and row.commune.pk)
    return recipient.commune_id or (row.commune and row.commune.pk)
