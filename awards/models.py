import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from psycopg.types.json import Json, Jsonb
from simple_history.models import HistoricalRecords

from awards.rolls import years_changed
from units.models import Commune, Household, Person, Unit
from units.names import FoldedCharField, FoldedNameQuerySet

# The Democratic Republic of Vietnam's first emulation movements date from 1948; decisions
# about 1945 events exist. Anything outside this range is a typing mistake.
FIRST_YEAR = 1945
LAST_YEAR = 2100
# Cash that comes with an award, in VND; the largest state prizes are far below this.
MAX_AMOUNT = 10_000_000_000

year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def year_in_range(field: str) -> Q:
    return Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})


def parse_year(text: str | None) -> int | None:
    """A year typed in a URL or a cell, FIRST_YEAR to LAST_YEAR; None for anything else.

    Not str.isdigit(), which takes "²" (then int() fails) and any number of digits.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdecimal() and len(text) == 4):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def period_covers(day: date, prefix: str = "") -> Q:
    """The records whose validity period (valid_from … valid_until, both included; either may
    be empty: open) covers `day`."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def in_period(record, day: date) -> bool:
    """Whether `day` falls within a record's valid_from … valid_until (both included)."""
    return (record.valid_from is None or record.valid_from <= day) and (
        record.valid_until is None or day <= record.valid_until
    )


def period_is_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_until__isnull=True)
        | Q(valid_from__isnull=True)
        | Q(valid_until__gte=F("valid_from")),
        name=name,
        violation_error_message=_("It cannot end before it starts."),
    )


class RecipientKind(models.TextChoices):
    """The three kinds of recipient; communes and units are collectives (Commendation's, and
    the catalogue's `for_*` vocabulary)."""

    COLLECTIVES = "collectives", _("collectives")
    INDIVIDUALS = "individuals", _("individuals")
    HOUSEHOLDS = "households", _("households")


class Level(models.TextChoices):
    """The level of government that confers an award or launches a movement."""

    STATE = "state", _("state")
    PROVINCE = "province", _("ministry or province")
    DISTRICT = "district", _("district")
    GRASSROOTS = "grassroots", _("grassroots")


# Where a text is missing in the page's language: Spanish falls back to English, then to
# Vietnamese; English to Vietnamese. A text is taken whole from one language, never mixed.
FALLBACKS = {"vi": (0,), "en": (1, 0), "es": (2, 1, 0)}


def in_language(vietnamese: str, english: str = "", spanish: str = "") -> str:
    """The text in the active language, of its three versions (the catalogue's names and
    criteria, an authority's name)."""
    texts = (vietnamese, english, spanish)
    order = FALLBACKS.get((get_language() or "vi").split("-")[0], (0,))
    return next((texts[i] for i in order if texts[i]), "")


class EmulationTitleQuerySet(FoldedNameQuerySet):
    def titles(self):
        return self.filter(kind__in=EmulationTitle.TITLE_KINDS)

    def forms(self):
        return self.exclude(kind__in=EmulationTitle.TITLE_KINDS)

    def for_recipient(self, kind: str):
        return self.filter(**{f"for_{kind}": True})

    def in_force_on(self, day: date):
        return self.filter(period_covers(day))


