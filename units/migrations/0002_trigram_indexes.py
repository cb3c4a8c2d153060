"""Trigram indexes on the folded names, on PostgreSQL only.

`name_folded__contains` becomes LIKE '%…%', which a B-tree cannot serve; pg_trgm's GIN index can.
SQLite has no such index type, so there the migration does nothing and searches scan.
"""

from django.db import migrations

FOLDED_COLUMNS = [
    ("units_commune", "name_folded"),
    ("units_unit", "name_folded"),
    ("units_person", "name_folded"),
    ("units_household", "name_folded"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in FOLDED_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm "
            f"ON {table} USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in FOLDED_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
