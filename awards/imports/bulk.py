"""Inserting many rows fast: an import's awards and new recipients, a kept check's rows."""

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from types import SimpleNamespace

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import DateField, Field, JSONField
from psycopg.types.json import Jsonb

from units.names import FoldedCharField

# Fields whose get_db_prep_save() writes a str, an int, a bool or None as it is: those values
# skip the call (600,000 calls for 20,000 awards), any other value goes through it.
WRITTEN_AS_IS = {
    "BigIntegerField", "BooleanField", "CharField", "ForeignKey", "IntegerField",
    "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField",
}  # fmt: skip
PLAIN = {str, int, bool, type(None)}


def new_records(model, rows: Iterable[dict]) -> list:
    """Unsaved records from their values by column (attname), the other fields' defaults.

    Built positionally, as Model.from_db() builds them, with each constant default computed
    once: Model(**values) looks up every field's default for every record (20,000 awards,
    0.9 s). Trap: a constant default is then one object for all the records; a callable one
    (a JSONField's list) is called for each.
    """
    position, fill = _positional(model)
    records = []
    for row in rows:
        values = fill()
        for name, value in row.items():
            values[position[name]] = value
        records.append(model(*values))
    return records


def record_maker(model, attnames: Sequence[str]) -> Callable[..., object]:
    """A function making a record of `model` from the values of `attnames`, in that order, the
    other fields' defaults, as new_records() makes them (an annex's 12,000 matched people as
    Person(pk=…, full_name=…) were a quarter of a second). The record may have an id (a record
    of the registry, read as values) or not (a new one)."""
    position, fill = _positional(model)
    places = [position[name] for name in attnames]

    def make(*values):
        given = fill()
        for place, value in zip(places, values, strict=True):
            given[place] = value
        return model(*given)

    return make


def _positional(model) -> tuple[dict[str, int], Callable[[], list]]:
    """Each concrete field's place by attname, and a function giving a fresh list of the
    defaults in those places (a callable default called each time)."""
    fields = model._meta.concrete_fields
    position = {field.attname: number for number, field in enumerate(fields)}
    # Trap: a field without a default has NOT_PROVIDED, a class, as its default: callable.
    fresh = [
        (number, field.get_default)
        for number, field in enumerate(fields)
        if not field.primary_key and field.has_default() and callable(field.default)
    ]
    defaults = [None if field.primary_key else field.get_default() for field in fields]

    def fill() -> list:
        values = defaults.copy()
        for number, default in fresh:
            values[number] = default()
        return values

    return position, fill


def insert_all(model, records: list) -> None:
    """Insert new records in bulk, each getting its id, as bulk_create() does.

    On PostgreSQL, by COPY, with the ids taken from the table's sequence first: bulk_create()
    spent twice as long preparing its INSERT … UNNEST as the database took to run it (20,000
    awards: 2.9 s, 1.1 s of them the database's). Each value is what save() would write
    (`pre_save()` then `get_db_prep_save()`: folded names, JSON).
    """
    if connection.vendor != "postgresql" or not records:
        model.objects.bulk_create(records, batch_size=1000)
        return
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy `connection`, looked up at each use
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(records)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(quote(f.column) for f in [meta.pk, *fields])
        # A plain field's value is read from the record; the others' go through pre_save().
        plain = [
            type(field).pre_save is Field.pre_save and field.get_internal_type() in WRITTEN_AS_IS
            for field in fields
        ]
        prepare = [_preparer(field, db) for field in fields]
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for record, pk in zip(records, ids, strict=True):
                record.pk = pk
                values = record.__dict__
                row = [pk]
                for field, is_plain, prepared in zip(fields, plain, prepare, strict=True):
                    value = values[field.attname] if is_plain else field.pre_save(record, True)
                    if not (is_plain and type(value) in PLAIN):
                        value = prepared(value)
                    row.append(value)
                copy.write_row(row)
    for record in records:
        record._state.adding, record._state.db = False, connection.alias


