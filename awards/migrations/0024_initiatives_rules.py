"""The rules on recognised initiatives (awards/law/catalogue.toml); staff read the
initiatives, editors and publishers record them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from awards.catalogue import load_law


def load(apps, schema_editor):
    load_law(apps)


def unload(apps, schema_editor):
    # Back before 0023, a rule requires a title or a rating: those on initiatives go.
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    EligibilityRule.objects.exclude(required_reach="").delete()


def let_staff_record(apps, schema_editor):
    awards = apps.get_app_config("awards")
    models_module = getattr(awards, "models_module", None)
    awards.models_module = models_module or True  # permissions are made after all migrations
    create_permissions(awards, apps=apps, verbosity=0)
    awards.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codes = {
        "viewer": ["view"],
        "editor": ["view", "add", "change", "delete"],
        "publisher": ["view", "add", "change", "delete"],
    }
    for group in Group.objects.filter(name__in=codes):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="awards",
                codename__in=[f"{action}_initiative" for action in codes[group.name]],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0023_initiatives")]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(let_staff_record, migrations.RunPython.noop),
    ]
