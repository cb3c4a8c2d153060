# The regime of Circular 02/2023/TT-BNV (in force from 10 May 2023), as its forms print it.

import datetime

from django.db import migrations

REGIME = {
    "circular": "02/2023/TT-BNV",
    "header": "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023",
    "due": "Ngày 15 tháng 12 năm báo cáo",
    # The emulation and commendation field's period: 1 December of the year before to
    # 30 November (the other fields of the circular count the calendar year).
    "period_starts_month": 12,
    "period_starts_day": 1,
    "period_ends_month": 11,
    "period_ends_day": 30,
    "valid_from": datetime.date(2023, 5, 10),
    "legal_basis": (
        "Thông tư 02/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ quy định chế độ báo cáo thống kê "
        "ngành Nội vụ, Phụ lục II (biểu 0601.N–0605.N/BNV-TĐKT); hiệu lực từ 10/5/2023; kỳ báo "
        "cáo lĩnh vực thi đua, khen thưởng từ ngày 01/12 năm trước đến ngày 30/11 năm báo cáo"
    ),
}


def load(apps, schema_editor):
    Regime = apps.get_model("reports", "StatisticalRegime")
    Regime.objects.update_or_create(circular=REGIME["circular"], defaults=REGIME)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_statistical_regimes'),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
