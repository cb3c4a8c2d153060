import units.names
from django.db import migrations


class Migration(migrations.Migration):
    """The folded names became FoldedCharFields, which fold on save; the columns stay as they were."""

    dependencies = [
        ("units", "0003_history_and_staff_scope"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commune",
                    name="name_folded",
                    field=units.names.FoldedCharField(db_index=True, max_length=200, source="name"),
                ),
                migrations.AlterField(
                    model_name="household",
                    name="name_folded",
                    field=units.names.FoldedCharField(
                        db_index=True, max_length=200, source="head_name"
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="name_folded",
                    field=units.names.FoldedCharField(
                        db_index=True, max_length=200, source="full_name"
                    ),
                ),
                migrations.AlterField(
                    model_name="unit",
                    name="name_folded",
                    field=units.names.FoldedCharField(db_index=True, max_length=300, source="name"),
                ),
            ],
        ),
    ]
