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
    Decision,
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


@dataclass(frozen=True)
class Column:
    """A figure column: the number the circular prints over it (several columns may share
    one, as form 0602.N's orders and medals do) and its headings, the widest first
    ("Các loại huân chương, huy chương", "Huân chương Lao động hạng Ba", "Tập thể")."""

    number: int
    headings: tuple[str, ...]

    @property
    def label(self) -> str:
        return " / ".join(self.headings)


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


def numbered(*labels: str) -> list[Column]:
    """Columns numbered 1, 2, … with one heading each."""
    return [Column(number, (label,)) for number, label in enumerate(labels, start=1)]


@dataclass
class OfficialForm:
    code: str
    title: str
    columns: list[Column]
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

    @property
    def header(self) -> list[list[HeaderCell]]:
        """The figure columns' heading lines as the circular draws them: a heading over the
        columns that share it; a column's last heading (its recipients) on the last line,
        the one above it spanning down to it; a column of one heading spanning them all."""
        depth = max(len(column.headings) for column in self.columns)
        slots = [
            (column.headings[0], *[None] * (depth - 1))
            if len(column.headings) == 1
            else (*column.headings[:-1], *[None] * (depth - len(column.headings)),
                  column.headings[-1])
            for column in self.columns
        ]  # fmt: skip
        lines = []
        for level in range(depth):
            line, start = [], 0
            while start < len(slots):
                slot, end = slots[start], start + 1
                if slot[level] is not None:
                    while end < len(slots) and slots[end][: level + 1] == slot[: level + 1]:
                        end += 1
                    below = slot[level + 1 :]
                    spanned = next((n for n, text in enumerate(below) if text), len(below))
                    line.append(HeaderCell(slot[level], end - start, 1 + spanned))
                start = end
            lines.append(line)
        return lines

    @property
    def numbers(self) -> list[HeaderCell]:
        """The line of column numbers (1, 2, …), one over the columns that share it."""
        cells: list[HeaderCell] = []
        for column in self.columns:
            if cells and cells[-1].text == str(column.number):
                cells[-1] = HeaderCell(cells[-1].text, cells[-1].colspan + 1)
            else:
                cells.append(HeaderCell(str(column.number)))
        return cells


class NoRegime(LookupError):
    """No statistical reporting regime governs the year asked for."""


def official_form(code: str, year: int) -> OfficialForm:
    """Form `code` ("0603") for `year`, under the regime that governs that year's reporting
    period, for the office reporting on it (the ReportingOffice in force at the period's end)."""
    regime = StatisticalRegime.for_year(year)
    if regime is None:
        raise NoRegime(year)
    office = ReportingOffice.in_force_on(regime.period(year)[1])
    return OFFICIAL_FORMS[code](year, regime, office)


def _reporting_unit(office: ReportingOffice | None) -> str:
    return office.name if office is not None else settings.OFFICE_NAME


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


def _sum_both(counts: list[dict], column: dict, line: dict) -> int:
    """What a column counts on a line: the counts with both's values (none if they differ on
    a field, as a column of individuals on the line of collectives)."""
    if any(line[name] != value for name, value in column.items() if name in line):
        return 0
    return _sum(counts, **(column | line))


# The fields the award forms (0602.N, 0603.N) count together.
AWARD_FIELDS = ("title", "recipient_kind", "enterprise", "category", "method", "proposer_kind")
# The categories of individuals of the circular's rows; any other individual is counted as a
# direct worker, the last of them, so that they add up to the individuals.
LEADING = ["provincial_leader", "department_leader", "entrepreneur", "other_leader"]
COLLECTIVE, ENTERPRISE, HOUSEHOLD, PERSON = "Tập thể", "Doanh nghiệp", "Hộ", "Người"  # units
RECIPIENT_LINES = [
    # label, unit of count, what it counts, whether it is a part of the line above
    ("Tập thể", COLLECTIVE, {"recipient_kind": "collectives"}, False),
    ("Trong đó: Doanh nghiệp", ENTERPRISE, {"enterprise": True}, True),
    ("Hộ gia đình", HOUSEHOLD, {"recipient_kind": "households"}, False),
    ("Cá nhân", PERSON, {"recipient_kind": "individuals"}, False),
    ("Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", PERSON,
     {"category": "provincial_leader"}, True),
    ("Lãnh đạo cấp vụ, sở, ngành và tương đương", PERSON, {"category": "department_leader"},
     True),
    ("Doanh nhân", PERSON, {"category": "entrepreneur"}, True),
    ("Các cấp lãnh đạo khác từ phó phòng trở lên", PERSON, {"category": "other_leader"}, True),
    ("Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
     "(công nhân, nông dân,...)", PERSON, {"category": "direct_worker"}, True),
]  # fmt: skip
METHOD_LINES = [
    ("Thường xuyên", "regular"),
    ("Chuyên đề", "thematic"),
    ("Đột xuất", "irregular"),
    ("Đối ngoại", "foreign_relations"),
    ("Cống hiến", "contribution"),
    ("Niên hạn", "seniority"),
    ("Kháng chiến", "resistance"),
]
RECIPIENT_HEADINGS = {
    "collectives": "Tập thể",
    "individuals": "Cá nhân",
    "households": "Hộ gia đình",
}


