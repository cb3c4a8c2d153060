"""The official yearly statistical forms of Circular 02/2023/TT-BNV, counted by the database.

Each is a table whose rows have a code and whose figure columns are numbered as the circular
prints them (see ../shared/FORMS.md).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
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

from awards.models import (
    Commendation,
    EmulationMovement,
    EmulationTitle,
    Level,
    ReportingOffice,
    period_covers,
)
from reports.models import EmulationBody, EmulationOfficer, StatisticalRegime
from units.models import Unit


@dataclass
class FormRow:
    code: str
    label: str
    unit: str
    values: list[int]
    is_part: bool = False
    is_heading: bool = False  # a part's heading ("1. Chia theo …"): no code, no figures


@dataclass
class OfficialForm:
    code: str
    title: str
    columns: list[str]
    rows: list[FormRow]
    year: int
    regime: StatisticalRegime
    reporting_unit: str = ""
    # What the form could not count as the circular asks, said on it.
    warnings: list[str] = field(default_factory=list)
    # Whether it counts what stood on the period's last day (bodies, officers), not what
    # happened within it.
    as_of_end: bool = False

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.regime.period(self.year)


class NoRegime(LookupError):
    """No statistical reporting regime governs the year asked for."""


def official_form(code: str, year: int) -> OfficialForm:
    """Form `code` ("0603") for `year`, under the regime that governs that year's reporting
    period, for the office reporting on it (ReportingOffice)."""
    regime = StatisticalRegime.for_year(year)
    if regime is None:
        raise NoRegime(year)
    office = ReportingOffice.in_force(year)
    return OFFICIAL_FORMS[code](year, regime, office)


def _decided_within(regime: StatisticalRegime, year: int) -> Q:
    """The awards of decisions signed within the year's reporting period."""
    starts, ends = regime.period(year)
    return Q(decision__signed_on__gte=starts, decision__signed_on__lte=ends)


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
# The categories of individuals of rows 06-09; any other individual is counted in row 10.
LEADING = ["provincial_leader", "department_leader", "entrepreneur", "other_leader"]
COLLECTIVE, ENTERPRISE, HOUSEHOLD, PERSON = "Tập thể", "Doanh nghiệp", "Hộ", "Người"  # units
RECIPIENT_ROWS = [
    # code, label, unit of count, what it counts, whether it is a part of the row above
    ("02", "Tập thể", COLLECTIVE, {"recipient_kind": "collectives"}, False),
    ("03", "Trong đó: Doanh nghiệp", ENTERPRISE, {"enterprise": True}, True),
    ("04", "Hộ gia đình", HOUSEHOLD, {"recipient_kind": "households"}, False),
    ("05", "Cá nhân", PERSON, {"recipient_kind": "individuals"}, False),
    ("06", "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", PERSON,
     {"category": "provincial_leader"}, True),
    ("07", "Lãnh đạo cấp vụ, sở, ngành và tương đương", PERSON,
     {"category": "department_leader"}, True),
    ("08", "Doanh nhân", PERSON, {"category": "entrepreneur"}, True),
    ("09", "Các cấp lãnh đạo khác từ phó phòng trở lên", PERSON, {"category": "other_leader"},
     True),
    # Everyone else, whoever is not recorded as one of the four above: the rows add up to 05.
    ("10", "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
     "(công nhân, nông dân,...)", PERSON, {"category": "direct_worker"}, True),
]  # fmt: skip
METHOD_ROWS = [
    ("11", "Thường xuyên", "regular"),
    ("12", "Chuyên đề", "thematic"),
    ("13", "Đột xuất", "irregular"),
    ("14", "Đối ngoại", "foreign_relations"),
    ("15", "Cống hiến", "contribution"),
    ("16", "Niên hạn", "seniority"),
    ("17", "Kháng chiến", "resistance"),
]


