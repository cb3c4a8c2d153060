import units.names
from django.db import migrations


class Migration(migrations.Migration):
    """The folded names became FoldedCharFields, which fold on save; the columns stay as they were."""

    dependencies = [
        ("awards", "0010_decision_scans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commendation",
                    name="recipient_name_folded",
                    field=units.names.FoldedCharField(
                        db_index=True, max_length=300, source="recipient_name"
                    ),
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="search_folded",
                    field=units.names.FoldedCharField(
                        default="", max_length=600, source=["number", "subject"]
                    ),
                ),
                migrations.AlterField(
                    model_name="emulationtitle",
                    name="name_folded",
                    field=units.names.FoldedCharField(db_index=True, max_length=200, source="name"),
                ),
            ],
        ),
    ]
