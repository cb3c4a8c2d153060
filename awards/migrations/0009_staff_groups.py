"""The three groups of staff: viewers read, editors enter drafts, publishers publish and revoke.

Permissions are granted by codename, so an office can add its own groups beside these in the
admin. An editor can further be limited to one commune or unit (units.StaffScope).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = [
    "awards.view_emulationtitle",
    "awards.view_eligibilityrule",
    "awards.view_emulationmovement",
    "awards.view_decision",
    "awards.view_commendation",
    "awards.view_emulationcluster",
    "awards.view_clustermembership",
    "awards.view_pact",
    "awards.view_pactsignatory",
    "awards.view_pacttarget",
    "awards.view_ruralstandardrecognition",
    "awards.view_exportjob",
    "awards.view_anneximport",
    "units.view_commune",
    "units.view_unit",
    "units.view_person",
    "units.view_household",
]
ENTER = [
    *(
        f"{app}.{action}_{model}"
        for app, model in [
            ("awards", "decision"),
            ("awards", "commendation"),
            ("awards", "anneximport"),
            ("awards", "emulationmovement"),
            ("awards", "emulationcluster"),
            ("awards", "clustermembership"),
            ("awards", "pact"),
            ("awards", "pactsignatory"),
            ("awards", "pacttarget"),
            ("awards", "ruralstandardrecognition"),
            ("units", "unit"),
            ("units", "person"),
            ("units", "household"),
        ]
        for action in ("add", "change", "delete")
    ),
]
PUBLISH = [
    "awards.publish_decision",
    "awards.revoke_commendation",
    "awards.override_eligibility",
    "units.add_commune",
    "units.change_commune",
]
GROUPS = {
    "viewer": READ,
    "editor": [*READ, *ENTER],
    "publisher": [*READ, *ENTER, *PUBLISH],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # None only when run again on today's models (tests do, after emptying the
            # database): the export jobs have moved to the reports app since, their
            # permissions with them (reports 0001).
            if permission is not None:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0008_history_eligibility_and_imports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