class EmulationTitle(models.Model):
    """An entry of the catalogue: an emulation title or a commendation form.

    The rules come from the law and change with it, so they are data with their legal basis.
    """

    class Kind(models.TextChoices):
        EMULATION_FIGHTER = "emulation_fighter", _("emulation fighter title")
        EMULATION_FLAG = "emulation_flag", _("emulation flag")
        OTHER_TITLE = "other_title", _("other emulation title")
        ORDER = "order", _("order")
        MEDAL = "medal", _("medal")
        HONORARY_TITLE = "honorary_title", _("state honorary title")
        HO_CHI_MINH_PRIZE = "ho_chi_minh_prize", _("Hồ Chí Minh Prize")
        STATE_PRIZE = "state_prize", _("State Prize")
        COMMEMORATIVE_MEDAL = "commemorative_medal", _("commemorative medal")
        CERTIFICATE_OF_MERIT = "certificate_of_merit", _("certificate of merit (Bằng khen)")
        CERTIFICATE_OF_COMMENDATION = (
            "certificate_of_commendation",
            _("certificate of commendation (Giấy khen)"),
        )

    TITLE_KINDS = (Kind.EMULATION_FIGHTER, Kind.EMULATION_FLAG, Kind.OTHER_TITLE)

    name = models.CharField(_("name (Vietnamese)"), max_length=200, unique=True)
    name_folded = FoldedCharField(source="name", max_length=200, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    level = models.CharField(_("level"), max_length=20, choices=Level)
    for_collectives = models.BooleanField(_("for collectives"), default=False)
    for_individuals = models.BooleanField(_("for individuals"), default=False)
    for_households = models.BooleanField(_("for households"), default=False)
    issuing_authority = models.CharField(_("usual issuing authority"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("Order on the honour roll: the highest distinction first.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    criteria = models.TextField(_("criteria (Vietnamese)"), blank=True)
    criteria_en = models.TextField(_("criteria (English)"), blank=True)
    criteria_es = models.TextField(_("criteria (Spanish)"), blank=True)
    armed_forces = models.BooleanField(
        _("armed forces"), default=False, help_text=_("Conferred in the people's armed forces.")
    )
    valid_from = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("The first day it could be conferred; empty if before the registry's records."),
    )
    valid_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The last day it could be conferred; empty while the law provides for it."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Offered for new awards. Untick an office's own form it no longer uses."),
    )

    objects = EmulationTitleQuerySet.as_manager()

    class Meta:
        verbose_name = _("title or form")
        verbose_name_plural = _("titles and forms")
        ordering = ["rank", "name"]
        constraints = [
            period_is_ordered("title_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(for_collectives=True)
                | Q(for_individuals=True)
                | Q(for_households=True),
                name="title_has_a_recipient_kind",
                violation_error_message=_(
                    "Say who can receive it: collectives, individuals or households."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.awards.exclude(title_rank=self.rank).update(title_rank=self.rank):
            years_changed(set(self.awards.order_by().values_list("year", flat=True).distinct()))

    @property
    def is_emulation_title(self) -> bool:
        return self.kind in self.TITLE_KINDS

    def in_force_on(self, day: date) -> bool:
        return in_period(self, day)

    @property
    def name_in_language(self) -> str:
        """The name in the active language: Spanish falls back to English, then Vietnamese."""
        return self._in_language("name")

    @property
    def criteria_in_language(self) -> str:
        return self._in_language("criteria")

    def _in_language(self, field: str) -> str:
        return in_language(
            getattr(self, field), getattr(self, field + "_en"), getattr(self, field + "_es")
        )


class TaskRating(models.TextChoices):
    """The yearly rating of how a person or a collective completed its tasks (best first)."""

    EXCELLENT = "excellent", _("completed tasks excellently")
    GOOD = "good", _("completed tasks well")
    COMPLETED = "completed", _("completed tasks")
    NOT_COMPLETED = "not_completed", _("did not complete tasks")

    @classmethod
    def at_least(cls, rating: str) -> list[str]:
        """The ratings as good as `rating` or better."""
        values = list(cls.values)
        return values[: values.index(rating) + 1]


class InitiativeReach(models.TextChoices):
    """How far a recognised initiative's effect reaches, narrowest first (Law 06/2022 Art. 21
    to 23: the unit's, the ministry's or province's, the whole country's)."""

    GRASSROOTS = "grassroots", _("its agency or unit")
    PROVINCE = "province", _("a ministry, sector or province")
    NATIONAL = "national", _("the whole country")

    @classmethod
    def at_least(cls, reach: str) -> list[str]:
        """The reaches as wide as `reach` or wider."""
        values = list(cls.values)
        return values[values.index(reach) :]


class EligibilityRule(models.Model):
    """A checkable condition: the recipient needs `required_title` `times` times before, or a
    yearly rating of at least `required_rating`, or `times` recognised initiatives reaching at
    least `required_reach`; or, with `members_share`, that share of the collective's members
    holds `required_title` (or was rated at least `required_rating`) in the award's year."""

    title = models.ForeignKey(
        EmulationTitle,
        verbose_name=_("title or form"),
        on_delete=models.CASCADE,
        related_name="eligibility_rules",
    )
    required_title = models.ForeignKey(
        EmulationTitle,
        verbose_name=_("required title or form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    required_rating = models.CharField(
        _("required yearly rating"),
        max_length=20,
        blank=True,
        choices=[
            (TaskRating.EXCELLENT, TaskRating.EXCELLENT.label),
            (TaskRating.GOOD, TaskRating.GOOD.label),
            (TaskRating.COMPLETED, TaskRating.COMPLETED.label),
        ],
        help_text=_(
            "Instead of a title: the rating of task completion, at least this, in a year without "
            "discipline (with a share of members: the members'). Checked only for recipients "
            "whose yearly results the registry holds."
        ),
    )
    required_reach = models.CharField(
        _("required initiative, reaching"),
        max_length=20,
        blank=True,
        choices=InitiativeReach,
        help_text=_(
            "Instead of a title: the person's recognised initiatives, research works or feats "
            "of ingenuity reaching at least this far, as many as the times, within the years. "
            "Checked only for people whose initiatives the registry holds."
        ),
    )
    members_share = models.PositiveSmallIntegerField(
        _("share of members (%)"),
        null=True,
        blank=True,
        help_text=_(
            "For a collective: at least this share of its members holds the required title, or "
            "the required rating, in the award's year (100: all of them; 1: at least one). Its "
            "members are the people the registry has in the unit now (for a rating, those with "
            "a result recorded that year); a unit without any is not checked."
        ),
    )
    times = models.PositiveSmallIntegerField(_("times"), default=1)
    consecutive = models.BooleanField(_("in consecutive years"), default=False)
    period_years = models.PositiveSmallIntegerField(
        _("within years"),
        null=True,
        blank=True,
        help_text=_(
            "How many years, ending with the award's year, to look back; empty for any time."
        ),
    )
    description = models.CharField(_("description"), max_length=300)
    recipient_kind = models.CharField(
        _("for"),
        max_length=20,
        blank=True,
        choices=RecipientKind,
        help_text=_("The kind of recipient the rule is for; empty: every kind."),
    )
    alternative = models.PositiveSmallIntegerField(
        _("way"),
        default=1,
        help_text=_(
            "Where the law says “one of the following”: the rules of one way must all hold, "
            "and one way is enough."
        ),
    )
    regular_only = models.BooleanField(
        _("regular awards only"),
        default=True,
        help_text=_(
            "Only awards for the year's results count: thematic and one-off awards do not "
            "count toward higher ones."
        ),
    )
    years_used_once = models.BooleanField(
        _("years counted once"),
        default=True,
        help_text=_(
            "Years counted for an earlier award of this title are not counted again for the "
            "next one."
        ),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        constraints = [
            models.CheckConstraint(condition=Q(times__gte=1), name="rule_times_at_least_one"),
            models.CheckConstraint(
                condition=(
                    Q(required_title__isnull=False) & Q(required_rating="") & Q(required_reach="")
                )
                | (Q(required_title__isnull=True) & ~Q(required_rating="") & Q(required_reach=""))
                | (Q(required_title__isnull=True) & Q(required_rating="") & ~Q(required_reach="")),
                name="rule_requires_a_title_a_rating_or_an_initiative",
                violation_error_message=_(
                    "Require a title, a rating or an initiative, one of them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(members_share__isnull=True)
                | (Q(members_share__gte=1) & Q(members_share__lte=100)),
                name="rule_members_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(members_share__isnull=True)
                | Q(required_title__isnull=False)
                | ~Q(required_rating=""),
                name="rule_members_share_of_a_title_or_a_rating",
                violation_error_message=_(
                    "A share of members holds a title or a rating: choose it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_years__isnull=True) | Q(period_years__gte=F("times")),
                name="rule_period_holds_the_times",
                violation_error_message=_("The period must be at least as long as the times."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class YearlyResult(models.Model):
    """How a person or a collective did in a year: the inputs the criteria depend on (the
    rating of task completion, discipline), as the office's yearly review records them."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="yearly_results",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="yearly_results",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    rating = models.CharField(_("rating"), max_length=20, choices=TaskRating)
    disciplined = models.BooleanField(
        _("disciplined"), default=False, help_text=_("Disciplined at reprimand or above that year.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("yearly result")
        verbose_name_plural = _("yearly results")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="yearly_result_of_a_person_or_a_unit",
                violation_error_message=_("A result is a person's or a unit's, one of them."),
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="yearly_result_once_a_year_for_a_person",
                violation_error_message=_("This person already has a result for this year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="yearly_result_once_a_year_for_a_unit",
                violation_error_message=_("This unit already has a result for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} {self.year}: {self.get_rating_display()}"


class Initiative(models.Model):
    """A person's initiative, research work or feat of ingenuity in combat, as recognised (by
    the unit's initiative council, a ministry or province): an input of the emulation
    fighters' criteria (Law 06/2022 Art. 21 to 23)."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("initiative")
        RESEARCH = "research", _("research work or scientific project")
        COMBAT = "combat", _("ingenuity in combat or in its support")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.INITIATIVE)
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=year_validators,
        help_text=_(
            "The emulation year it counts for (an initiative recognised in January for the "
            "year before counts for that year)."
        ),
    )
    reach = models.CharField(
        _("reach"),
        max_length=20,
        choices=InitiativeReach,
        default=InitiativeReach.GRASSROOTS,
        help_text=_("How far its effect was recognised to reach."),
    )
    recognised_by = models.CharField(
        _("recognised by"),
        max_length=300,
        blank=True,
        help_text=_("The council or the decision that recognised it."),
    )

    class Meta:
        verbose_name = _("recognised initiative")
        verbose_name_plural = _("recognised initiatives")
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["year"], name="initiative_year")]
        constraints = [
            # Entered twice, one initiative would count twice toward a rule asking for two.
            models.UniqueConstraint(
                fields=["person", "year", "name"],
                name="initiative_once",
                violation_error_message=_("This person already has this initiative this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ReportingOffice(models.Model):
    """The office that keeps the registry and reports on it, in the period in which it did: the
    district's Home Affairs office until 30 June 2025, a commune's or the province's after."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("As the forms print it: Sở Nội vụ tỉnh Quảng Ninh.")
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    # Form 0603.N counts what the office conferred itself: the decisions of this authority.
    authority = models.ForeignKey(
        "Authority",
        verbose_name=_("its decisions"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Who signs the office's own decisions (the provincial chair for a province's): "
            "form 0603.N counts those."
        ),
    )

    class Meta:
        verbose_name = _("reporting office")
        verbose_name_plural = _("reporting offices")
        ordering = ["-valid_from"]
        constraints = [period_is_ordered("reporting_office_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_force_on(cls, day: date) -> "ReportingOffice | None":
        """The office in force on `day` (the last one to start, if two are): the forms' is
        the one at the end of their reporting period."""
        return (
            cls.objects.filter(period_covers(day))
            .select_related("authority")
            .order_by(F("valid_from").desc(nulls_last=True), "-pk")
            .first()
        )

    @classmethod
    def for_year(cls, year: int) -> str:
        """The name of the office reporting on the emulation year `year`, the one in force at
        its end, else the OFFICE_NAME setting."""
        office = cls.in_force_on(date(year, 12, 31))
        return office.name if office is not None else settings.OFFICE_NAME


class Authority(models.Model):
    """Who signs award decisions (the President, the Prime Minister, a provincial chair …), in
    the period in which it existed as such: the district chair ends on 30 June 2025."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conferring authority")
        verbose_name_plural = _("conferring authorities")
        ordering = ["level", "name"]
        constraints = [period_is_ordered("authority_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: date) -> bool:
        return in_period(self, day)


class Competence(models.Model):
    """What an authority may confer, between two dates, by an article of law: the titles and
    forms a decision of that authority may contain on its signing date."""

    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    titles = models.ManyToManyField(
        EmulationTitle, verbose_name=_("titles and forms"), related_name="competences"
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("power to confer")
        verbose_name_plural = _("powers to confer")
        ordering = ["authority", "valid_from"]
        constraints = [period_is_ordered("competence_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.authority} ({self.legal_basis})"


class EmulationMovement(models.Model):
    """A campaign with a theme and a period, launched by an authority."""

    class LaunchLevel(models.TextChoices):
        """Columns 2-4 of form 0601.N."""

        CENTRAL = "central", _("central (Emulation and Commendation Council)")
        PROVINCE = "province", _("ministry, central body or province")
        AGENCY = "agency", _("agency, organisation or unit")

    class Scope(models.TextChoices):
        """Rows 02-05 of form 0601.N."""

        NATIONWIDE = "nationwide", _("nationwide")
        LOCALITY = "locality", _("ministry, sector or locality")
        CLUSTER = "cluster", _("clusters and blocs")
        AGENCY = "agency", _("agency, organisation or unit")

    class Method(models.TextChoices):
        REGULAR = "regular", _("regular (yearly)")
        THEMATIC = "thematic", _("thematic")

    name = models.CharField(_("name"), max_length=300)
    theme = models.TextField(_("theme"), blank=True)
    launched_by = models.CharField(_("launched by"), max_length=200)
    launch_level = models.CharField(_("launching level"), max_length=20, choices=LaunchLevel)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope)
    method = models.CharField(_("method"), max_length=20, choices=Method)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="movement_ends_after_it_starts",
                violation_error_message=_("A movement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("movement_detail", args=[self.pk])


SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "tif", "tiff"]
MAX_SCAN_BYTES = 30 * 1024 * 1024


class ScanStorage(FileSystemStorage):
    """Where decisions' scans are kept: MEDIA_ROOT, never served from a public URL.

    A scan's URL is the admin's view of it, which lets in only staff who may see the decision.
    """

    def url(self, name: str | None) -> str:
        return reverse("admin:awards_decision_document", args=[name])


def scans() -> ScanStorage:
    return ScanStorage()


def validate_scan_size(file) -> None:
    if file.size > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan is larger than 30 MB."), code="scan_too_large")


class DecisionQuerySet(FoldedNameQuerySet):
    folded_field = "search_folded"

    def published(self):
        return self.filter(status=Decision.Status.PUBLISHED)


class Decision(models.Model):
    """A signed award decision; its annex lists the recipients (the commendations)."""

    _status_as_loaded = None
    _law_as_loaded = None

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class ProposerKind(models.TextChoices):
        """Who submitted a state award to the Prime Minister (form 0602.N, part 1)."""

        CENTRAL = "central", _("ministry, central body or mass organisation")
        PROVINCE = "province", _("province or centrally governed city")

    number = models.CharField(
        _("number"), max_length=50, help_text=_("As printed, e.g. 163/QĐ-UBND.")
    )
    signed_on = models.DateField(_("signed on"))
    issuer_name = models.CharField(
        _("issuer"), max_length=200, help_text=_("E.g. Ủy ban nhân dân tỉnh Quảng Ninh.")
    )
    issuer_level = models.CharField(_("issuer level"), max_length=20, choices=Level)
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("conferring authority"),
        null=True,
        blank=True,
        # Not PROTECT: Django refuses a Python-level on_delete in a model that a database-level
        # one points to (AnnexImport.decision). The database's foreign key still refuses to
        # delete an authority that signed a decision, and the admin never offers to.
        on_delete=models.DO_NOTHING,
        related_name="decisions",
        help_text=_(
            "Who signed it, as the law names it: what it may confer on the signing date is "
            "checked. Empty: any authority of the issuer's level."
        ),
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    # A state award answers a submission (tờ trình) to the Prime Minister by a ministry or
    # central body or by a province: form 0602.N counts them by it.
    proposer = models.CharField(
        _("proposed by"),
        max_length=200,
        blank=True,
        help_text=_(
            "For a state award: the ministry, central body or province whose submission it "
            "answers, e.g. Ủy ban nhân dân tỉnh Quảng Ninh."
        ),
    )
    proposer_kind = models.CharField(
        _("proposer's kind"), max_length=20, choices=ProposerKind, blank=True
    )
    subject = models.CharField(_("subject"), max_length=500)
    document = models.FileField(
        _("scanned document"),
        upload_to="decisions/%Y/",
        storage=scans,
        blank=True,
        validators=[
            FileExtensionValidator(SCAN_EXTENSIONS),
            validate_scan_size,
        ],
        help_text=_("PDF or image (JPEG, PNG, TIFF), at most 30 MB. Shown to staff only."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Number and subject, folded (see units.names): "163/qd-ubnd ve viec khen thuong …".
    search_folded = FoldedCharField(source=["number", "subject"], max_length=600, default="")

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_folded"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-signed_on", "-id"]
        # The admin's list and autocomplete in that order, without sorting every decision.
        indexes = [models.Index(F("signed_on").desc(), F("id").desc(), name="decision_newest")]
        permissions = [("publish_decision", _("Can publish a decision"))]
        constraints = [
            # A document's number is its issuer's running number "duy nhất trong một năm"
            # (Decree 30/2020/NĐ-CP on clerical work, Annex I, Part I, section II, clause 3):
            # numbering restarts every year, so 12/QĐ-UBND of 2024 and of 2025 are two.
            models.UniqueConstraint(
                F("issuer_name"),
                F("number"),
                ExtractYear("signed_on"),
                name="decision_number_unique_per_issuer_and_year",
                violation_error_message=_(
                    "This issuer already has a decision with this number in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(proposer="", proposer_kind="")
                | (~Q(proposer="") & ~Q(proposer_kind="")),
                name="decision_proposer_has_a_kind",
                violation_error_message=_(
                    "Name the body that proposed it and say what kind of body it is, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__year__gte=FIRST_YEAR) & Q(signed_on__year__lte=LAST_YEAR),
                name="decision_signed_in_range",
                violation_error_message=format_lazy(
                    _("The signing date must fall between {first} and {last}."),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Decision %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.signed_on.strftime("%d/%m/%Y"),
        }

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Its awards are public once it is published: refreshed when the status changed, not on
        # every save. A new decision has no awards yet.
        status_changed = self.pk is not None and self.status != self._status_as_loaded
        super().save(*args, **kwargs)
        if status_changed:
            self.awards.all().refresh_visibility()
        self._status_as_loaded = self.status

    def get_absolute_url(self) -> str:
        return reverse("decision_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> "Decision":
        decision = super().from_db(db, field_names, values, **kwargs)
        decision._status_as_loaded = decision.__dict__.get("status")  # None when deferred
        decision._law_as_loaded = decision.law_key()
        return decision

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        if self.authority_id is not None:
            self.issuer_level = self.authority.level

    def law_key(self) -> tuple:
        """What the law's checks of its awards read of the decision (refusals())."""
        fields = self.__dict__
        return (fields.get("signed_on"), fields.get("authority_id"), fields.get("issuer_level"))

    @property
    def reward_money(self) -> "RewardMoney":
        """The base salary, rates and rounding of the signing date, fetched once per date."""
        if getattr(self, "_reward_money", None) is None or self._reward_money.day != self.signed_on:
            self._reward_money = RewardMoney.on(self.signed_on)
        return self._reward_money

    def refusals(self, titles: Iterable[EmulationTitle]) -> dict[int, str]:
        """The titles among `titles` that this decision may not confer on its signing date, each
        with why, in words that cite the text: the entry was not in force then, or the law gave
        it to other authorities (those it names). A few queries, however many titles.

        Only entries the law data gives powers for are checked: an office's own form, added
        without saying who confers it, is not refused.
        """
        # The awards of one decision's form ask one at a time: the answers are kept, for as
        # long as the decision's date and issuer stay what they were.
        key = self.law_key()
        if getattr(self, "_refusals", (None,))[0] != key:
            self._refusals = (key, {})
        known = self._refusals[1]
        titles = list(titles)
        if missing := [title for title in titles if title.pk not in known]:
            found = self._refusals_of(missing)
            known.update({title.pk: found.get(title.pk) for title in missing})
        return {title.pk: known[title.pk] for title in titles if known[title.pk]}

    def _refusals_of(self, titles: list[EmulationTitle]) -> dict[int, str]:
        day = self.signed_on
        titles = {title.pk: title for title in titles}
        refused = {}
        for pk, title in titles.items():
            if not title.in_force_on(day):
                refused[pk] = _title_not_in_force(title, day)
        powers = defaultdict(list)  # title id -> the powers in force on that day
        links = list(
            Competence.titles.through.objects.filter(emulationtitle__in=titles).values_list(
                "emulationtitle", "competence"
            )
        )
        competences = Competence.objects.select_related("authority").in_bulk(
            {competence_id for _title, competence_id in links}
        )
        # The titles whose powers the law data gives on that day: a date before the first of
        # them (a decision of 1990: the data begins with the Law of 2003) is not checked, as an
        # office's own form is not.
        checked = set()
        for title_id, competence_id in links:
            competence = competences[competence_id]
            if competence.valid_from is None or competence.valid_from <= day:
                checked.add(title_id)
            if in_period(competence, day) and competence.authority.in_force_on(day):
                powers[title_id].append(competence)
        gone = None  # the issuer, when it no longer existed (or did not yet) on that day
        if checked - set(refused):
            gone = self._issuer_not_in_force()
        for pk, title in titles.items():
            if pk in refused or pk not in checked:
                continue
            mine = [power for power in powers[pk] if self._holds(power.authority)]
            if not mine:
                refused[pk] = self._not_in_power(title, powers[pk], gone)
        return refused

    def _issuer_not_in_force(self) -> "Authority | None":
        """The decision's authority, or the last of its level, if none was in force when the
        decision was signed (a district's decision after 30 June 2025)."""
        if self.authority_id is not None:
            return None if self.authority.in_force_on(self.signed_on) else self.authority
        of_level = Authority.objects.filter(level=self.issuer_level)
        if not of_level.exists() or of_level.filter(period_covers(self.signed_on)).exists():
            return None
        return of_level.order_by(F("valid_until").desc(nulls_first=True)).first()

    def _holds(self, authority: "Authority") -> bool:
        if self.authority_id is not None:
            return authority.pk == self.authority_id
        return authority.level == self.issuer_level

    def _not_in_power(
        self, title: EmulationTitle, powers: list["Competence"], gone: "Authority | None"
    ) -> str:
        day = self.signed_on.strftime("%d/%m/%Y")
        if self.authority_id is not None:
            issuer = str(self.authority)
        else:
            # The level as typed when the decision's own form failed (the awards are checked
            # all the same): not one of Level's.
            level = self.issuer_level
            issuer = _("an authority of the %(level)s level") % {
                "level": Level(level).label if level in Level.values else level
            }
        if gone is not None:
            params = {"authority": gone, "date": day, "basis": gone.legal_basis}
            if gone.valid_until is not None and gone.valid_until < self.signed_on:
                params["end"] = gone.valid_until.strftime("%d/%m/%Y")
                return (
                    _(
                        "%(authority)s confers nothing on %(date)s: it existed until %(end)s "
                        "(%(basis)s)."
                    )
                    % params
                )
            params["start"] = gone.valid_from.strftime("%d/%m/%Y")
            return (
                _(
                    "%(authority)s confers nothing on %(date)s: it exists from %(start)s "
                    "(%(basis)s)."
                )
                % params
            )
        if not powers:
            return _("On %(date)s no authority confers “%(title)s” under the law data.") % {
                "date": day,
                "title": title,
            }
        bases = defaultdict(list)  # each authority once, with every text that gives it
        for power in powers:
            bases[power.authority].append(power.legal_basis)
        holders = "; ".join(
            f"{authority} ({'; '.join(texts)})" for authority, texts in bases.items()
        )
        return _("On %(date)s “%(title)s” is conferred by %(holders)s, not by %(issuer)s.") % {
            "date": day,
            "title": title,
            "holders": holders,
            "issuer": issuer,
        }


def _title_not_in_force(title: EmulationTitle, day: date) -> str:
    params = {"title": title, "date": day.strftime("%d/%m/%Y")}
    if title.valid_from is not None and day < title.valid_from:
        params["start"] = title.valid_from.strftime("%d/%m/%Y")
        return (
            _("“%(title)s” could not be conferred on %(date)s: it exists from %(start)s.") % params
        )
    params["end"] = title.valid_until.strftime("%d/%m/%Y")
    message = _("“%(title)s” could not be conferred on %(date)s: it ended on %(end)s.") % params
    if title.successor_id is not None:
        message += " " + _("It was replaced by “%(successor)s”.") % {"successor": title.successor}
    return message


def award_is_public() -> Case:
    """Whether anyone may see an award: its decision is published, it is in force, and it is not
    to a person who asked not to be listed. The one definition of `Commendation.is_public`.

    The database evaluates it for each award an UPDATE touches, hence subqueries and no joins:
    refresh_visibility() for many awards, Commendation.save() for one, the import for its annex.
    """
    condition = (
        Exists(Decision.objects.published().filter(pk=OuterRef("decision_id")))
        & Q(revoked_on__isnull=True)
        & (
            Q(person__isnull=True)
            | Exists(Person.objects.filter(pk=OuterRef("person_id"), listed=True))
        )
    )
    return Case(When(condition, then=Value(True)), default=Value(False))


class CommendationQuerySet(FoldedNameQuerySet):
    folded_field = "recipient_name_folded"

    def published(self):
        return self.filter(decision__status=Decision.Status.PUBLISHED)

    def public(self):
        """What anyone may see: published, in force, and no one who asked not to be listed.

        Kept in `is_public` by `refresh_visibility()`, so public pages need no joins for it.
        """
        return self.filter(is_public=True)

    def refresh_visibility(self) -> None:
        """Recompute `is_public` in one UPDATE, after a decision, revocation or consent changed."""
        years = set(self.order_by().values_list("year", flat=True).distinct())
        self.update(is_public=award_is_public())
        years_changed(years)

    def recipient_kinds(self):
        """Annotate `recipient_kind`: collectives, individuals or households (for counting)."""
        return self.annotate(
            recipient_kind=Case(
                When(person__isnull=False, then=Value(Commendation.RecipientKind.INDIVIDUALS)),
                When(household__isnull=False, then=Value(Commendation.RecipientKind.HOUSEHOLDS)),
                default=Value(Commendation.RecipientKind.COLLECTIVES),
            )
        )

    def in_force(self):
        return self.filter(revoked_on__isnull=True)

    def in_force_on(self, day: date):
        """The awards not revoked by `day`: what a report of a period ending then counted,
        whenever it is made again."""
        return self.filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))

    def unjustified(self):
        """Awards that fail an eligibility rule with no publisher's justification yet."""
        return self.exclude(eligibility_shortfalls=[]).filter(eligibility_justification="")

    def revoked(self):
        return self.filter(revoked_on__isnull=False)

    def for_year(self, year: int):
        return self.filter(year=year)


RECIPIENT_FIELDS = ("unit", "commune", "person", "household")
# The kind of recipient an award's recipient field makes it (Commendation.recipient_kind).
RECIPIENT_KIND_OF_FIELD = {
    "unit": RecipientKind.COLLECTIVES,
    "commune": RecipientKind.COLLECTIVES,
    "person": RecipientKind.INDIVIDUALS,
    "household": RecipientKind.HOUSEHOLDS,
}
WHERE_FIELDS = (*RECIPIENT_FIELDS, "locality")


def exactly_one_recipient() -> Q:
    condition = Q()
    for chosen in RECIPIENT_FIELDS:
        case = Q(**{f"{chosen}__isnull": False})
        for other in RECIPIENT_FIELDS:
            if other != chosen:
                case &= Q(**{f"{other}__isnull": True})
        condition |= case
    return condition


def one_title_per_recipient_and_year(recipient: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["title", "year", recipient],
        condition=Q(revoked_on__isnull=True, **{f"{recipient}__isnull": False}),
        name=f"commendation_one_title_per_{recipient}_and_year",
        violation_error_message=_(
            "This recipient already holds this title or form for this year. Revoke the existing "
            "award first if it must be given again."
        ),
    )


# Historical awards are not looked up by these (see Commendation.history).
HISTORY_UNREAD_KEYS = [
    "unit", "commune", "person", "household", "title", "locality", "movement",
    "revoking_decision", "eligibility_overridden_by",
]  # fmt: skip


class Commendation(models.Model):
    """One award to one recipient, conferred by a decision."""

    _year_as_loaded = None
    _law_as_loaded = None
    _as_loaded = None
    _visibility_as_loaded = None

    RecipientKind = RecipientKind

    class Method(models.TextChoices):
        """The method of commendation in the official statistics (form 0603.N, rows 11-17)."""

        REGULAR = "regular", _("regular (yearly)")
        THEMATIC = "thematic", _("thematic (by movement)")
        IRREGULAR = "irregular", _("irregular (sudden achievement)")
        FOREIGN_RELATIONS = "foreign_relations", _("foreign relations")
        CONTRIBUTION = "contribution", _("lifetime contribution")
        SENIORITY = "seniority", _("seniority")
        RESISTANCE = "resistance", _("resistance")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="awards"
    )
    title = models.ForeignKey(
        EmulationTitle,
        verbose_name=_("title or form"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    year = models.PositiveSmallIntegerField(
        _("emulation year"),
        validators=year_validators,
        help_text=_("The year the award is for; the decision is often signed the year after."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    recipient_name = models.CharField(
        _("name on the decision"),
        max_length=300,
        blank=True,
        help_text=_("As written on the decision; filled from the recipient when left empty."),
    )
    # No btree of its own: nothing looks a name up whole, and walked in name order for the admin
    # search's bounded count ("nguyen": the 318,000 names before it, 24 ms at a million awards)
    # it cost more than the table's own order (7 ms). The roll's indexes hold it, in order.
    recipient_name_folded = FoldedCharField(source="recipient_name", max_length=300)
    recipient_position = models.CharField(_("position on the decision"), max_length=300, blank=True)
    recipient_address = models.CharField(
        _("form of address or rank on the decision"),
        max_length=100,
        blank=True,
        help_text=_("Ông, Bà, Đại tá…, as the decision writes it before the name."),
    )
    recipient_unit_name = models.CharField(
        _("unit on the decision"),
        max_length=300,
        blank=True,
        help_text=_("For individuals: their unit as written; filled from the person when empty."),
    )
    locality = models.ForeignKey(
        Commune,
        verbose_name=_("recipient's commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Where the recipient is; filled from the recipient when empty. Rolls filter on it."
        ),
    )
    method = models.CharField(_("method"), max_length=20, choices=Method, default=Method.REGULAR)
    movement = models.ForeignKey(
        EmulationMovement,
        verbose_name=_("movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    citation = models.TextField(_("citation"), blank=True)
    amount = models.PositiveBigIntegerField(
        _("amount (VND)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AMOUNT)],
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoking_decision = models.ForeignKey(
        Decision,
        verbose_name=_("revoking decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    # Copies kept by save() and refresh_visibility(), so that the public rolls read one table
    # in index order: the title's rank, and whether anyone may see the award.
    title_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    is_public = models.BooleanField(editable=False, default=False)
    # What the catalogue's rules found missing in the recipient's history when the award was
    # entered (ids and years, see awards.eligibility), and a publisher's reason to confer it
    # anyway: a decision with unexplained shortfalls cannot be published.
    eligibility_shortfalls = models.JSONField(
        _("eligibility warnings"), default=list, blank=True, editable=False
    )
    eligibility_justification = models.TextField(
        _("justification for conferring it anyway"),
        blank=True,
        help_text=_("Only publishers may write it; it is kept with the award."),
    )
    eligibility_overridden_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("justified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    eligibility_overridden_at = models.DateTimeField(
        _("justified at"), null=True, blank=True, editable=False
    )

    objects = CommendationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["recipient_name_folded", "title_rank", "is_public"],
        # The history is read by award (its id) and by decision (the decision's history
        # page), never by recipient, title or place: an index of each was written for every
        # award imported (nine of its fourteen; 20,000 awards: 0.4 s of their import).
        no_db_index=HISTORY_UNREAD_KEYS,
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["title__rank", "recipient_name", "id"]
        permissions = [
            ("revoke_commendation", _("Can revoke an award")),
            ("override_eligibility", _("Can confer an award whose eligibility check failed")),
        ]
        indexes = [
            models.Index(fields=["year", "title"], name="commendation_year_title"),
            # The honour roll of a year, and of a title in a year, in display order.
            models.Index(
                fields=["year", "title_rank", "recipient_name_folded", "id"],
                condition=Q(is_public=True),
                name="commendation_public_roll",
            ),
            models.Index(
                fields=["title", "year", "recipient_name_folded", "id"],
                condition=Q(is_public=True),
                name="commendation_public_title",
            ),
            # A movement's page: its public awards in roll order, whatever their years.
            models.Index(
                fields=["movement", "title_rank", "recipient_name_folded", "id"],
                condition=Q(is_public=True, movement__isnull=False),
                name="commendation_public_movement",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_recipient(),
                name="commendation_exactly_one_recipient",
                violation_error_message=_(
                    "Choose exactly one recipient: a unit, a commune, a person or a household."
                ),
            ),
            *(one_title_per_recipient_and_year(field) for field in RECIPIENT_FIELDS),
            models.CheckConstraint(
                condition=year_in_range("year"),
                name="commendation_year_in_range",
                violation_error_message=format_lazy(
                    _("The year must be between {first} and {last}."),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__lte=MAX_AMOUNT),
                name="commendation_amount_in_range",
                violation_error_message=_("The amount is larger than any award could carry."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revocation_reason=""),
                name="commendation_revocation_has_a_reason",
                violation_error_message=_("A revoked award needs the reason for its revocation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year} – {self.recipient_name}"

    def save(self, *args, **kwargs) -> None:
        if self.recipient is not None:
            self.fill_from_recipient()
        self.title_rank = self.title.rank
        super().save(*args, **kwargs)
        self._as_loaded = self._where()
        if self._visibility_as_loaded != self._visibility_inputs():
            # The database's answer, by the one definition; read from the row when next asked,
            # as Django does with a field it could not refresh.
            Commendation.objects.filter(pk=self.pk).update(is_public=award_is_public())
            self.__dict__.pop("is_public", None)
            self._visibility_as_loaded = self._visibility_inputs()
        years_changed({self.year, self._year_as_loaded} - {None})

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        years_changed({self.year})
        return result

    def clean(self) -> None:
        errors = {}
        recipient_fields = [field for field in RECIPIENT_FIELDS if getattr(self, f"{field}_id")]
        if self.title_id and len(recipient_fields) == 1:
            kind = self.recipient_kind
            if not getattr(self.title, f"for_{kind}"):
                errors[recipient_fields[0]] = ValidationError(
                    _("“%(title)s” is not given to %(kind)s."),
                    code="title_not_for_recipient",
                    params={"title": self.title, "kind": self.RecipientKind(kind).label},
                )
        try:
            signed_on = self.decision.signed_on
        except Decision.DoesNotExist:  # a new decision whose own form failed
            signed_on = None
        # An award already recorded is checked again only when what the check reads changed:
        # the registry holds awards the law data refuses (a commune's cultural villages of
        # 2022, entered before the data knew the district conferred them), and their decision
        # must stay editable.
        refusal = (
            self.decision.refusals([self.title]).get(self.title_id)
            if self.title_id and signed_on and self._law_changed()
            else None
        )
        if refusal:
            errors["title"] = ValidationError(refusal, code="not_conferrable")
        elif (
            self._state.adding
            and self.amount is None
            and self.title_id
            and signed_on
            and len(recipient_fields) == 1
        ):
            # The money the law sets on the decision's date, offered for a new award typed
            # without one (an old award without an amount stays as it was recorded).
            self.amount = self.rate_amount()
        if self.year and signed_on and self.year > signed_on.year:
            errors["year"] = ValidationError(
                _("The emulation year cannot be after the decision's year (%(year)s)."),
                code="year_after_decision",
                params={"year": signed_on.year},
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        award = super().from_db(db, field_names, values, **kwargs)
        # Moving an award to another year changes both years' rolls.
        award._year_as_loaded = award.year if "year" in field_names else None
        award._law_as_loaded = (award.__dict__.get("title_id"), award.__dict__.get("decision_id"))
        # A recipient changed later takes its own commune (fill_from_recipient()).
        if all(f"{field}_id" in field_names for field in WHERE_FIELDS):
            award._as_loaded = award._where()
        # save() asks the database whether the award is public only when one of these changed.
        if {"decision_id", "person_id", "revoked_on"} <= set(field_names):
            award._visibility_as_loaded = award._visibility_inputs()
        return award

    def _where(self) -> tuple:
        """The recipient ids and the commune's, as they are now."""
        return tuple(self.__dict__.get(f"{field}_id") for field in WHERE_FIELDS)

    def _visibility_inputs(self) -> tuple:
        """What award_is_public() reads of the award itself, as it is now."""
        return (self.decision_id, self.person_id, self.revoked_on)

    def validate_constraints(self, exclude: set[str] | None = None) -> None:
        # The decision's inline rows have no revocation fields, and Django skips a constraint
        # whose condition names an excluded field: the duplicate check would never run there.
        super().validate_constraints(exclude=set(exclude or ()) - {"revoked_on"})

    @property
    def recipient(self) -> Unit | Commune | Person | Household | None:
        for field in RECIPIENT_FIELDS:
            if getattr(self, f"{field}_id") is not None:
                return getattr(self, field)
        return None

    @property
    def recipient_kind(self) -> str:
        """A RecipientKind, which is also the catalogue's `for_*` vocabulary."""
        if self.person_id:
            return self.RecipientKind.INDIVIDUALS
        if self.household_id:
            return self.RecipientKind.HOUSEHOLDS
        return self.RecipientKind.COLLECTIVES

    def _law_changed(self) -> bool:
        """New, or its title, its decision, or the decision's date or issuer changed since it
        was loaded."""
        if self._state.adding or self._law_as_loaded != (self.title_id, self.decision_id):
            return True
        decision = self.decision
        return getattr(decision, "_law_as_loaded", None) != decision.law_key()

    def rate_amount(self) -> int | None:
        """The reward money the law sets for this title and kind of recipient on the decision's
        date (RewardMoney); None where it sets none."""
        return self.decision.reward_money.amount(self.title_id, self.recipient_kind)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None

    @property
    def needs_justification(self) -> bool:
        """A rule failed and no publisher has yet said why the award is conferred anyway."""
        return bool(self.eligibility_shortfalls) and not self.eligibility_justification

    def fill_from_recipient(self) -> None:
        """Fill what the decision's annex would say, where staff left it empty.

        An award given to another recipient than the one it was loaded with, its commune left
        as it was, takes the new recipient's commune: the old one was the old recipient's.
        """
        if self._as_loaded is not None:
            now = self._where()
            if now[:-1] != self._as_loaded[:-1] and now[-1] == self._as_loaded[-1]:
                self.locality_id = None
        recipient = self.recipient
        if isinstance(recipient, Person):
            name, position = recipient.full_name, recipient.position
            unit_name = recipient.unit.name if recipient.unit_id else ""
            locality_id = recipient.commune_id or (
                recipient.unit.commune_id if recipient.unit_id else None
            )
        elif isinstance(recipient, Household):
            name, position, unit_name = recipient.head_name, "", recipient.village
            locality_id = recipient.commune_id
        elif isinstance(recipient, Commune):
            name, position, unit_name, locality_id = recipient.full_name, "", "", recipient.pk
        else:
            name, position, unit_name, locality_id = recipient.name, "", "", recipient.commune_id
        self.recipient_name = self.recipient_name or name
        self.recipient_position = self.recipient_position or position
        self.recipient_unit_name = self.recipient_unit_name or unit_name
        self.locality_id = self.locality_id or locality_id


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date: reward money is a multiple of it."""

    amount = models.PositiveBigIntegerField(_("amount (VND a month)"))
    valid_from = models.DateField(_("in force from"), unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})"


class RewardRate(models.Model):
    """The reward money of a title or form for a kind of recipient, as a coefficient of the
    base salary on the decision's date, in the period of the decree that sets it."""

    title = models.ForeignKey(
        EmulationTitle,
        verbose_name=_("title or form"),
        on_delete=models.CASCADE,
        related_name="reward_rates",
    )
    recipient_kind = models.CharField(
        _("recipient"),
        max_length=20,
        choices=Commendation.RecipientKind,
    )
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reward rate")
        verbose_name_plural = _("reward rates")
        ordering = ["title", "recipient_kind", "valid_from"]
        constraints = [
            period_is_ordered("reward_rate_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(coefficient__gt=0), name="reward_rate_coefficient_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.coefficient}"


class RewardRounding(models.Model):
    """How a decree rounds reward money: up to a multiple of so many đồng."""

    multiple = models.PositiveIntegerField(_("rounded up to a multiple of (VND)"))
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)

    class Meta:
        verbose_name = _("rounding of reward money")
        verbose_name_plural = _("rounding of reward money")
        ordering = ["valid_from"]
        constraints = [
            period_is_ordered("reward_rounding_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(multiple__gte=1), name="reward_rounding_multiple_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.multiple:,} ({self.legal_basis})"


@dataclass
class RewardMoney:
    """The reward money of every title and kind of recipient on one day: the base salary, the
    rates and the rounding in force that day (three queries, then none per award).

    An amount is the coefficient times the base salary, rounded up to the decree's multiple
    (Decree 98/2023/NĐ-CP and Decree 152/2025/NĐ-CP, see awards/law/money.toml).
    """

    day: date
    base_salary: BaseSalary | None
    multiple: int
    rates: dict[tuple[int, str], RewardRate]

    @classmethod
    def on(cls, day: date) -> "RewardMoney":
        salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
        # The latest that began wins where periods overlap: an open start counts as earliest,
        # on SQLite and PostgreSQL alike (their NULLs sort apart).
        earliest_first = F("valid_from").asc(nulls_first=True)
        rounding = RewardRounding.objects.filter(period_covers(day)).order_by(earliest_first).last()
        rates = {
            (rate.title_id, rate.recipient_kind): rate
            for rate in RewardRate.objects.filter(period_covers(day)).order_by(earliest_first)
        }
        return cls(day, salary, rounding.multiple if rounding else 1, rates)

    def rate(self, title_id: int, recipient_kind: str) -> RewardRate | None:
        return self.rates.get((title_id, recipient_kind))

    def amount(self, title_id: int, recipient_kind: str) -> int | None:
        """The amount in đồng; None where the law data sets none (or no base salary)."""
        rate = self.rate(title_id, recipient_kind)
        if rate is None or self.base_salary is None:
            return None
        exact = rate.coefficient * self.base_salary.amount
        return math.ceil(exact / self.multiple) * self.multiple  # rounded up, never down

    def explain(self, title_id: int, recipient_kind: str) -> str:
        """ "0.3 × 2,340,000 đ = 702,000 đ (Nghị định 152/2025/NĐ-CP, Điều …)"."""
        rate = self.rate(title_id, recipient_kind)
        if rate is None or self.base_salary is None:
            return ""
        return _("%(coefficient)s × %(salary)s đ = %(amount)s đ (%(basis)s)") % {
            "coefficient": number_format(rate.coefficient.normalize()),
            "salary": number_format(self.base_salary.amount, force_grouping=True),
            "amount": number_format(self.amount(title_id, recipient_kind), force_grouping=True),
            "basis": rate.legal_basis,
        }


class EmulationCluster(models.Model):
    """A group of localities (cluster) or agencies (bloc) that compete with each other."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("cluster of localities")
        BLOC = "bloc", _("bloc of agencies")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CLUSTER)
    organised_by = models.CharField(_("organised by"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("emulation cluster")
        verbose_name_plural = _("emulation clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClusterMembership(models.Model):
    """A unit's place in a cluster for one year: leader and deputy rotate yearly."""

    class Role(models.TextChoices):
        LEADER = "leader", _("leader")
        DEPUTY = "deputy", _("deputy leader")
        MEMBER = "member", _("member")

    cluster = models.ForeignKey(
        EmulationCluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cluster_memberships"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["-year", "cluster", "role", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "unit", "year"],
                name="membership_once_per_cluster_and_year",
                violation_error_message=_("This unit is already a member for this year."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="leader"),
                name="membership_one_leader_per_year",
                violation_error_message=_("The cluster already has a leader for this year."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="deputy"),
                name="membership_one_deputy_per_year",
                violation_error_message=_("The cluster already has a deputy for this year."),
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="membership_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.cluster} {self.year}"


class Pact(models.Model):
    """An emulation pact signed at the start of a year: targets, and who signed them."""

    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    title = models.CharField(_("title"), max_length=300)
    cluster = models.ForeignKey(
        EmulationCluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pacts",
        help_text=_("Empty for a pact signed by all the locality's units."),
    )
    movement = models.ForeignKey(
        EmulationMovement,
        verbose_name=_("movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pacts",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place of signing"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("emulation pact")
        verbose_name_plural = _("emulation pacts")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="pact_title_unique_per_year",
                violation_error_message=_("A pact with this title already exists for this year."),
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="pact_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PactSignatory(models.Model):
    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="signatories"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pact_signatures"
    )
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    representative_position = models.CharField(
        _("representative's position"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["pact", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "unit"],
                name="signatory_once_per_pact",
                violation_error_message=_("This unit has already signed this pact."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class PactTarget(models.Model):
    """A target of a pact, with the result measured at the end of the year."""

    class Comparison(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"
        EXACTLY = "eq", "="

    pact = models.ForeignKey(
        Pact, verbose_name=_("pact"), on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("order on the list"), default=0)
    indicator = models.CharField(_("indicator"), max_length=300)
    comparison = models.CharField(
        _("comparison"), max_length=3, choices=Comparison, default=Comparison.AT_LEAST
    )
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    basis = models.CharField(
        _("basis"),
        max_length=200,
        blank=True,
        help_text=_("What the value is measured against, e.g. “on the province's estimate”."),
    )
    actual_value = models.DecimalField(
        _("actual result"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["pact", "position", "id"]

    def __str__(self) -> str:
        return (
            f"{self.indicator} {self.get_comparison_display()} "
            f"{self.target_value.normalize():f}{self.unit_of_measure}"
        )

    @property
    def is_achieved(self) -> bool | None:
        """None while the result is not measured yet."""
        if self.actual_value is None:
            return None
        if self.comparison == self.Comparison.AT_LEAST:
            return self.actual_value >= self.target_value
        if self.comparison == self.Comparison.AT_MOST:
            return self.actual_value <= self.target_value
        return self.actual_value == self.target_value


class RuralStandardRecognition(models.Model):
    """A commune recognised as meeting a new-rural standard in a year."""

    class Standard(models.TextChoices):
        NEW_RURAL = "new_rural", _("new rural standard")
        ADVANCED = "advanced", _("advanced new rural standard")
        MODEL = "model", _("model new rural standard")

    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="rural_recognitions",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    standard = models.CharField(_("standard"), max_length=20, choices=Standard)
    decision_reference = models.CharField(_("recognising decision"), max_length=200, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rural-standard recognition")
        verbose_name_plural = _("rural-standard recognitions")
        ordering = ["-year", "commune"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "standard"],
                name="recognition_once_per_commune_year_standard",
                violation_error_message=_(
                    "This commune is already recognised at this standard for this year."
                ),
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="recognition_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.get_standard_display()} {self.year}"


class AwardTally(models.Model):
    """How many public awards a title has in a year, by kind of recipient.

    The pages that look across years (the home page, the list of years) read these few rows
    instead of counting every award. Recounted by `awards.rolls.years_changed()`.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.ForeignKey(
        EmulationTitle, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="+"
    )
    recipient_kind = models.CharField(
        _("recipient"), max_length=20, choices=Commendation.RecipientKind
    )
    total = models.PositiveIntegerField(_("awards"))

    class Meta:
        verbose_name = _("award tally")
        verbose_name_plural = _("award tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title", "recipient_kind"], name="tally_once_per_year_title_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}: {self.total}"


class AnnexImportQuerySet(models.QuerySet):
    def abandoned(self) -> "AnnexImportQuerySet":
        """Previews never confirmed, uploaded more than IMPORT_PREVIEW_DAYS ago.

        The rows read from the file are kept in JSON, and the file itself only in the database
        row, never on disk: deleting the import deletes all of it.
        """
        cutoff = timezone.now() - timedelta(days=settings.IMPORT_PREVIEW_DAYS)
        return self.filter(status=AnnexImport.Status.PREVIEW, uploaded_at__lt=cutoff)


class AnnexImport(models.Model):
    """A spreadsheet annex uploaded for a draft decision, previewed before anything is saved.

    The cells are kept as text, exactly as read, with the column mapping and the staff's
    corrections beside them: the rows are checked again after each change and the check is
    kept for the preview's pages; confirming checks once more and saves every row or none
    (see awards.imports).
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("in preview")
        IMPORTED = "imported", _("imported")

    # Deleted by the database with their decision, and their rows with them (AnnexImportRow).
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.DB_CASCADE, related_name="imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    uploaded_by = models.ForeignKey(
        "auth.User", verbose_name=_("uploaded by"), null=True, on_delete=models.DB_SET_NULL
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    header_line = models.PositiveIntegerField(
        _("header line"), default=1, help_text=_("The sheet's line holding the column names.")
    )
    headers = models.JSONField(_("column names"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    # Field name -> column index; a field left out is not in the file.
    mapping = models.JSONField(_("column mapping"), default=dict)
    # Row index (as text: JSON keys) -> {field: corrected value}; "skip": true leaves a row out.
    corrections = models.JSONField(_("corrections"), default=dict)
    default_year = models.PositiveSmallIntegerField(
        _("emulation year for rows without one"), validators=year_validators
    )
    # The sheet read, and every sheet of the file: [{"name": …, "hidden": bool}, …].
    sheet = models.CharField(_("sheet"), max_length=255, blank=True)
    sheets = models.JSONField(_("sheets"), default=list)
    # What the lines above the header say of the whole list: {"lines": [...], "title": text,
    # "kind": code, "year": number, "reference": "Quyết định số …"}; each key only when found.
    title_block = models.JSONField(_("title block"), default=dict)
    # Columns that are not the registry's, kept aside and shown: header text -> column index.
    extra_columns = models.JSONField(_("other columns"), default=dict)
    # The check of every row, computed once per change of the rows, mapping or corrections and
    # kept: its counts here, its rows in AnnexImportRow; the preview's pages read them instead
    # of matching every row again (see imports.stored).
    report = models.JSONField(_("check"), default=dict, blank=True)
    # The file as uploaded, kept while in preview so that another of its sheets can be read;
    # emptied when the rows are imported, deleted with the preview (see purge_imports).
    source = models.BinaryField(_("file as uploaded"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PREVIEW)
    imported_count = models.PositiveIntegerField(_("awards imported"), default=0)

    objects = AnnexImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annex import")
        verbose_name_plural = _("annex imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class WholeJSONField(models.JSONField):
    """JSON written and read whole, never queried inside, an object or an array: kept on
    PostgreSQL as `json` (the text, checked as it comes in) rather than `jsonb` (parsed into a
    tree as it comes in, printed again as it goes out). A kept check's 20,000 rows of it are
    written in half the time (0.23 s against 0.44). Elsewhere, JSONField as it is."""

    def db_type(self, connection) -> str:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        adapted = super().get_db_prep_value(value, connection, prepared)
        if isinstance(adapted, Jsonb):  # PostgreSQL: the parameter as json, not jsonb
            return Json(adapted.obj, dumps=adapted.dumps)
        return adapted

    def from_db_value(self, value, expression, connection):
        if connection.vendor == "postgresql":  # psycopg reads json itself (jsonb it leaves
            return value  # as text, for JSONField to read)
        return super().from_db_value(value, expression, connection)


class AnnexImportRow(models.Model):
    """One row of an import's kept check, as the preview shows it (see imports.stored): a page
    of the preview reads its 200 rows, not the whole file's check."""

    # Deleted by the database with their import: purging old previews stays one DELETE. Not
    # indexed alone: the unique (annex_import, index) finds an import's rows (one index fewer
    # written for each of 20,000 rows kept).
    annex_import = models.ForeignKey(
        AnnexImport, on_delete=models.DB_CASCADE, related_name="checked_rows", db_index=False
    )
    index = models.PositiveIntegerField()
    status = models.CharField(max_length=10)
    guessed = models.BooleanField(default=False)  # read loosely: a note says how
    data = WholeJSONField(default=dict)  # what the preview shows
    # What saving a valid row makes (imports.Row.kept), read only when confirming.
    saving = WholeJSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["annex_import", "index"], name="import_row_once_per_index"
            )
        ]
        indexes = [
            models.Index(fields=["annex_import", "status", "index"], name="import_rows_by_status")
        ]

    def __str__(self) -> str:
        return f"{self.annex_import} #{self.index}"