def _award_counts(awards: QuerySet) -> list[dict]:
    """Count awards by title, recipient, enterprise, category, method and proposer."""
    annotated = awards.recipient_kinds().annotate(
        enterprise=Case(When(unit__kind=Unit.Kind.ENTERPRISE, then=True), default=False),
        category=Case(
            When(person__category__in=LEADING, then=F("person__category")),
            When(person__isnull=False, then=Value("direct_worker")),
            default=None,
        ),
        proposer_kind=F("decision__proposer_kind"),
    )
    return _counter(annotated, *AWARD_FIELDS)


def _award_rows(
    counts: list[dict],
    columns: list[dict],
    *,
    first: int,
    headings: tuple[str, str],
    before: tuple[str, list[tuple[str, str, str, dict]]] | None = None,
) -> list[FormRow]:
    """The lines of an award form: the total (01), the parts `before` (a heading and its
    lines), by recipient then by method under `headings`, coded on from `first`. Each of
    `columns` is what a figure column counts; the total column adds them up."""

    def values(**line) -> list[int]:
        figures = [_sum_both(counts, column, line) for column in columns]
        return [sum(figures), *figures]

    codes = (f"{code:02d}" for code in range(first, 100))
    rows = [FormRow("01", "Tổng số", "", values())]
    if before is not None:
        heading, lines = before
        rows.append(FormRow("", heading, "", [], is_heading=True))
        rows += [
            FormRow(code, label, unit, values(**line), is_part=True)
            for code, label, unit, line in lines
        ]
    rows.append(FormRow("", headings[0], "", [], is_heading=True))
    rows += [
        FormRow(next(codes), label, unit, values(**line), is_part)
        for label, unit, line, is_part in RECIPIENT_LINES
    ]
    rows.append(FormRow("", headings[1], "", [], is_heading=True))
    rows += [
        FormRow(next(codes), label, "", values(method=method)) for label, method in METHOD_LINES
    ]
    return rows


def _titles_of(counts: list[dict]) -> list[EmulationTitle]:
    return list(
        EmulationTitle.objects.filter(pk__in={row["title"] for row in counts}).only(
            "name", "kind", "rank", "for_collectives", "for_individuals", "for_households"
        )
    )


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
    groups = [
        ("Bằng khen", Kind.CERTIFICATE_OF_MERIT),
        ("Chiến sĩ thi đua cấp bộ, cấp tỉnh", Kind.EMULATION_FIGHTER),
        (f"Cờ thi đua của {of}", Kind.EMULATION_FLAG),
        (f"Huy hiệu (kỷ niệm chương) của {of}", Kind.COMMEMORATIVE_MEDAL),
    ]
    awards = Commendation.objects.filter(own).published().in_force_on(regime.period(year)[1])
    counts = _award_counts(awards.filter(_decided_within(regime, year)))
    kind_of = {title.pk: title.kind for title in _titles_of(counts)}
    for row in counts:
        row["kind"] = kind_of[row["title"]]
    return OfficialForm(
        code="0603.N/BNV-TĐKT",
        title="Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành "
        "phố trực thuộc Trung ương",
        columns=numbered("Tổng số", *(label for label, _ in groups)),
        rows=_award_rows(
            counts,
            [{"kind": kind} for _, kind in groups],
            first=2,
            # The circular numbers the second part so, there being no part 2.
            headings=(
                "1. Chia theo đối tượng khen thưởng", "3. Chia theo phương thức khen thưởng"
            ),
        ),
        year=year,
        regime=regime,
        reporting_unit=_reporting_unit(office),
        warnings=warnings,
    )  # fmt: skip


