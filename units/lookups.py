"""`field__any=values`: the field equals one of the values, sent as one array on PostgreSQL.

`field__in=values` costs a placeholder per value: Django prepares each one apart, psycopg
quotes each into the statement and then splits the long statement again to find them (a
look-up of 1,000 names spent a third of its time there, before the database saw it). An
array is one parameter: `field = ANY(…)`, which PostgreSQL answers from the field's index
as it does IN. Elsewhere (SQLite) it is IN (…), so callers send lists of the size
values_per_lookup() gives for the database.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, ForeignObject, IntegerField, Lookup, Model

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
    """`field__any=[…]`: the values prepared by the field as `In` prepares them (a model
    instance is its id), in filter(), so that a value the field refuses is a ValueError there
    (the admin answers a bad address with its "?e=1", not an error page). A value that is None
    is left out: it never matches, even in exclude() (where IN's None matches NULL). Takes a
    list, a set or a tuple, never a text (its letters would be the values) nor a query (use
    `__in`)."""

    lookup_name = "any"

    def get_prep_lookup(self):
        values = self.rhs
        if isinstance(values, str | bytes) or hasattr(values, "resolve_expression"):
            raise ValueError(f"__{self.lookup_name} takes a list of values, not {values!r}")
        prepare = self.lhs.output_field.get_prep_value
        try:
            return [prepare(value.pk if isinstance(value, Model) else value) for value in values]
        except TypeError as error:  # not a list at all: a number, None
            raise ValueError(f"__{self.lookup_name} takes a list of values") from error

    def get_db_prep_lookup(self, value, connection):
        prepare = self.lhs.output_field.get_db_prep_value
        values = [prepare(item, connection, prepared=True) for item in value]
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
BIGINT = (-(2**63), 2**63 - 1)  # what ::bigint[] takes; other numbers go as an array
MANY_TEXTS = 1_000


def _any_of(lhs: str, lhs_params, values: list) -> tuple[str, tuple]:
    """`= ANY(…)` with the values as one array. Ids and texts are sent joined into one text
    and split by the database (string_to_array, worked out once as the statement is planned):
    psycopg quotes an array element by element in Python, 0.1 s of a 20,000-row check's
    look-ups; one text it quotes at once, in C."""
    if all(type(value) is int and BIGINT[0] <= value <= BIGINT[1] for value in values):
        return (
            f"{lhs} = ANY(string_to_array(%s, ',')::bigint[])",
            (*lhs_params, ",".join(map(str, values))),
        )
    if all(type(value) is str for value in values):
        joined = SEPARATOR.join(values)
        # ('' alone would be split into no text at all)
        if joined and joined.count(SEPARATOR) == len(values) - 1:
            texts = "string_to_array(%s, chr(31))"
            if len(values) > MANY_TEXTS:
                # Planned as a list, each text's share of the rows is estimated apart (12,690
                # units' names: 79 ms of planning for 8 of work); as a set, once.
                return f"{lhs} IN (SELECT unnest({texts}))", (*lhs_params, joined)
            return f"{lhs} = ANY({texts})", (*lhs_params, joined)
    return f"{lhs} = ANY(%s)", (*lhs_params, values)


# The fields that are looked up by lists: names and ids (AutoField and BigAutoField are
# IntegerFields), and foreign keys, which keep lookups of their own. Not every Field: a
# JSONField's `report__any` is its key "any".
for looked_up in (CharField, IntegerField, ForeignObject):
    looked_up.register_lookup(AnyOf)
