import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.names import FoldedCharField, FoldedNameQuerySet


class ValidityPeriod(models.Model):
    """A place or organisation that can cease to exist: merged, renamed or dissolved.

    Awards keep the name as written on their decision, so a successor never rewrites history.
    """

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day it existed under this name; empty while it still exists."),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Invented for the demonstration; not taken from a real document."),
    )

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def successors(self) -> list:
        """What it became: its successor, and those its parts went to when it was split
        (`successor_parts`, CommuneSuccessor or UnitSuccessor)."""
        found = [self.successor] if self.successor_id else []
        for part in self.successor_parts.all():
            if part.successor_id != self.successor_id:
                found.append(part.successor)
        return found

    def formed_from(self) -> models.QuerySet:
        """What it was formed from: those that went whole into it (`predecessors`), and those a
        part of which did (a split), in their model's order.

        Two index lookups, one per kind: `Q(successor=…) | Q(successor_parts__successor=…)`
        joined every row of the table to its parts to test the OR (32,000 units read for a
        unit's page, 7 ms, and ten times that in a registry ten times larger)."""
        whole = self.predecessors.order_by().values("pk")
        parts = self.predecessor_parts.order_by().values("predecessor")
        return type(self).objects.filter(pk__in=whole.union(parts))

    @property
    def succeeded_on(self) -> datetime.date | None:
        """The first day of what it became: the day after its last."""
        return self.valid_until + datetime.timedelta(days=1) if self.valid_until else None

    @property
    def period_text(self) -> str:
        """ "01/07/2025 –", "– 30/06/2025", "01/01/2020 – 30/06/2025"."""
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else ""
        end = self.valid_until.strftime("%d/%m/%Y") if self.valid_until else ""
        return f"{start} – {end}".strip()


def validity_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(valid_until__isnull=True)
            | Q(valid_from__isnull=True)
            | Q(valid_until__gte=F("valid_from")),
            name=f"{prefix}_valid_until_after_valid_from",
            violation_error_message=_("“Valid until” cannot be before “valid from”."),
        ),
        models.CheckConstraint(
            condition=Q(successor__isnull=True) | ~Q(successor=F("pk")),
            name=f"{prefix}_not_its_own_successor",
            violation_error_message=_("A record cannot be its own successor."),
        ),
    ]