def _award_counts(awards: QuerySet, columns: dict[str, Q]) -> list[dict]:
    """Count the year's awards by form column, recipient, enterprise, category and method."""
    column = Case(*(When(condition, then=Value(name)) for name, condition in columns.items()))
    annotated = awards.recipient_kinds().annotate(
        column=column,
        enterprise=Case(When(unit__kind=Unit.Kind.ENTERPRISE, then=True), default=False),
        category=Case(
            When(person__category__in=LEADING, then=F("person__category")),
            When(person__isnull=False, then=Value("direct_worker")),
            default=None,
        ),
    )
    return _counter(annotated.exclude(column=None), *AWARD_FIELDS)


def _award_rows(counts: list[dict], columns: list[str]) -> list[FormRow]:
    def values(**wanted) -> list[int]:
        by_column = [_sum(counts, column=name, **wanted) for name in columns]
        return [sum(by_column), *by_column]

    rows = [FormRow("01", "Tổng số", "", values())]
    rows.append(FormRow("", "1. Chia theo đối tượng khen thưởng", "", [], is_heading=True))
    rows += [
        FormRow(code, label, unit, values(**wanted), is_part)
        for code, label, unit, wanted, is_part in RECIPIENT_ROWS
    ]
    # "3.": the circular numbers this part so, there being no part 2.
    rows.append(FormRow("", "3. Chia theo phương thức khen thưởng", "", [], is_heading=True))
    rows += [FormRow(code, label, "", values(method=method)) for code, label, method in METHOD_ROWS]
    return rows


def _awards_form(
    code: str,
    title: str,
    awards: QuerySet,
    columns: list[tuple[str, list | None]],
    year: int,
    regime: StatisticalRegime,
    office: ReportingOffice | None,
) -> OfficialForm:
    """A form of the awards of decisions signed within the year's reporting period, a column
    per group of title kinds (None: all the rest)."""
    named = [kind for _, kinds in columns if kinds for kind in kinds]
    conditions = {
        str(number): Q(title__kind__in=kinds) if kinds else ~Q(title__kind__in=named)
        for number, (_, kinds) in enumerate(columns, start=2)
    }
    awards = awards.published().in_force().filter(_decided_within(regime, year))
    return OfficialForm(
        code=code,
        title=title,
        columns=["Tổng số", *(label for label, _ in columns)],
        rows=_award_rows(_award_counts(awards, conditions), list(conditions)),
        year=year,
        regime=regime,
        reporting_unit=office.name if office is not None else settings.OFFICE_NAME,
    )  # fmt: skip


