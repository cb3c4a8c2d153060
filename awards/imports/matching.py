"""Matching an annex's rows to the registry, in a fixed number of queries whatever their number.

Names are looked up as the registry keeps them, folded, by every way the file's name may be
written there ("UBND" or "Ủy ban nhân dân", en dash or hyphen: values.name_variants); a match
written otherwise than the record is said on the row. A row that would add a new recipient
while the registry holds close names gets those names as suggestions, never a silent duplicate.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from awards.eligibility import Candidate, shortfalls
from awards.exports import looks_like_formula
from awards.imports.bulk import record_maker
from awards.imports.values import (
    CHUNK,
    COMMUNE_PREFIXES,
    FIELDS,
    UNIT_KIND_PREFIXES,
    Catalogue,
    _check_values,
    _commune_key,
    _narrow,
    _place,
    fold,
    hinted_commune_key,
    in_place,
    name_variants,
    person_key,
    prefer,
    spelling,
    unit_key,
)
from awards.models import (
    AnnexImport,
    Commendation,
    EmulationTitle,
)
from units.lookups import values_per_lookup
from units.models import Commune, Household, Person, StaffScope, Unit


@dataclass(slots=True)  # 20,000 of them: a __dict__ each was 30 MB of the check
class Row:
    index: int
    line: int
    values: dict[str, str]
    skipped: bool = False
    kind: str = ""
    title: EmulationTitle | None = None
    year: int | None = None
    amount: int | None = None
    amount_rate: str = ""  # the rate an amount left empty was taken from (RewardMoney.explain)
    name_key: str = ""  # the name, folded
    # The same, abbreviations expanded and punctuation dropped: rows naming one new recipient
    # in different ways make one record.
    match_key: str = ""
    name_variants: tuple[str, ...] = ()  # the ways the registry may hold the name, folded
    written_name: str = ""  # the name cell as the file writes it
    address: str = ""  # the form of address or rank ("Ông", "Đại tá"), aside from the name
    place_hint: str = ""  # a place written after the name: "(huyện Tuyên Hóa)", ", xã Đồng Rui"
    communes: list[Commune] = field(default_factory=list)  # that name, in the award's year
    commune: Commune | None = None  # when that name is one commune
    unit: Unit | None = None  # an individual's unit, when the registry knows it
    # A collective's parent unit, as its unit column writes it (file 05: "Phòng Kế hoạch - Tài
    # chính" of Sở Y tế and of Trung tâm Mắt are two units), and the registry's, if it knows it.
    parent_key: str = ""
    parent: Unit | None = None
    recipient: Unit | Commune | Person | Household | None = None
    recipient_field: str = ""
    # An individual's unit's commune and parent unit (for scopes and the award's locality).
    unit_commune_id: int | None = None
    unit_parent_id: int | None = None
    locality_id: int | None = None  # the award's commune, for a valid row (_locality)
    errors: list[str] = field(default_factory=list)
    shortfalls: list[dict] = field(default_factory=list)
    # The row named no commune (or unit) and was looked for within the user's scope.
    placed_by_scope: bool = False
    # The commune is the one the place after the name names, not a commune cell's.
    placed_by_hint: bool = False
    # What was read otherwise than exactly as written, in plain sentences for the preview.
    notes: list[str] = field(default_factory=list)
    # Close records of the registry for a row that adds a new recipient, closest first:
    # {"field": "unit"|"person"|"household", "pk": id, "label": text, "score": 0–100}.
    suggestions: list[dict] = field(default_factory=list)

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
            self.match_key,
            self.parent_key,
            self.commune.pk if self.commune else None,
            self.unit.pk if self.unit else None,
        )

    def kept(self) -> dict | None:
        """What saving a valid row makes, as JSON (kept with the check, stored.current_saving):
        the award's own fields by column, and its recipient's id or a new recipient's fields."""
        if self.status not in ("matched", "new"):
            return None
        values, recipient = self.values, self.recipient
        return {
            "award": {
                "title_id": self.title.pk,
                "year": self.year,
                "recipient_name": values["name"],
                "recipient_position": values["position"][:300],
                "recipient_address": values.get("address", "")[:100],
                "recipient_unit_name": values["unit"][:300],
                "locality_id": self.locality_id,
                "citation": values["citation"],
                "amount": self.amount,
                "title_rank": self.title.rank,
                "eligibility_shortfalls": self.shortfalls,
            },
            "field": self.recipient_field,
            "pk": recipient.pk,
            "new": None if recipient.pk else _fields_of(recipient),
            "new_key": list(self.new_key) if recipient.pk is None else None,
            "parent_key": self.parent_key,
            "parent_name": values["unit"],
        }