class Commune(ValidityPeriod):
    """A commune-level administrative unit: commune, ward, township or special zone."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        WARD = "ward", _("ward")
        TOWNSHIP = "township", _("township")
        SPECIAL_ZONE = "special_zone", _("special zone")

    VIETNAMESE_KIND = {
        Kind.COMMUNE: "Xã",
        Kind.WARD: "Phường",
        Kind.TOWNSHIP: "Thị trấn",
        Kind.SPECIAL_ZONE: "Đặc khu",
    }

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Without the kind, e.g. “Đồng Rui”.")
    )
    name_folded = FoldedCharField(source="name", max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMUNE)
    code = models.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        help_text=_("The code in the national list of administrative units, if known."),
    )
    district = models.CharField(
        _("district"),
        max_length=200,
        blank=True,
        help_text=_("Districts were abolished on 1 July 2025; kept for earlier records."),
    )
    province = models.CharField(_("province"), max_length=200)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The commune it became part of, or its new name."),
    )

    objects = FoldedNameQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province", "name"]
        constraints = [
            # Official codes are unique among the communes in force, not across history: a
            # commune made on 1 July 2025 reuses a predecessor's code, which keeps it as its
            # own until it ended (clean() refuses periods that overlap).
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code="") & Q(valid_until__isnull=True),
                name="commune_code_unique_in_force",
                violation_error_message=_("Another commune in force has this official code."),
            ),
            *validity_constraints("commune"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("commune_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.code:
            return
        others = Commune.objects.filter(code=self.code).exclude(pk=self.pk)
        if (until := self.valid_until) is not None:
            others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=until))
        if (start := self.valid_from) is not None:
            others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        if other := others.first():
            raise ValidationError(
                {
                    "code": ValidationError(
                        _("%(commune)s had this official code at the same time (%(period)s).")
                        % {"commune": other, "period": other.period_text},
                        code="code_in_use",
                    )
                }
            )

    @property
    def full_name(self) -> str:
        """The name as Vietnamese documents write it, whatever the interface language."""
        return f"{self.VIETNAMESE_KIND[self.kind]} {self.name}"


class SuccessorPart(models.Model):
    """A part of a split place or unit that went to another: what went there."""

    part = models.CharField(
        _("part"),
        max_length=300,
        blank=True,
        help_text=_("What went to it: a share of the area, the villages…"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class CommuneSuccessor(SuccessorPart):
    """A part of a commune that went to another when it was split (1 July 2025: old Hải Lạng
    went to the new Hải Hòa, Hải Lạng and Ba Chẽ). A commune that went whole to one has only
    its `successor`."""

    predecessor = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="successor_parts",
    )
    successor = models.ForeignKey(
        Commune,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_parts",
    )

    class Meta:
        verbose_name = _("successor of a split commune")
        verbose_name_plural = _("successors of split communes")
        ordering = ["predecessor", "successor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="commune_successor_once"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("predecessor")),
                name="commune_successor_not_itself",
                violation_error_message=_("A record cannot be its own successor."),
            ),
        ]


class Unit(ValidityPeriod):
    """An organisation or collective that can be honoured: an agency, a school, a village…"""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("state agency")
        COMMUNE_AUTHORITY = "commune_authority", _("commune authority")
        SCHOOL = "school", _("school")
        HEALTH_FACILITY = "health_facility", _("health facility")
        ENTERPRISE = "enterprise", _("enterprise")
        MASS_ORGANISATION = "mass_organisation", _("mass organisation")
        ARMED_FORCES = "armed_forces", _("armed-forces unit")
        VILLAGE = "village", _("village or residential group")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    name_folded = FoldedCharField(source="name", max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("Where the unit sits; empty for district- or province-wide units."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The unit it became part of, or its new name."),
    )

    objects = FoldedNameQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            *validity_constraints("unit"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="unit_not_its_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("unit_detail", args=[self.pk])

    @property
    def is_enterprise(self) -> bool:
        return self.kind == self.Kind.ENTERPRISE


class UnitSuccessor(SuccessorPart):
    """A part of a unit that went to another when it was split or dissolved (a district office
    whose tasks went to several new communes' offices). A unit that went whole to one has only
    its `successor`."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="successor_parts"
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_parts",
    )

    class Meta:
        verbose_name = _("successor of a split unit")
        verbose_name_plural = _("successors of split units")
        ordering = ["predecessor", "successor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_successor_once"
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("predecessor")),
                name="unit_successor_not_itself",
                violation_error_message=_("A record cannot be its own successor."),
            ),
        ]