def form_0602(
    year: int, regime: StatisticalRegime, office: ReportingOffice | None = None
) -> OfficialForm:
    """0602.N/BNV-TĐKT: the state-level awards of decisions signed within the period, a
    column for each kind and recipient as the circular draws them, the orders and medals,
    the honorary titles and the other forms "each form in a column of its own" (those
    conferred in the period), and the lines by the body that proposed them to the Prime
    Minister, by recipient and by method.

    The circular's lines by proposer are 02 and 03 and its lines by recipient start at 06:
    codes 04 and 05 are not drawn."""
    Kind = EmulationTitle.Kind
    CN, TT = ("individuals",), ("collectives",)
    groups = [
        # number, heading, kinds (None: every other), a column for each form, recipients drawn
        (2, "Các loại huân chương, huy chương", {Kind.ORDER, Kind.MEDAL}, True, ()),
        (3, "Giải thưởng Hồ Chí Minh", {Kind.HO_CHI_MINH_PRIZE}, False, CN),
        (4, "Giải thưởng Nhà nước", {Kind.STATE_PRIZE}, False, CN),
        (5, "Danh hiệu vinh dự Nhà nước", {Kind.HONORARY_TITLE}, True, ()),
        (6, "Cờ thi đua của Chính phủ", {Kind.EMULATION_FLAG}, False, TT),
        (7, "Bằng khen của Thủ tướng Chính phủ", {Kind.CERTIFICATE_OF_MERIT}, False, TT + CN),
        (8, "Danh hiệu “Chiến sĩ thi đua toàn quốc”", {Kind.EMULATION_FIGHTER}, False, CN),
        (9, "Các hình thức khen thưởng khác", None, True, ()),
    ]  # fmt: skip
    awards = Commendation.objects.filter(title__level=Level.STATE).published()
    counts = _award_counts(
        awards.in_force_on(regime.period(year)[1]).filter(_decided_within(regime, year))
    )
    titles = _titles_of(counts)
    group_of = {
        title.pk: next(
            number for number, _, kinds, *_ in groups if kinds is None or title.kind in kinds
        )
        for title in titles
    }
    for row in counts:
        row["group"] = group_of[row["title"]]

    def recipients(drawn: tuple, **wanted) -> list[str]:
        """Those drawn, and any other the awards have, in the circular's order."""
        counted = {row["recipient_kind"] for row in counts if _sum([row], **wanted)}
        return [kind for kind in RECIPIENT_HEADINGS if kind in drawn or kind in counted]

    headings, columns = [], []
    for number, heading, _kinds, each_form, drawn in groups:
        if not each_form:
            for kind in recipients(drawn, group=number):
                headings.append(Column(number, (heading, RECIPIENT_HEADINGS[kind])))
                columns.append({"group": number, "recipient_kind": kind})
            continue
        forms = sorted(
            (title for title in titles if group_of[title.pk] == number),
            key=lambda title: (title.rank, title.name),
        )
        if not forms:  # none conferred: the circular's empty column
            headings.append(Column(number, (heading,)))
            columns.append({"group": number})
        for title in forms:
            drawn = tuple(kind for kind in RECIPIENT_HEADINGS if getattr(title, f"for_{kind}"))
            for kind in recipients(drawn, title=title.pk):
                headings.append(Column(number, (heading, title.name, RECIPIENT_HEADINGS[kind])))
                columns.append({"title": title.pk, "recipient_kind": kind})
    warnings = []
    if unproposed := _sum(counts, proposer_kind=""):
        warnings.append(
            f"{unproposed} khen thưởng có quyết định chưa ghi đơn vị trình: tính trong dòng 01, "
            f"không trong dòng 02-03. ({unproposed} awards whose decision does not record who "
            "proposed them: counted in line 01, not in lines 02-03.)"
        )
    return OfficialForm(
        code="0602.N/BNV-TĐKT",
        title="Số lượng khen thưởng cấp Nhà nước",
        columns=[Column(1, ("Tổng số",)), *headings],
        rows=_award_rows(
            counts,
            columns,
            first=6,
            before=(
                "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng",
                [
                    ("02", "Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành",
                     {"proposer_kind": Decision.ProposerKind.CENTRAL}),
                    ("03", "Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP",
                     {"proposer_kind": Decision.ProposerKind.PROVINCE}),
                ],
            ),
            headings=(
                "2. Chia theo đối tượng khen thưởng", "3. Chia theo phương thức khen thưởng"
            ),
        ),
        year=year,
        regime=regime,
        reporting_unit=_reporting_unit(office),
        warnings=warnings,
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
        columns=numbered(
            "Tổng số",
            "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
            "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
            "Cơ quan, tổ chức, đơn vị",
        ),
        rows=[
            FormRow(code, label, "", [], is_heading=True)
            if wanted is None
            else FormRow(code, label, "Phong trào", values(**wanted), is_part=code != "01")
            for code, label, wanted in lines
        ],
        year=year,
        regime=regime,
        reporting_unit=_reporting_unit(office),
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
        columns=numbered("Số lượng"),
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
        reporting_unit=_reporting_unit(office),
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
        columns=numbered("Tổng số", "Trong đó: Nữ"),
        as_of_end=True,
        rows=rows,
        year=year,
        regime=regime,
        reporting_unit=_reporting_unit(office),
    )


OFFICIAL_FORMS = {
    "0601": form_0601,
    "0602": form_0602,
    "0603": form_0603,
    "0604": form_0604,
    "0605": form_0605,
}
