"""The official yearly statistical forms of Circular 02/2023/TT-BNV, counted by the database.

Each is a table whose rows have a code and whose figure columns are numbered as the circular
prints them (see ../shared/FORMS.md).
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from awards.models import Commendation, EmulationMovement, EmulationTitle, Level
from units.models import Unit

CIRCULAR = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"


@dataclass
class FormRow:
    code: str
    label: str
    unit: str
    values: list[int]
    is_part: bool = False


@dataclass
class OfficialForm:
    code: str
    title: str
    columns: list[str]
    rows: list[FormRow]
    year: int
    reporting_unit: str = ""


def _counter(queryset: QuerySet, *fields) -> list[dict]:
    """Counts by every combination of `fields`, in one GROUP BY: rows of fields and `total`."""
    return list(queryset.values(*fields).annotate(total=Count("id")).order_by())


def _sum(counts: list[dict], **wanted) -> int:
    """Add up the counts whose fields have the `wanted` values."""
    return sum(
        row["total"] for row in counts if all(row[name] == value for name, value in wanted.items())
    )


# The fields counted together for forms 0602.N and 0603.N.
AWARD_FIELDS = ("column", "recipient_kind", "enterprise", "category", "method")
COLLECTIVE, HOUSEHOLD, PERSON = "Tập thể", "Hộ", "Người"  # units of count
RECIPIENT_ROWS = [
    # code, label, unit of count, what it counts, whether it is a part of the row above
    ("02", "Tập thể", COLLECTIVE, {"recipient_kind": "collectives"}, False),
    ("03", "Trong đó: Doanh nghiệp", COLLECTIVE, {"enterprise": True}, True),
    ("04", "Hộ gia đình", HOUSEHOLD, {"recipient_kind": "households"}, False),
    ("05", "Cá nhân", PERSON, {"recipient_kind": "individuals"}, False),
    ("06", "Lãnh đạo cấp tỉnh, bộ và tương đương trở lên", PERSON,
     {"category": "provincial_leader"}, True),
    ("07", "Lãnh đạo cấp vụ, sở, ngành và tương đương", PERSON,
     {"category": "department_leader"}, True),
    ("08", "Doanh nhân", PERSON, {"category": "entrepreneur"}, True),
    ("09", "Lãnh đạo khác từ phó trưởng phòng trở lên", PERSON, {"category": "other_leader"}, True),
    ("10", "Người trực tiếp lao động (công nhân, nông dân, …)", PERSON,
     {"category": "direct_worker"}, True),
]  # fmt: skip
METHOD_ROWS = [
    ("11", "Khen thưởng thường xuyên", "regular"),
    ("12", "Khen thưởng theo chuyên đề (theo đợt)", "thematic"),
    ("13", "Khen thưởng đột xuất", "irregular"),
    ("14", "Khen thưởng đối ngoại", "foreign_relations"),
    ("15", "Khen thưởng cống hiến", "contribution"),
    ("16", "Khen thưởng niên hạn", "seniority"),
    ("17", "Khen thưởng kháng chiến", "resistance"),
]


def _award_counts(awards: QuerySet, columns: dict[str, Q]) -> list[dict]:
    """Count the year's awards by form column, recipient, enterprise, category and method."""
    column = Case(*(When(condition, then=Value(name)) for name, condition in columns.items()))
    annotated = awards.recipient_kinds().annotate(
        column=column,
        enterprise=Case(When(unit__kind=Unit.Kind.ENTERPRISE, then=True), default=False),
        category=F("person__category"),
    )
    return _counter(annotated.exclude(column=None), *AWARD_FIELDS)


def _award_rows(counts: list[dict], columns: list[str]) -> list[FormRow]:
    def values(**wanted) -> list[int]:
        by_column = [_sum(counts, column=name, **wanted) for name in columns]
        return [sum(by_column), *by_column]

    rows = [FormRow("01", "Tổng số", "", values())]
    rows += [
        FormRow(code, label, unit, values(**wanted), is_part)
        for code, label, unit, wanted, is_part in RECIPIENT_ROWS
    ]
    rows += [FormRow(code, label, "", values(method=method)) for code, label, method in METHOD_ROWS]
    return rows


def _awards_form(
    code: str,
    title: str,
    level: str,
    columns: list[tuple[str, list | None]],
    year: int,
    reporting_unit: str,
) -> OfficialForm:
    """A form of awards at one level, a column per group of title kinds (None: all the rest)."""
    named = [kind for _, kinds in columns if kinds for kind in kinds]
    conditions = {
        str(number): Q(title__kind__in=kinds) if kinds else ~Q(title__kind__in=named)
        for number, (_, kinds) in enumerate(columns, start=2)
    }
    awards = Commendation.objects.published().in_force().filter(year=year, title__level=level)
    return OfficialForm(
        code=code,
        title=title,
        columns=["Tổng số", *(label for label, _ in columns)],
        rows=_award_rows(_award_counts(awards, conditions), list(conditions)),
        year=year,
        reporting_unit=reporting_unit,
    )  # fmt: skip