class Person(models.Model):
    """An individual who can be honoured. Private fields never leave the admin."""

    _listed_as_loaded = None

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    class Category(models.TextChoices):
        """The categories of individuals in the official statistics (form 0603.N, rows 06-10)."""

        PROVINCIAL_LEADER = "provincial_leader", _("provincial or ministerial leader and above")
        DEPARTMENT_LEADER = "department_leader", _("department-level leader")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        OTHER_LEADER = "other_leader", _("other leader, deputy head of office and up")
        DIRECT_WORKER = "direct_worker", _("direct worker (worker, farmer, …)")
        OTHER = "other", _("other")

    full_name = models.CharField(_("full name"), max_length=200)
    name_folded = FoldedCharField(source="full_name", max_length=200, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    category = models.CharField(
        _("statistical category"), max_length=20, choices=Category, default=Category.OTHER
    )
    listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Untick when the person has asked not to appear on public pages."),
    )
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("Private: never shown publicly.")
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Invented for the demonstration; not taken from a real document."),
    )

    objects = FoldedNameQuerySet.as_manager()
    # The history is read by person (its id), never by unit or commune: no index of those,
    # which an annex's import wrote for each of its thousands of new people.
    history = HistoricalRecords(excluded_fields=["name_folded"], no_db_index=["unit", "commune"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        indexes = [
            # The public search's first people by name, read from the index alone: sorting
            # the 16,000 a search for "nguyen van" matches cost 150 ms (awards.views.search).
            models.Index(
                fields=["name_folded", "id"], condition=Q(listed=True), name="person_listed_by_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})" if self.position else self.full_name

    def save(self, *args, **kwargs) -> None:
        # Consent decides whether their awards are public (see awards.Commendation.is_public):
        # refreshed when it changed, not on every save (a merge moves people by the hundred).
        consent_changed = self.pk is not None and self.listed != self._listed_as_loaded
        super().save(*args, **kwargs)
        if consent_changed:
            self.awards.all().refresh_visibility()
        self._listed_as_loaded = self.listed

    def get_absolute_url(self) -> str:
        return reverse("person_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> "Person":
        person = super().from_db(db, field_names, values, **kwargs)
        person._listed_as_loaded = person.__dict__.get("listed")  # None when deferred
        return person


class Household(models.Model):
    """A household, named after its head, that can be honoured (e.g. Cultural Family)."""

    head_name = models.CharField(_("head of household"), max_length=200)
    name_folded = FoldedCharField(source="head_name", max_length=200, db_index=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="households"
    )
    village = models.CharField(_("village or residential group"), max_length=200, blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Invented for the demonstration; not taken from a real document."),
    )

    objects = FoldedNameQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_name"]
        indexes = [
            # The public search's first households by name, read from the index alone, as
            # people's are: through the name's own index each one passed on the way was read
            # from the table (15,000 for "nguyen van" among 30,000 households: 10 ms, not 3).
            models.Index(fields=["name_folded", "id"], name="household_by_name"),
        ]

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.village, self.commune.name) if part)
        return _("Household of %(head)s (%(place)s)") % {"head": self.head_name, "place": place}

    def get_absolute_url(self) -> str:
        return reverse("household_detail", args=[self.pk])


class StaffScope(models.Model):
    """Limits a member of staff to one commune's or one unit's records (see units.scopes)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scope",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("limited to")
        verbose_name_plural = _("limited to")
        constraints = [
            models.CheckConstraint(
                condition=Q(commune__isnull=True, unit__isnull=False)
                | Q(commune__isnull=False, unit__isnull=True),
                name="scope_one_commune_or_one_unit",
                violation_error_message=_("Choose one commune or one unit, not both."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.commune or self.unit)

    def condition(self, records: str, via: str = "") -> Q:
        """The `records` (a key of SCOPE_PATHS) within the scope, as a filter.

        `via` is the path from the queried model to those records, e.g. "unit" to filter
        cluster memberships by their unit.
        """
        target, paths = self._paths(records)
        if paths is None:
            return Q()
        prefix = f"{via}__" if via else ""
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(**{f"{prefix}{path}": target})
        return condition

    def holds(self, records: str, record: models.Model) -> bool:
        """Whether `record`, saved or not, is within the scope: `condition()` in Python.

        Forms ask this before saving, so that nobody moves a record out of their own scope
        (a person to another commune, an award's commune to another one).
        """
        target, paths = self._paths(records)
        if paths is None:
            return True
        return any(_follow(record, path) == target for path in paths)

    def _paths(self, records: str) -> tuple[int, tuple[str, ...] | None]:
        commune_paths, unit_paths = SCOPE_PATHS[records]
        if self.commune_id:
            return self.commune_id, commune_paths
        return self.unit_id, unit_paths


# Where each kind of record meets a commune, and a unit: a commune scope holds the records
# one of whose commune paths leads to its commune; a unit scope those one of whose unit paths
# leads to its unit (a unit scope holds the unit and its sub-units, their people and awards).
# None: the scope does not limit them.
SCOPE_PATHS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "units": (("commune",), ("pk", "parent")),
    "people": (("commune", "unit__commune"), ("unit", "unit__parent")),
    "households": (("commune",), ()),
    # Communes as recipients of awards; everyone may read the list of communes.
    "communes": (("pk",), ()),
    # Where a record of a scope may be placed: a unit scope's sub-units and people may be
    # anywhere, since that scope follows units, not communes.
    "places": (("pk",), None),
    "awards": (
        ("locality",),
        ("unit", "unit__parent", "person__unit", "person__unit__parent"),
    ),
    "recognitions": (("commune",), ()),
}


def _follow(record: models.Model | None, path: str) -> int | None:
    """The id at the end of `path` ("unit__parent": the record's unit's parent's id)."""
    *steps, last = path.split("__")
    for step in steps:
        record = getattr(record, step) if record is not None else None
    if record is None:
        return None
    return record.pk if last == "pk" else getattr(record, f"{last}_id")
