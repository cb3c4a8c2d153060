"""Staff read the successors of split communes and units; editors record a unit's, publishers
(who redraw the map) a commune's too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODES = {
    "viewer": ["view_unitsuccessor", "view_communesuccessor"],
    "editor": [
        *(f"{action}_unitsuccessor" for action in ("view", "add", "change", "delete")),
        "view_communesuccessor",
    ],
    "publisher": [
        *(f"{action}_{model}" for action in ("view", "add", "change", "delete")
          for model in ("unitsuccessor", "communesuccessor")),
    ],
}


def let_staff_record(apps, schema_editor):
    units = apps.get_app_config("units")
    models_module = getattr(units, "models_module", None)
    units.models_module = models_module or True  # permissions are made after all migrations
    create_permissions(units, apps=apps, verbosity=0)
    units.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=CODES):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="units", codename__in=CODES[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0008_person_listed_by_name"),
        ("awards", "0009_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(let_staff_record, migrations.RunPython.noop)]