def form_0603(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
    """0603.N/BNV-TĐKT: what the reporting office (a ministry, central body or province)
    conferred itself, by its own decisions (those of its authority), whatever the level of
    the title. An office whose authority is not recorded gets every provincial-level
    decision, a minister's included, and the form says so."""
    own = Q(decision__issuer_level=Level.PROVINCE)
    warnings = []
    if office is not None and office.authority_id:
        own = Q(decision__authority=office.authority_id)
    else:
        warnings.append(
            "Chưa ghi cấp có thẩm quyền của đơn vị báo cáo: biểu đếm mọi quyết định cấp bộ, "
            "tỉnh, kể cả của bộ trưởng. (The reporting office's authority is not recorded: "
            "the form counts every ministerial or provincial decision.)"
        )
    Kind = EmulationTitle.Kind
    of = "bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"
    columns = [
        ("Bằng khen", [Kind.CERTIFICATE_OF_MERIT]),
        ("Chiến sĩ thi đua cấp bộ, cấp tỉnh", [Kind.EMULATION_FIGHTER]),
        (f"Cờ thi đua của {of}", [Kind.EMULATION_FLAG]),
        (f"Huy hiệu (kỷ niệm chương) của {of}", [Kind.COMMEMORATIVE_MEDAL]),
    ]
    form = _awards_form(
        "0603.N/BNV-TĐKT",
        "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực "
        "thuộc Trung ương",
        Commendation.objects.filter(own), columns, year, regime, office,
    )  # fmt: skip
    form.warnings = warnings
    return form


def form_0602(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
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
        "0602.N/BNV-TĐKT", "Số lượng khen thưởng cấp Nhà nước",
        Commendation.objects.filter(title__level=Level.STATE), columns, year, regime,
        office,
    )  # fmt: skip


def form_0601(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
    """0601.N/BNV-TĐKT: emulation movements launched within the year's reporting period.

    A movement without an end date is still running: it counts as five years or more.
    """
    Movement = EmulationMovement
    a_year = datetime.timedelta(days=365)
    starts, ends = regime.period(year)
    movements = (
        Movement.objects.filter(starts_on__gte=starts, starts_on__lte=ends)
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
        ("", "1. Chia theo phạm vi tổ chức thi đua", None),
        ("02", "Toàn quốc", {"scope": Scope.NATIONWIDE}),
        ("03", "Bộ, ban, ngành đoàn thể, địa phương", {"scope": Scope.LOCALITY}),
        ("04", "Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
         {"scope": Scope.CLUSTER}),
        ("05", "Cơ quan, tổ chức, đơn vị", {"scope": Scope.AGENCY}),
        ("", "2. Chia theo thời hạn thi đua", None),
        ("06", "Dưới 1 năm", {"duration": "<1"}),
        ("07", "1 năm", {"duration": "1"}),
        ("08", "Từ 1 năm đến dưới 3 năm", {"duration": "1-3"}),
        ("09", "Từ 3 năm đến dưới 5 năm", {"duration": "3-5"}),
        ("10", "Từ 5 năm trở lên", {"duration": "5+"}),
        ("", "3. Chia theo phương thức tổ chức phong trào thi đua", None),
        ("11", "Thi đua theo chuyên đề", {"method": Method.THEMATIC}),
        ("12", "Thi đua thường xuyên hàng năm", {"method": Method.REGULAR}),
    ]  # fmt: skip
    return OfficialForm(
        code="0601.N/BNV-TĐKT",
        title="Số phong trào thi đua",
        columns=[
            "Tổng số",
            "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
            "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
            "Cơ quan, tổ chức, đơn vị",
        ],
        rows=[
            FormRow(code, label, "", [], is_heading=True)
            if wanted is None
            else FormRow(code, label, "Phong trào", values(**wanted), is_part=code != "01")
            for code, label, wanted in lines
        ],
        year=year,
        regime=regime,
        reporting_unit=office.name if office is not None else settings.OFFICE_NAME,
    )


def form_0604(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
    """0604.N/BNV-TĐKT: the bodies doing emulation and commendation work, as they stood on
    the last day of the reporting period."""
    _starts, ends = regime.period(year)
    counts = dict(
        EmulationBody.objects.filter(period_covers(ends))
        .values_list("kind")
        .annotate(total=Count("id"))
        .order_by()
    )
    Kind = EmulationBody.Kind
    lines = [
        ("02", "Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", "Vụ", Kind.MINISTRY_DEPARTMENT),
        ("03", "Cấp phòng, ban hoặc bộ phận thuộc Vụ", "Phòng", Kind.DIVISION_OF_DEPARTMENT),
        ("04", "Cấp ban thuộc Sở Nội vụ", "Ban", Kind.BOARD_OF_HOME_AFFAIRS),
        ("05", "Cấp phòng thuộc Sở Nội vụ", "Phòng", Kind.DIVISION_OF_HOME_AFFAIRS),
    ]
    return OfficialForm(
        code="0604.N/BNV-TĐKT",
        title="Số lượng tổ chức làm công tác thi đua, khen thưởng của bộ, ban, ngành, đoàn thể "
        "Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        columns=["Số lượng"],
        as_of_end=True,
        rows=[
            FormRow("01", "Tổng số", "Tổ chức", [sum(counts.values())]),
            FormRow("", "Chia theo cơ cấu tổ chức bộ máy", "", [], is_heading=True),
            *(
                FormRow(code, label, unit, [counts.get(kind, 0)], is_part=True)
                for code, label, unit, kind in lines
            ),
        ],
        year=year,
        regime=regime,
        reporting_unit=office.name if office is not None else settings.OFFICE_NAME,
    )


# Form 0605.N's bands: (code, label, lowest, highest), both included; None: no bound.
AGE_BANDS = [
    ("02", "Từ 30 trở xuống", None, 30),
    ("03", "Từ 31 đến 40", 31, 40),
    ("04", "Từ 41 đến 50", 41, 50),
    ("05", "Từ 51 đến 55", 51, 55),
    ("06", "Từ 56 đến 60", 56, 60),
    ("07", "Trên 60 tuổi", 61, None),
]
TRAINING_ROWS = [
    ("08", "Sơ cấp", "elementary"),
    ("09", "Trung cấp", "intermediate"),
    ("10", "Cao đẳng", "college"),
    ("11", "Đại học", "university"),
    ("12", "Trên đại học", "postgraduate"),
]
# Whole years in the field. The circular's own labels overlap at ten years ("từ 5 đến 10
# năm", "từ 10 năm trở lên"): ten years is counted in the second.
SENIORITY_BANDS = [
    ("13", "Dưới 5 năm", None, 4),
    ("14", "Từ 5 đến 10 năm", 5, 9),
    ("15", "Từ 10 năm trở lên", 10, None),
]


def _within(value: int, lowest: int | None, highest: int | None) -> bool:
    return (lowest is None or value >= lowest) and (highest is None or value <= highest)


def form_0605(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
    """0605.N/BNV-TĐKT: the civil servants doing emulation and commendation work on the last
    day of the reporting period, all and women, by age, training and years in the field.
    An office has tens of them: counted here rather than by the database."""
    _starts, ends = regime.period(year)
    officers = list(
        EmulationOfficer.objects.filter(period_covers(ends), in_the_field_since__lte=ends)
        .filter(period_covers(ends, prefix="body__"))
        .values_list("is_female", "birth_year", "training", "in_the_field_since")
    )

    def values(keep) -> list[int]:
        kept = [officer for officer in officers if keep(*officer)]
        return [len(kept), sum(1 for officer in kept if officer[0])]

    def years_in_field(since: datetime.date) -> int:
        return ends.year - since.year - ((ends.month, ends.day) < (since.month, since.day))

    rows = [FormRow("01", "Tổng số", "Người", values(lambda *officer: True))]
    rows.append(FormRow("", "1. Chia theo độ tuổi", "", [], is_heading=True))
    rows += [
        FormRow(code, label, "Người", values(
            lambda female, born, training, since, lo=lo, hi=hi: _within(ends.year - born, lo, hi)
        ), is_part=True)
        for code, label, lo, hi in AGE_BANDS
    ]  # fmt: skip
    rows.append(FormRow("", "2. Chia theo trình độ đào tạo", "", [], is_heading=True))
    rows += [
        FormRow(code, label, "Người", values(
            lambda female, born, training, since, wanted=wanted: training == wanted
        ), is_part=True)
        for code, label, wanted in TRAINING_ROWS
    ]  # fmt: skip
    rows.append(
        FormRow(
            "", "3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng", "", [],
            is_heading=True,
        )
    )  # fmt: skip
    rows += [
        FormRow(code, label, "Người", values(
            lambda female, born, training, since, lo=lo, hi=hi: _within(
                years_in_field(since), lo, hi
            )
        ), is_part=True)
        for code, label, lo, hi in SENIORITY_BANDS
    ]  # fmt: skip
    return OfficialForm(
        code="0605.N/BNV-TĐKT",
        title="Số lượng công chức làm công tác thi đua, khen thưởng của bộ, ban, ngành, đoàn "
        "thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        columns=["Tổng số", "Trong đó: Nữ"],
        as_of_end=True,
        rows=rows,
        year=year,
        regime=regime,
        reporting_unit=office.name if office is not None else settings.OFFICE_NAME,
    )


OFFICIAL_FORMS = {
    "0601": form_0601,
    "0602": form_0602,
    "0603": form_0603,
    "0604": form_0604,
    "0605": form_0605,
}