def insert_values(model, rows: list[dict], *, ids: bool = True) -> list[int]:
    """Insert rows given by their values by column (attname), the other fields' defaults, as
    insert_all() would insert their records; returns their ids, in order, or with `ids` False
    nothing: the database numbers them as it inserts them (taking 20,000 ids from the sequence
    first was a tenth of a second).

    On PostgreSQL no record is built: each row goes to COPY as a tuple (20,000 awards: the
    records and their attributes were 0.9 s of the import). A field with a pre_save() of its
    own (a folded name) gets the row's values as attributes, which is all pre_save() reads
    and writes. Elsewhere, records and bulk_create().
    """
    if connection.vendor != "postgresql" or not rows:
        records = new_records(model, rows)
        insert_all(model, records)
        return [record.pk for record in records] if ids else []
    db = connections[DEFAULT_DB_ALIAS]  # not the proxy `connection`, looked up at each use
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    # Trap: a field without a default has NOT_PROVIDED, a class, as its default: callable.
    fresh = {
        field.attname: field.get_default
        for field in fields
        if field.has_default() and callable(field.default)
    }
    defaults = {field.attname: field.get_default() for field in fields}
    given = set().union(*(row.keys() for row in rows))
    # Each line is a copy of one template: the value of a column that no row gives, whose
    # default is one value and whose pre_save() returns it as it is, is prepared once, not for
    # each row (20,000 awards have thirty columns, two thirds of them defaults).
    template: list = [None]  # the id, then each field's value
    # (place in the line, field, its attname, how its value is had, written as it is, preparer)
    varying = []
    for place, field in enumerate(fields, start=1):
        how = (
            _READ if _reads_its_value(field) else _FOLDED if isinstance(field, FoldedCharField)
            else _PRE_SAVE
        )  # fmt: skip
        is_plain = how is _READ and field.get_internal_type() in WRITTEN_AS_IS
        if how is not _READ or field.attname in given or field.attname in fresh:
            varying.append((place, field, field.attname, how, is_plain, _preparer(field, db)))
            template.append(None)
            continue
        value = defaults[field.attname]
        template.append(
            value if is_plain and type(value) in PLAIN else field.get_db_prep_save(value, db)
        )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        numbers = None
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            numbers = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(quote(f.column) for f in [meta.pk, *fields][0 if ids else 1 :])
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for number, row in enumerate(rows):
                line = template.copy()
                record = None
                for place, field, name, how, is_plain, prepared in varying:
                    if how is _READ:
                        if name in row:
                            value = row[name]
                        else:
                            value = fresh[name]() if name in fresh else defaults[name]
                    elif how is _FOLDED:  # its pre_save(), without a record
                        value = field.folded(
                            row[source] if source in row else defaults[source]
                            for source in field.sources
                        )
                    else:  # another pre_save(): it gets the row's values as attributes
                        if record is None:
                            made = {key: make() for key, make in fresh.items() if key not in row}
                            record = SimpleNamespace(**{**defaults, **made, **row})
                        value = field.pre_save(record, True)
                    if not (is_plain and type(value) in PLAIN):
                        value = prepared(value)
                    line[place] = value
                if numbers is not None:
                    line[0] = numbers[number]
                    copy.write_row(line)
                else:
                    copy.write_row(line[1:])
    return numbers or []


# How insert_values() has a field's value: the row's (or the default), folded from the row's
# texts (FoldedCharField), or from the field's own pre_save().
_READ, _FOLDED, _PRE_SAVE = "read", "folded", "pre_save"


def _reads_its_value(field: Field) -> bool:
    """Whether the field's pre_save() returns the record's value as it is: Django's own, and a
    date's without auto_now (DateField overrides it for auto_now alone)."""
    if type(field).pre_save is Field.pre_save:
        return True
    return isinstance(field, DateField) and not (field.auto_now or field.auto_now_add)


def _preparer(field: Field, db) -> Callable[[object], object]:
    """What field.get_db_prep_save(value, db) writes, made faster for JSON on PostgreSQL: a
    JSONField without an encoder of its own dumped by orjson rather than json (a kept check's
    20,000 rows hold 30 MB of it: 0.27 s by json, 0.09 by orjson). Keys that are not strings
    are written as json writes them, and what orjson cannot write (an integer beyond 64 bits:
    an amount cell of 23 digits, kept in the row that says it is too large) json writes.
    Unlike json, orjson writes NaN as null (json wrote NaN, which PostgreSQL refused) and
    writes dates; nothing here holds either."""
    if isinstance(field, JSONField) and field.encoder is None and db.vendor == "postgresql":

        def prepare(value):
            if value is None:  # SQL NULL, as JSONField writes it
                return None
            return Jsonb(field.get_prep_value(value), dumps=_dumps)

        return prepare
    return functools.partial(field.get_db_prep_save, connection=db)


def _dumps(value) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # orjson.JSONEncodeError: a number it cannot write, or no JSON at all
        return json.dumps(value).encode()