def _fields_of(record) -> dict:
    """An unsaved record's fields that hold a value, by column, as JSON."""
    fields = {}
    for column in record._meta.concrete_fields:
        value = column.value_from_object(record)
        if not column.primary_key and value is not None:
            native = isinstance(value, str | int | float | bool)
            fields[column.attname] = value if native else column.value_to_string(record)
    return fields


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
    rows = []
    for index, (line, _section, _cells) in enumerate(imp.rows):
        values = row_values(imp, index)
        rows.append(Row(index=index, line=line, values=values, skipped=bool(values.get("skip"))))
    live = [row for row in rows if not row.skipped]
    catalogue = Catalogue(imp.decision)
    checked = []
    for row in live:
        for name in FIELDS:
            if looks_like_formula(row.values[name]):
                row.errors.append(
                    _("The %(column)s cell holds a formula (%(formula)s); paste its value.")
                    % {"column": FIELDS[name], "formula": row.values[name][:40]}
                )
        if not row.errors:
            _check_values(row, imp, catalogue)
            _name_keys(row)
            checked.append(row)
    communes = _by_folded_name(
        Commune,
        {_commune_key(row.values["commune"]) for row in checked}
        | {hinted_commune_key(row.place_hint) for row in checked if row.place_hint},
    )
    for row in checked:
        _place(row, communes, scope)

    kinds = defaultdict(list)
    for row in live:
        if not row.errors:
            kinds[row.kind].append(row)
    chosen = [row for row in live if not row.errors and row.values.get("match")]
    _match_chosen(chosen, kinds, scope)
    collectives = kinds[Commendation.RecipientKind.COLLECTIVES]
    individuals = kinds[Commendation.RecipientKind.INDIVIDUALS]
    households = kinds[Commendation.RecipientKind.HOUSEHOLDS]
    named_communes = _by_folded_name(
        Commune,
        {_commune_key(r.name_key) for r in collectives if r.name_key.startswith(COMMUNE_PREFIXES)},
    )
    unit_names = {variant for row in collectives for variant in row.name_variants}
    for row in individuals + collectives:
        unit_names.update(name_variants(fold(row.values["unit"])))
    units = _by_folded_name(Unit, unit_names, "commune", "parent")
    for row in collectives:
        _match_collective(row, units, named_communes)
    for row in individuals:
        _find_unit(row, units, scope)
    people = _people([row for row in individuals if not row.errors])
    for row in individuals:
        if not row.errors:
            _match_person(row, people)
    homes = _by_folded_name(Household, {v for row in households for v in row.name_variants})
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
    _suggest([row for row in live if row.status == "new"], scope)
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
        row.locality_id = _locality(row)
    return Report(rows=rows)


# A record chosen by hand in the preview ("match": "person:12"), and the kind it makes the row.
CHOSEN = {
    "unit": (Unit, ("commune", "parent"), Commendation.RecipientKind.COLLECTIVES, "units"),
    "commune": (Commune, (), Commendation.RecipientKind.COLLECTIVES, "communes"),
    "person": (Person, ("unit",), Commendation.RecipientKind.INDIVIDUALS, "people"),
    "household": (Household, ("commune",), Commendation.RecipientKind.HOUSEHOLDS, "households"),
}


