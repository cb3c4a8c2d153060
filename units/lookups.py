"""`field__any=values`: the field equals one of the values, sent as one array on PostgreSQL.

`field__in=values` costs a placeholder per value: Django prepares each one apart, psycopg
quotes each into the statement and then splits the long statement again to find them (a
look-up of 1,000 names spent a third of its time there, before the database saw it). An
array is one parameter: `field = ANY(%s)`, which PostgreSQL answers from the field's index
as it does IN. Elsewhere (SQLite) it is IN (…), so callers still send lists of a size every
database takes (values.CHUNK).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Field, ForeignObject, Lookup

# Values per look-up on PostgreSQL, where a list is one parameter: as many as the largest
# annex names (20,000 rows, their names' variants). One statement of 20,000 names is answered
# sooner than twenty of 1,000: each is compiled, planned (an array's every value estimated),
# sent and answered on its own, 0.2-0.4 s of a 20,000-row check in all.
ARRAY_VALUES = 100_000


def values_per_lookup(placeholders: int) -> int:
    """How many values a field__any look-up takes: ARRAY_VALUES on PostgreSQL, elsewhere the
    caller's count of placeholders (SQLite's limit, with room for the other filters)."""
    return ARRAY_VALUES if connection.vendor == "postgresql" else placeholders


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # each value is prepared below, once, by the field's own method

    def get_db_prep_lookup(self, value, connection):
        prepare = self.lhs.output_field.get_db_prep_value
        values = [prepare(item, connection, prepared=False) for item in value]
        return "%s", [item for item in values if item is not None]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _placeholder, values = self.get_db_prep_lookup(self.rhs, connection)
        if not values:  # as IN: nothing can equal none of no values
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return _any_of(lhs, lhs_params, values)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


# Between the values of a text list, a character no name holds (names are folded, and a cell's
# control characters are refused or dropped before); a list that holds it goes as an array.
SEPARATOR = "\x1f"


def _any_of(lhs: str, lhs_params, values: list) -> tuple[str, tuple]:
    """`= ANY(…)` with the values as one array. Ids and texts are sent joined into one text
    and split by the database (string_to_array, worked out once as the statement is planned):
    psycopg quotes an array element by element in Python, 0.1 s of a 20,000-row check's
    look-ups; one text it quotes at once, in C."""
    if all(type(value) is int for value in values):
        return (
            f"{lhs} = ANY(string_to_array(%s, ',')::bigint[])",
            (*lhs_params, ",".join(map(str, values))),
        )
    if all(type(value) is str for value in values):
        joined = SEPARATOR.join(values)
        # ('' alone would be split into no text at all)
        if joined and joined.count(SEPARATOR) == len(values) - 1:
            return f"{lhs} = ANY(string_to_array(%s, chr(31)))", (*lhs_params, joined)
    return f"{lhs} = ANY(%s)", (*lhs_params, values)


# A foreign key keeps lookups of its own (RelatedIn …): registered there too, the value an id.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
