"""A trigram index on people's positions, on PostgreSQL only (as 0002's on the folded names).

The people admin's search looks for each word in the folded name or the position, and Django
writes `position__icontains` as UPPER("position") LIKE UPPER('%…%'): with no index for that
half of the OR, PostgreSQL read every person to answer it (200,000 at a million awards: 80 ms to
count a search for "nguyen van", 130 ms for its page). With this index both halves are bitmap
index scans. The expression is Django's, to the cast, or the planner would not match it.
"""

from django.db import migrations

INDEX = "units_person_position_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} "
        "ON units_person USING gin ((UPPER(position::text)) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("units", "0010_successor_messages")]

    operations = [migrations.RunPython(create_index, drop_index)]