def _match_chosen(rows: list[Row], kinds: dict[str, list[Row]], scope: StaffScope | None) -> None:
    """Rows whose recipient the user chose among the registry's records (a suggestion): that
    record, whatever the name says; one query per kind of record, per thousand rows. A record
    outside the user's scope is never found (nor named)."""
    wanted = defaultdict(dict)
    for row in rows:
        field_name, _colon, pk = row.values["match"].partition(":")
        if field_name in CHOSEN and pk.isascii() and pk.isdecimal():
            wanted[field_name][row.index] = int(pk)
    for field_name, by_row in wanted.items():
        model, related, kind, records = CHOSEN[field_name]
        ids = sorted(set(by_row.values()))
        found = {}
        within = scope.condition(records) if scope is not None else Q()
        for start in range(0, len(ids), CHUNK):
            queryset = model.objects.filter(within, pk__in=ids[start : start + CHUNK])
            found.update((record.pk, record) for record in queryset.select_related(*related))
        for row in rows:
            if row.index not in by_row:
                continue
            kinds[row.kind].remove(row)
            record = found.get(by_row[row.index])
            if record is None:
                row.errors.append(_("The record chosen for this row is no longer in the registry."))
                continue
            row.kind, row.recipient_field, row.recipient = kind, field_name, record
            if row.title is not None and not getattr(row.title, f"for_{kind}"):
                row.errors.append(
                    _("“%(title)s” is not given to %(kind)s.")
                    % {"title": row.title, "kind": Commendation.RecipientKind(kind).label}
                )
            if isinstance(record, Person) and record.unit_id:
                row.unit = record.unit
                row.unit_commune_id, row.unit_parent_id = (
                    record.unit.commune_id,
                    record.unit.parent_id,
                )
            chosen = _("Matched by hand to the registry's %(record)s.") % {"record": record}
            row.notes.append(chosen)


def _name_keys(row: Row) -> None:
    row.name_key = fold(row.values["name"])
    if row.kind == Commendation.RecipientKind.COLLECTIVES:
        row.match_key = unit_key(row.name_key)
        row.name_variants = name_variants(row.name_key)
    else:
        row.match_key = person_key(row.name_key)
        row.name_variants = name_variants(row.name_key, abbreviations=False)


def _by_folded_name(model, names: set[str], *related: str) -> dict[str, list]:
    """Records by folded name, current ones first: one query per thousand names.

    The `related` records (a unit's commune and parent) come in queries of their own, one
    instance each however many records share it: 11,000 units of a 20,000-row annex share
    3,000 communes, and select_related() made a commune for each unit (a third of the check).
    """
    names.discard("")
    found = defaultdict(list)
    records = []
    names = sorted(names)
    size = values_per_lookup(CHUNK)
    for start in range(0, len(names), size):
        chunk = names[start : start + size]
        for record in model.objects.filter(name_folded__any=chunk).order_by("pk"):
            found[record.name_folded].append(record)
            records.append(record)
    for name in related:
        field = model._meta.get_field(name)
        ids = sorted({getattr(record, field.attname) for record in records} - {None})
        by_id = {}
        for start in range(0, len(ids), size):
            by_id.update(
                (record.pk, record)
                for record in field.related_model.objects.filter(pk__any=ids[start : start + size])
            )
        for record in records:
            if (target := by_id.get(getattr(record, field.attname))) is not None:
                setattr(record, name, target)
    return found


def _lookup(found: dict, variants: tuple[str, ...]) -> list:
    """The records found under any of a name's variants, once each, the name as written first."""
    records = {}
    for variant in variants:
        for record in found.get(variant, []):
            records.setdefault(record.pk, record)
    return list(records.values())


