"""The yearly summary of what the office awarded: every figure counted by the database.

A summary covers the awards of published decisions for one emulation year, optionally narrowed
to one commune or one cluster. Revoked awards are listed apart and counted nowhere else.
Unlike the public rolls, it counts everyone, including people who asked not to be listed:
it is the office's own report.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from awards.models import (
    ClusterMembership,
    Commendation,
    Decision,
    EmulationCluster,
    EmulationMovement,
    EmulationTitle,
    Level,
    Pact,
    PactTarget,
)
from units.models import Commune, Person, Unit


@dataclass
class Row:
    label: str
    count: int
    previous: int = 0
    # A part of the row above ("of which enterprises", the categories of individuals).
    is_part: bool = False

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass
class Table:
    title: str
    rows: list[Row]
    # The table's own total (this year, the year before), where its figures are not the
    # awards' count: the reward money in đồng.
    total: Row | None = None


@dataclass
class YearSummary:
    year: int
    scope: str
    total: int
    previous_total: int
    tables: list[Table] = field(default_factory=list)
    revoked: list[Commendation] = field(default_factory=list)
    movements: list[EmulationMovement] = field(default_factory=list)
    targets: list[PactTarget] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def awards_in_scope(
    year: int, commune: Commune | None = None, cluster: EmulationCluster | None = None
) -> QuerySet:
    """The awards of published decisions for `year` and the year before, within the scope."""
    awards = Commendation.objects.published().filter(year__in=[year - 1, year])
    if commune is not None:
        awards = awards.filter(locality=commune)
    if cluster is not None:
        members = ClusterMembership.objects.filter(cluster=cluster, year=OuterRef("year"))
        awards = awards.filter(
            Exists(members.filter(unit=OuterRef("unit_id")))
            | Exists(members.filter(unit=OuterRef("person__unit_id")))
        )
    return awards


def _paid(awards: QuerySet, year: int, key, labels: dict) -> list[Row]:
    """The reward money of the awards, in đồng, by `key`, with the year before's: one GROUP BY.
    Only the groups that paid something, in the order of `labels`."""
    sums: dict = {}
    for row in awards.values("year", group=F(key)).annotate(paid=Sum("amount")).order_by():
        sums.setdefault(row["group"], {})[row["year"]] = row["paid"] or 0
    return [
        Row(str(label), sums[group].get(year, 0), sums[group].get(year - 1, 0))
        for group, label in labels.items()
        if any(sums.get(group, {}).values())
    ]


def _money_tables(awards: QuerySet, year: int, titles: dict) -> list[Table]:
    """What was paid, by title or form and by fund: each level that confers pays from its own
    emulation and commendation fund (Law 06/2022/QH15, Art. 11 khoản 4)."""
    by_title = _paid(awards, year, "title_id", titles)
    funds = {
        level: _("fund of the %(level)s level") % {"level": label} for level, label in Level.choices
    }
    by_fund = _paid(awards, year, "decision__issuer_level", funds)
    total = Row(
        _("Total"), sum(row.count for row in by_title), sum(row.previous for row in by_title)
    )
    return [
        Table(_("Reward money paid (đồng), by title or form"), by_title, total),
        Table(_("Reward money paid (đồng), by fund"), by_fund, total),
    ]


def _breakdown(awards: QuerySet, year: int, key, labels: dict | None = None) -> list[Row]:
    """Counts by `key` for the year, with the previous year's beside them: one GROUP BY.

    With `labels`, one row per label in its order, zeros included; without, one row per group
    found, named by the group itself, the empty group ("—") last.
    """
    counts: dict = {}
    group = F(key) if isinstance(key, str) else key
    for row in awards.values("year", group=group).annotate(total=Count("id")).order_by():
        counts.setdefault(row["group"], {})[row["year"]] = row["total"]
    if labels is None:
        labels = {group: group or "—" for group in sorted(counts, key=lambda g: (g is None, g))}
    return [
        Row(str(label), counts.get(group, {}).get(year, 0), counts.get(group, {}).get(year - 1, 0))
        for group, label in labels.items()
    ]


# A national registry has tens of thousands of units: the summary names the busiest.
TOP_UNITS = 100


def _top_rows(awards: QuerySet, year: int, key) -> list[Row]:
    """The TOP_UNITS groups with the most awards this year, then one row for all the others."""
    grouped = awards.annotate(group=key).exclude(group=None)
    top = list(
        grouped.filter(year=year)
        .values("group")
        .annotate(total=Count("id"))
        .order_by("-total", "group")[:TOP_UNITS]
    )
    names = [row["group"] for row in top]
    previous = dict(
        grouped.filter(year=year - 1, group__in=names)
        .values("group")
        .annotate(total=Count("id"))
        .values_list("group", "total")
        .order_by()
    )
    rows = [Row(row["group"], row["total"], previous.get(row["group"], 0)) for row in top]
    others = dict(
        grouped.exclude(group__in=names).values("year").annotate(total=Count("id"))
        .values_list("year", "total").order_by()
    )  # fmt: skip
    if others:
        rows.append(Row(str(_("all other units")), others.get(year, 0), others.get(year - 1, 0)))
    return rows


def _commune_rows(awards: QuerySet, year: int) -> list[Row]:
    """By commune, told apart by id: old and new communes can share a name."""
    rows = _breakdown(awards, year, "locality_id")
    communes = Commune.objects.in_bulk([row.label for row in rows if row.label != "—"])
    for row in rows:
        commune = communes.get(int(row.label)) if row.label != "—" else None
        if commune is not None:
            row.label = (
                f"{commune.full_name} ({commune.district})"
                if commune.district
                else commune.full_name
            )
    return sorted(rows, key=lambda row: (row.label == "—", row.label))


def summarise(
    year: int, commune: Commune | None = None, cluster: EmulationCluster | None = None
) -> YearSummary:
    scoped = awards_in_scope(year, commune, cluster)
    awards = scoped.in_force()
    totals = dict(awards.values_list("year").annotate(Count("id")).order_by())
    titles = {title.pk: title.name for title in EmulationTitle.objects.order_by("rank", "name")}
    by_title = [
        row for row in _breakdown(awards, year, "title_id", titles) if row.count or row.previous
    ]
    kinds = awards.recipient_kinds()
    recipients = _breakdown(kinds, year, "recipient_kind", dict(Commendation.RecipientKind.choices))
    enterprises = [
        Row(row.label, row.count, row.previous, is_part=True)
        for row in _breakdown(
            awards.filter(unit__kind=Unit.Kind.ENTERPRISE), year, "unit__kind",
            {Unit.Kind.ENTERPRISE: _("of which enterprises")},
        )
    ]  # fmt: skip
    categories = _breakdown(
        awards.filter(person__isnull=False), year, "person__category",
        dict(Person.Category.choices),
    )  # fmt: skip
    summary = YearSummary(
        year=year,
        scope=str(commune or cluster or _("the whole registry")),
        total=totals.get(year, 0),
        previous_total=totals.get(year - 1, 0),
    )
    parts = [Row(row.label, row.count, row.previous, is_part=True) for row in categories]
    summary.tables = [
        Table(_("By title or form"), by_title),
        Table(_("By level"), _breakdown(awards, year, "title__level", dict(Level.choices))),
        Table(
            _("By recipient"),
            [recipients[0], *enterprises, recipients[2], recipients[1], *parts],
        ),
        Table(
            _("By method"),
            _breakdown(awards, year, "method", dict(Commendation.Method.choices)),
        ),
        Table(_("By commune"), _commune_rows(awards, year)),
        Table(
            _("By unit"),
            _top_rows(awards, year, Coalesce("unit__name", "person__unit__name")),
        ),
        *_money_tables(awards, year, titles),
    ]
    summary.revoked = list(
        scoped.revoked().filter(year=year).select_related("title", "decision", "revoking_decision")
    )
    summary.movements = list(
        EmulationMovement.objects.filter(starts_on__year__lte=year)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
        .annotate(award_total=Count("awards", filter=Q(awards__in=awards.filter(year=year))))
    )
    summary.targets = list(
        PactTarget.objects.filter(pact__in=Pact.objects.filter(year=year)).select_related("pact")
    )
    summary.decisions = list(
        Decision.objects.filter(awards__in=awards.filter(year=year))
        .annotate(award_total=Count("awards"))
        .order_by("signed_on", "number")
    )
    return summary


# The official yearly forms of Circular 02/2023/TT-BNV. Each is a table whose rows have a code
# and whose figure columns are numbered as the circular prints them.

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
