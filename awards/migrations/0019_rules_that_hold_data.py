"""The eligibility rules as Law 06/2022 writes them (awards/law/catalogue.toml, [[rule]]): each
for its kind of recipient, with its ways and its article; and without the rule that Law 06/2022
does not have (a provincial chair's Bằng khen needing Grassroots Emulation Fighter twice in a
row: every collective's certificate showed a false shortfall)."""

from django.db import migrations

from awards.catalogue import load_law


def load(apps, schema_editor):
    apps.get_model("awards", "EligibilityRule").objects.filter(
        title__slug="bang-khen-chu-tich-tinh", required_title__slug="chien-si-thi-dua-co-so"
    ).delete()
    load_law(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0018_rules_that_hold")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