def _note_spelling(row: Row, written: str, recorded: str) -> None:
    """A match written otherwise than the record ("UBND …" for "Ủy ban nhân dân …", "Tỉnh" for
    "Tình": the same when folded) is said, never silent."""
    if written != recorded and spelling(written) != spelling(recorded):
        row.notes.append(
            _("“%(written)s” matched to the registry's “%(record)s”.")
            % {"written": written, "record": recorded}
        )


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
            chosen = [c for c in chosen if in_place(c, row.place_hint)] or chosen
        if len(chosen) > 1:
            row.errors.append(
                _("Several communes are named “%(name)s”.") % {"name": values["name"]}
            )
        else:
            row.recipient = row.commune = chosen[0]
            _note_spelling(row, values["name"], chosen[0].full_name)
        return
    row.recipient_field = "unit"
    if values["unit"]:
        row.parent_key = unit_key(fold(values["unit"]))
        parents = _narrow(_lookup(units, name_variants(fold(values["unit"]))), row.year)
        row.parent = parents[0] if len(parents) == 1 else None
    candidates = _lookup(units, row.name_variants)
    if row.parent_key:
        # The same name under another parent is another unit; a record without a parent may
        # be this one.
        candidates = [
            unit for unit in candidates if unit.parent_id and _parent_key(unit) == row.parent_key
        ] or [unit for unit in candidates if unit.parent_id is None]
    if row.communes:
        places = {commune.pk for commune in row.communes}
        inside = [unit for unit in candidates if unit.commune_id in places]
        # A commune read from the place after the name narrows, it does not exclude.
        candidates = inside if inside or not row.placed_by_hint else candidates
    chosen = _narrow(candidates, row.year)
    if len(chosen) > 1 and row.place_hint:
        chosen = prefer(chosen, lambda unit: in_place(unit.commune, row.place_hint))
    if len(chosen) > 1:
        row.errors.append(
            _("Several units are named “%(name)s”; add the commune.") % {"name": values["name"]}
        )
    elif chosen:
        row.recipient = chosen[0]
        _note_spelling(row, values["name"], chosen[0].name)
    elif len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Unit(
            name=values["name"],
            kind=_guess_unit_kind(row.match_key),
            commune=row.commune,
            parent=row.parent,
        )


def _parent_key(unit: Unit) -> str:
    return unit_key(unit.parent.name_folded)


def _find_unit(row: Row, units: dict, scope: StaffScope | None) -> None:
    """An individual's unit, as written in the unit column, when the registry knows it."""
    row.recipient_field = "person"
    written = row.values["unit"]
    if not written:
        if scope is not None and scope.unit_id:
            row.unit = scope.unit
            row.placed_by_scope = True
    else:
        candidates = _lookup(units, name_variants(fold(written)))
        if row.communes:
            places = {commune.pk for commune in row.communes}
            candidates = [unit for unit in candidates if unit.commune_id in places] or candidates
        chosen = _narrow(candidates, row.year)
        if len(chosen) > 1 and row.place_hint:
            chosen = prefer(chosen, lambda unit: in_place(unit.commune, row.place_hint))
        if len(chosen) > 1:
            row.errors.append(
                _("Several units are named “%(name)s”; add the commune.") % {"name": written}
            )
            return
        row.unit = chosen[0] if chosen else None
        if row.unit is not None:
            _note_spelling(row, written, row.unit.name)
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
        elif row.communes and not row.placed_by_hint:
            by_commune.append(row)
        else:
            anywhere.append(row)

    def in_units(chunk: list[Row]) -> Q:
        return Q(unit__any={row.unit.pk for row in chunk})

    def in_communes(chunk: list[Row]) -> Q:
        places = {commune.pk for row in chunk for commune in row.communes}
        return Q(commune__any=places) | Q(unit__commune__any=places)

    found: dict[str, dict[int, tuple]] = defaultdict(dict)

    def by_name_only(chunk: list[Row]) -> Q:
        return Q()

    size = values_per_lookup(CHUNK)
    for group, where in ((by_unit, in_units), (by_commune, in_communes), (anywhere, by_name_only)):
        for start in range(0, len(group), size):
            chunk = group[start : start + size]
            people = Person.objects.filter(
                where(chunk), name_folded__any={v for r in chunk for v in r.name_variants}
            )
            for person in people.order_by().values_list(*PERSON_FIELDS):
                found[person[1]][person[0]] = person
    return found


def _match_person(row: Row, people: dict[str, dict[int, tuple]]) -> None:
    values = row.values
    candidates = list(
        {pk: person for v in row.name_variants for pk, person in people.get(v, {}).items()}.values()
    )
    if row.unit is not None:
        candidates = [person for person in candidates if person[4] == row.unit.pk]
    elif values["unit"]:
        candidates = []
    elif row.communes:
        places = {commune.pk for commune in row.communes}
        inside = [person for person in candidates if {person[5], person[6]} & places]
        candidates = inside if inside or not row.placed_by_hint else candidates
    if len(candidates) > 1:
        row.errors.append(
            _("Several people named “%(name)s” match; add their unit or commune.")
            % {"name": values["name"]}
        )
    elif candidates:
        pk, _folded, full_name, position, unit_id, commune_id, unit_commune_id, parent_id = (
            candidates[0]
        )
        row.recipient = _person_record()(pk, full_name, position, unit_id, commune_id)
        row.unit_commune_id, row.unit_parent_id = unit_commune_id, parent_id
        _note_spelling(row, values["name"], full_name)
    elif row.unit is None and len(row.communes) > 1:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = _person_record()(
            None,
            values["name"],
            values["position"],
            row.unit.pk if row.unit else None,
            row.commune.pk if row.commune else None,
        )


