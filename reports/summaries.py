"""The yearly summary of what the office awarded: every figure counted by the database.

A summary covers the awards of published decisions for one emulation year, optionally narrowed
to one commune or one cluster. Revoked awards are listed apart and counted nowhere else.
Unlike the public rolls, it counts everyone, including people who asked not to be listed:
it is the office's own report.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
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
    ReportingOffice,
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
    office: str = ""  # the reporting office, in the header
    # What the summary counts, said on it: the emulation year, not the forms' reporting period.
    period: str = ""


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
        office=ReportingOffice.for_year(year),
        period=_(
            "Emulation year %(year)s: the awards for %(year)s in published decisions, whatever "
            "the date of the decision (the official forms count by the date of the decision)."
        )
        % {"year": year},
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
