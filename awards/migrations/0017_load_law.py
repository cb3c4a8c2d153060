"""The law as of 1 December 2026 (awards/law/*.toml): the whole catalogue with its periods and
successors, who may confer what and when, the base salary and the reward rates.

The catalogue of 0003 held its criteria in English: they move to `criteria_en`, and `criteria`
holds the Vietnamese of the files. Later changes of the law are edits of the files and a
migration like this one (or `manage.py load_law`).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from awards.catalogue import load_law

# The entries 0003 shipped, whose `criteria` was English.
SHIPPED = [
    "huan-chuong-lao-dong-hang-nhat", "huan-chuong-lao-dong-hang-nhi",
    "huan-chuong-lao-dong-hang-ba", "anh-hung-lao-dong", "giai-thuong-ho-chi-minh",
    "giai-thuong-nha-nuoc", "huy-chuong-huu-nghi", "co-thi-dua-cua-chinh-phu",
    "chien-si-thi-dua-toan-quoc", "bang-khen-thu-tuong", "co-thi-dua-cua-tinh",
    "chien-si-thi-dua-cap-tinh", "tap-the-lao-dong-xuat-sac", "xa-phuong-thi-tran-tieu-bieu",
    "bang-khen-chu-tich-tinh", "ky-niem-chuong-thi-dua-khen-thuong", "giay-khen-chu-tich-huyen",
    "chien-si-thi-dua-co-so", "tap-the-lao-dong-tien-tien", "lao-dong-tien-tien",
    "giay-khen-chu-tich-xa", "thon-to-dan-pho-van-hoa", "gia-dinh-van-hoa",
]  # fmt: skip


def load(apps, schema_editor):
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    for title in EmulationTitle.objects.filter(slug__in=SHIPPED, criteria_en=""):
        title.criteria_en, title.criteria = title.criteria, ""
        title.save(update_fields=["criteria", "criteria_en"])
    load_law(apps)


def unload(apps, schema_editor):
    for model in ("Competence", "Authority", "RewardRate", "RewardRounding", "BaseSalary"):
        apps.get_model("awards", model).objects.all().delete()
    EmulationTitle = apps.get_model("awards", "EmulationTitle")
    EmulationTitle.objects.update(successor=None)
    for title in EmulationTitle.objects.filter(slug__in=SHIPPED):
        title.criteria = title.criteria_en
        title.save(update_fields=["criteria"])


# Every group of staff reads the law's data (as it reads the catalogue, 0009); only superusers
# change it.
LAW_MODELS = ["authority", "competence", "basesalary", "rewardrate", "rewardrounding"]


def let_staff_read(apps, schema_editor):
    awards = apps.get_app_config("awards")
    models_module = getattr(awards, "models_module", None)
    awards.models_module = models_module or True  # permissions are made after all migrations
    create_permissions(awards, apps=apps, verbosity=0)
    awards.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    views = Permission.objects.filter(
        content_type__app_label="awards", codename__in=[f"view_{model}" for model in LAW_MODELS]
    )
    for group in Group.objects.filter(name__in=["viewer", "editor", "publisher"]):
        group.permissions.add(*views)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0016_law_periods_authorities_money"),
        ("awards", "0009_staff_groups"),
    ]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(let_staff_read, migrations.RunPython.noop),
    ]
