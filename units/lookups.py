"""`field__any=values`: the field equals one of the values, sent as one array on PostgreSQL.

`field__in=values` costs a placeholder per value: Django prepares each one apart, psycopg
quotes each into the statement and then splits the long statement again to find them (a
look-up of 1,000 names spent a third of its time there, before the database saw it). An
array is one parameter: `field = ANY(%s)`, which PostgreSQL answers from the field's index
as it does IN. Elsewhere (SQLite) it is IN (…), so callers still send lists of a size every
database takes (values.CHUNK).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


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
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


# A foreign key keeps lookups of its own (RelatedIn …): registered there too, the value an id.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