@functools.cache
def _person_record():
    """A person as the check keeps one: a matched person's values read, or a new person's."""
    return record_maker(Person, ("id", "full_name", "position", "unit_id", "commune_id"))


def _match_household(row: Row, homes: dict) -> None:
    row.recipient_field = "household"
    if not row.communes:
        row.errors.append(_("A household needs its commune."))
        return
    places = {commune.pk for commune in row.communes}
    candidates = [home for home in _lookup(homes, row.name_variants) if home.commune_id in places]
    if len(candidates) > 1:
        row.errors.append(
            _("Several households of “%(name)s” are in this commune.")
            % {"name": row.values["name"]}
        )
    elif candidates:
        row.recipient = candidates[0]
        _note_spelling(row, row.values["name"], candidates[0].head_name)
    elif row.commune is None:
        row.errors.append(_ambiguous_commune(row))
    else:
        row.recipient = Household(
            head_name=row.values["name"], commune=row.commune, village=row.values["unit"]
        )


def _guess_unit_kind(key: str) -> str:
    """A new unit's kind from the first words of its name's key (the longest prefix first)."""
    for prefix, kind in UNIT_KIND_PREFIXES:
        if key == prefix or key.startswith(prefix + " "):
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
            namesakes = _narrow(_lookup(units, row.name_variants), row.year)
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
        size = values_per_lookup(CHUNK)
        for start in range(0, len(ids), size):
            held = Commendation.objects.in_force().filter(
                Q(**{f"{recipient_field}__any": ids[start : start + size]}),
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


# Suggestions --------------------------------------------------------------------------------

# Similarity (0–100, see similarity()) from which a record is offered for a row that would add
# a new recipient; at most this many, closest first.
SUGGEST_SCORE = 75
SUGGESTIONS = 3
# Records fetched per query to compare with the new names, and compared with one row: a name as
# common as "Nguyễn Văn Hùng" must not make the check compare every row with the whole registry.
SUGGESTION_POOL = 10_000
COMPARED = 1_000
# Names' words per query: units' first words are each one LIKE in an OR (SQLite refuses
# expressions deeper than 1,000), given names one alternative of a regular expression.
WORDS_PER_QUERY = 400


def similarity(first: str, second: str) -> int:
    """How close two name keys are (0–100), weighing the words after their common beginning.

    "Trường Tiểu học Đồng Rui" and "… Đồng Hải" share most letters but are two schools;
    "Công an tỉnh" and "Công an tỉnh Quảng Bình", one name inside the other, are likely one.
    """
    first_words, second_words = first.split(), second.split()
    common = 0
    for one, other in zip(first_words, second_words, strict=False):
        if one != other:
            break
        common += 1
    first_rest, second_rest = " ".join(first_words[common:]), " ".join(second_words[common:])
    if not first_rest or not second_rest:
        return round(fuzz.WRatio(first, second))
    return round((fuzz.ratio(first, second) + fuzz.ratio(first_rest, second_rest)) / 2)


def _suggest(rows: list[Row], scope: StaffScope | None) -> None:
    """Close records for the rows that would add a new recipient, with a note saying so.

    Candidates come in a few queries whatever the number of rows: units beginning with the
    same two words, people of the row's unit or commune or else bearing the same given name,
    households of the row's commune; each query's records are capped (SUGGESTION_POOL).
    """
    by_field = defaultdict(list)
    for row in rows:
        by_field[row.recipient_field].append(row)
    _suggest_units(by_field["unit"], scope)
    _suggest_people(by_field["person"], scope)
    _suggest_households(by_field["household"], scope)
    for row in rows:
        if row.suggestions:
            row.notes.append(
                _(
                    "A new %(record)s will be added, although the registry has close names: "
                    "%(names)s."
                )
                % {
                    "record": row.recipient_label,
                    "names": ", ".join(
                        _("“%(name)s” (%(score)s%% alike)")
                        % {"name": found["label"], "score": found["score"]}
                        for found in row.suggestions
                    ),
                }
            )


class _Candidates:
    """The registry's records to compare with the rows, in groups (a unit's people, the units
    beginning with two words…): each group's keys are made once, however many rows use it."""

    def __init__(self, key, label) -> None:
        self.key, self.label = key, label
        self.groups: dict[object, tuple[list[tuple], list[str]]] = {}

    def offer(self, row: Row, group: object, entries) -> None:
        """The row's suggestions among the group's entries (`entries()` makes them)."""
        if group not in self.groups:
            chosen = list(entries())[:COMPARED]
            self.groups[group] = (chosen, [self.key(entry) for entry in chosen])
        _closest(row, *self.groups[group], self.label)


def _closest(row: Row, entries: list[tuple], keys: list[str], label) -> None:
    """The row's suggestions among `entries` (value tuples, the id first) whose keys are
    `keys`; `label(entry)` is shown."""
    if not keys:
        return
    # rapidfuzz's plain ratio, in C, keeps a few; similarity() orders those.
    rough = process.extract(row.match_key, keys, scorer=fuzz.ratio, limit=10, score_cutoff=55)
    scored = sorted(
        ((similarity(row.match_key, keys[at]), entries[at]) for _key, _score, at in rough),
        key=lambda pair: -pair[0],
    )
    row.suggestions = [
        {"field": row.recipient_field, "pk": entry[0], "label": label(entry), "score": score}
        for score, entry in scored[:SUGGESTIONS]
        if score >= SUGGEST_SCORE
    ]


def _within(queryset, scope: StaffScope | None, records: str):
    return queryset if scope is None else queryset.filter(scope.condition(records))


def _in_chunks(words: set[str], size: int):
    words = sorted(words)
    for start in range(0, len(words), size):
        yield words[start : start + size]


def _any_of(lookup: str, words: list[str]) -> Q:
    condition = Q(pk__in=[])
    for word in words:
        condition |= Q(**{lookup: word})
    return condition


def _first_words(key: str) -> tuple[str, ...]:
    """A name's first word and first two words: its new namesakes begin the same way."""
    words = key.split()
    return tuple(dict.fromkeys((" ".join(words[:1]), " ".join(words[:2]))))


def _suggest_units(rows: list[Row], scope: StaffScope | None) -> None:
    if not rows:
        return
    starts = {" ".join(v.split()[:2]) for row in rows for v in row.name_variants} - {""}
    pool = defaultdict(dict)  # first word(s) -> {id: entry}
    for chunk in _in_chunks(starts, WORDS_PER_QUERY):
        units = _within(
            Unit.objects.filter(_any_of("name_folded__startswith", chunk)), scope, "units"
        )
        fields = ("id", "name", "name_folded", "commune_id", "commune__name", "parent__name")
        for entry in units.order_by("pk").values_list(*fields)[:SUGGESTION_POOL]:
            for start in _first_words(entry[2]):
                pool[start][entry[0]] = entry
    candidates = _Candidates(
        key=lambda entry: unit_key(entry[2]),
        label=lambda entry: ", ".join(part for part in (entry[1], entry[5], entry[4]) if part),
    )
    for row in rows:
        starts = tuple(sorted({" ".join(v.split()[:2]) for v in row.name_variants}))
        places = frozenset(commune.pk for commune in row.communes)

        def entries(starts=starts, places=places) -> list[tuple]:
            found = {pk: e for start in starts for pk, e in pool.get(start, {}).items()}
            return [e for e in found.values() if not places or e[3] is None or e[3] in places]

        candidates.offer(row, (starts, places), entries)


PEOPLE_SUGGESTED = (
    "id", "full_name", "name_folded", "position", "unit_id", "unit__name", "commune_id",
    "unit__commune_id", "commune__name",
)  # fmt: skip


def _suggest_people(rows: list[Row], scope: StaffScope | None) -> None:
    """People of the row's unit, or of its commune, or else of the same given name."""
    by_unit, by_commune, anywhere = [], [], []
    for row in rows:
        if row.unit is not None:
            by_unit.append(row)
        elif row.communes and not row.values["unit"] and not row.placed_by_hint:
            by_commune.append(row)
        elif _given_name(row.match_key):
            anywhere.append(row)
    found: dict[str, dict[int, tuple]] = defaultdict(dict)  # "unit:1", "commune:2", "name:x"

    def fetch(condition: Q) -> list[tuple]:
        people = _within(Person.objects.filter(condition), scope, "people")
        return list(people.order_by("pk").values_list(*PEOPLE_SUGGESTED)[:SUGGESTION_POOL])

    for chunk in _in_chunks({row.unit.pk for row in by_unit}, CHUNK):
        for entry in fetch(Q(unit__in=chunk)):
            found[f"unit:{entry[4]}"][entry[0]] = entry
    for chunk in _in_chunks({c.pk for row in by_commune for c in row.communes}, CHUNK):
        for entry in fetch(Q(commune__in=chunk) | Q(unit__commune__in=chunk)):
            for place in {entry[6], entry[7]} - {None}:
                found[f"commune:{place}"][entry[0]] = entry
    given_names = {_given_name(row.match_key) for row in anywhere}
    for chunk in _in_chunks(given_names, WORDS_PER_QUERY):
        # One regular expression, not an OR of LIKEs: the whole registry's names are read
        # once, not once for each given name (no index serves "ends with" everywhere).
        condition = Q(name_folded__regex=rf" ({'|'.join(chunk)})$")
        for entry in fetch(condition):
            found[f"name:{_given_name(person_key(entry[2]))}"][entry[0]] = entry
    candidates = _Candidates(
        key=lambda entry: person_key(entry[2]),
        label=lambda entry: ", ".join(
            part for part in (entry[1], entry[3], entry[5] or entry[8]) if part
        ),
    )
    in_commune = {id(row) for row in by_commune}
    for row in rows:
        if row.unit is not None:
            groups = (f"unit:{row.unit.pk}",)
        elif id(row) in in_commune:
            groups = tuple(sorted(f"commune:{commune.pk}" for commune in row.communes))
        else:
            groups = (f"name:{_given_name(row.match_key)}",)

        def entries(groups=groups) -> list[tuple]:
            return list({pk: e for g in groups for pk, e in found[g].items()}.values())

        candidates.offer(row, groups, entries)


def _given_name(key: str) -> str:
    """A person's last word, when it is a word (not "Người 12" of a made-up list)."""
    last = key.rpartition(" ")[2]
    return last if last.isalpha() and " " in key else ""


def _suggest_households(rows: list[Row], scope: StaffScope | None) -> None:
    if not rows:
        return
    found: dict[int, dict[int, tuple]] = defaultdict(dict)
    fields = ("id", "head_name", "name_folded", "commune_id", "village", "commune__name")
    for chunk in _in_chunks({c.pk for row in rows for c in row.communes}, CHUNK):
        homes = _within(Household.objects.filter(commune__in=chunk), scope, "households")
        for entry in homes.order_by("pk").values_list(*fields)[:SUGGESTION_POOL]:
            found[entry[3]][entry[0]] = entry
    candidates = _Candidates(
        key=lambda entry: person_key(entry[2]),
        label=lambda entry: ", ".join(part for part in entry[1:2] + entry[4:] if part),
    )
    for row in rows:
        places = tuple(sorted(commune.pk for commune in row.communes))

        def entries(places=places) -> list[tuple]:
            return list({pk: e for place in places for pk, e in found[place].items()}.values())

        candidates.offer(row, places, entries)


# Saving ------------------------------------------------------------------------------------


def _locality(row: Row) -> int | None:
    """Where the recipient is: the award's commune, which the rolls filter on."""
    recipient = row.recipient
    if isinstance(recipient, Commune):
        return recipient.pk
    if isinstance(recipient, Person):
        return recipient.commune_id or row.unit_commune_id or (row.commune and row.commune.pk)
    return recipient.commune_id or (row.commune and row.commune.pk)