def form_0603(year: int, reporting_unit: str = "") -> OfficialForm:
    """0603.N/BNV-TĐKT: awards of the ministry, central body or province."""
    Kind = EmulationTitle.Kind
    columns = [
        ("Bằng khen", [Kind.CERTIFICATE_OF_MERIT]),
        ("Chiến sĩ thi đua cấp bộ, cấp tỉnh", [Kind.EMULATION_FIGHTER]),
        ("Cờ thi đua của bộ, tỉnh", [Kind.EMULATION_FLAG]),
        ("Huy hiệu, kỷ niệm chương của bộ, tỉnh", [Kind.COMMEMORATIVE_MEDAL]),
    ]
    return _awards_form(
        "0603.N/BNV-TĐKT",
        "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh",
        Level.PROVINCE, columns, year, reporting_unit,
    )  # fmt: skip


def form_0602(year: int, reporting_unit: str = "") -> OfficialForm:
    """0602.N/BNV-TĐKT: state-level awards, by kind."""
    Kind = EmulationTitle.Kind
    columns = [
        ("Huân chương", [Kind.ORDER]),
        ("Huy chương", [Kind.MEDAL]),
        ("Danh hiệu vinh dự Nhà nước", [Kind.HONORARY_TITLE]),
        ("Giải thưởng Hồ Chí Minh", [Kind.HO_CHI_MINH_PRIZE]),
        ("Giải thưởng Nhà nước", [Kind.STATE_PRIZE]),
        ("Cờ thi đua của Chính phủ", [Kind.EMULATION_FLAG]),
        ("Bằng khen của Thủ tướng Chính phủ", [Kind.CERTIFICATE_OF_MERIT]),
        ("Chiến sĩ thi đua toàn quốc", [Kind.EMULATION_FIGHTER]),
        ("Hình thức khác", None),
    ]
    return _awards_form(
        "0602.N/BNV-TĐKT", "Số lượng khen thưởng cấp Nhà nước", Level.STATE, columns, year,
        reporting_unit,
    )  # fmt: skip


def form_0601(year: int, reporting_unit: str = "") -> OfficialForm:
    """0601.N/BNV-TĐKT: emulation movements launched in the year.

    A movement without an end date is still running: it counts as five years or more.
    """
    Movement = EmulationMovement
    a_year = datetime.timedelta(days=365)
    movements = (
        Movement.objects.filter(starts_on__year=year)
        .alias(days=ExpressionWrapper(F("ends_on") - F("starts_on"), output_field=DurationField()))
        .annotate(
            duration=Case(
                When(ends_on__isnull=True, then=Value("5+")),
                When(days__lt=datetime.timedelta(days=360), then=Value("<1")),
                When(days__lte=datetime.timedelta(days=370), then=Value("1")),
                When(days__lt=3 * a_year, then=Value("1-3")),
                When(days__lt=5 * a_year, then=Value("3-5")),
                default=Value("5+"),
            )
        )
    )
    counts = _counter(movements, "launch_level", "scope", "duration", "method")
    levels = list(Movement.LaunchLevel)

    def values(**wanted) -> list[int]:
        by_level = [_sum(counts, launch_level=level, **wanted) for level in levels]
        return [sum(by_level), *by_level]

    Scope, Method = Movement.Scope, Movement.Method
    lines = [
        ("01", "Tổng số", {}),
        ("02", "Toàn quốc", {"scope": Scope.NATIONWIDE}),
        ("03", "Bộ, ngành, địa phương", {"scope": Scope.LOCALITY}),
        ("04", "Cụm, khối thi đua do Hội đồng thi đua tổ chức", {"scope": Scope.CLUSTER}),
        ("05", "Cơ quan, tổ chức, đơn vị", {"scope": Scope.AGENCY}),
        ("06", "Dưới 1 năm", {"duration": "<1"}),
        ("07", "1 năm", {"duration": "1"}),
        ("08", "Từ 1 năm đến dưới 3 năm", {"duration": "1-3"}),
        ("09", "Từ 3 năm đến dưới 5 năm", {"duration": "3-5"}),
        ("10", "Từ 5 năm trở lên", {"duration": "5+"}),
        ("11", "Theo chuyên đề", {"method": Method.THEMATIC}),
        ("12", "Thường xuyên hằng năm", {"method": Method.REGULAR}),
    ]
    return OfficialForm(
        code="0601.N/BNV-TĐKT",
        title="Số phong trào thi đua",
        columns=[
            "Tổng số",
            "Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
            "Bộ, ban, ngành, đoàn thể Trung ương, tỉnh",
            "Cơ quan, tổ chức, đơn vị",
        ],
        rows=[
            FormRow(code, label, "Phong trào", values(**wanted), is_part=code != "01")
            for code, label, wanted in lines
        ],
        year=year,
        reporting_unit=reporting_unit,
    )


OFFICIAL_FORMS = {"0601": form_0601, "0602": form_0602, "0603": form_0603}
