"""A statistical reporting regime is data an office can add when the law changes: checked as
it is entered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.models import StatisticalRegime

pytestmark = pytest.mark.django_db


def regime(**fields) -> StatisticalRegime:
    values = {
        "circular": "18/2025/TT-BNV", "header": "Ban hành theo Thông tư số 18/2025/TT-BNV",
        "due": "Ngày 15 tháng 12 năm báo cáo", "period_starts_month": 12, "period_starts_day": 1,
        "period_ends_month": 11, "period_ends_day": 30, "valid_from": datetime.date(2026, 1, 1),
        "legal_basis": "Thông tư 18/2025/TT-BNV",
    }  # fmt: skip
    return StatisticalRegime(**{**values, **fields})


def test_a_period_ends_on_a_day_every_year_has():
    with pytest.raises(ValidationError, match="29/2 is not a day of every year"):
        regime(period_ends_month=2, period_ends_day=29).full_clean()
    with pytest.raises(ValidationError, match="31/11"):
        regime(period_ends_day=31).full_clean()
    regime().full_clean()


def test_a_regime_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        regime(valid_until=datetime.date(2025, 12, 31)).save()


def test_a_new_regime_governs_the_years_whose_period_ends_within_it():
    """Given an end, 02/2023 keeps the years before; the new one takes those after."""
    StatisticalRegime.objects.filter(circular="02/2023/TT-BNV").update(
        valid_until=datetime.date(2026, 11, 29)
    )
    regime(valid_from=datetime.date(2026, 11, 30)).save()
    assert StatisticalRegime.for_year(2025).circular == "02/2023/TT-BNV"
    assert StatisticalRegime.for_year(2026).circular == "18/2025/TT-BNV"
    assert StatisticalRegime.for_year(2026).period(2026) == (
        datetime.date(2025, 12, 1), datetime.date(2026, 11, 30),
    )  # fmt: skip
