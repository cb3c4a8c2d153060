"""Merging and renaming units and communes, as the 2025 reorganisation did by the thousand.

Nothing is rewritten: the old record ends on a date and names its successor, so its history page
says "now part of …" and the successor's lists it. What is current moves on: people, households
and units of a merged commune, people and sub-units of a merged unit. Each is one transaction,
and every row it changes keeps who changed it in the audit history.
"""

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import Commune, Household, Person, Unit


def _end(records: Sequence[Unit | Commune], into: Unit | Commune, on: datetime.date) -> list:
    """Lock the records that end, refusing what would make the history impossible."""
    model = type(into)
    locked = list(model.objects.select_for_update().filter(pk__in=[r.pk for r in records]))
    if not locked:
        raise ValidationError(_("Choose at least one record to merge."), code="nothing_to_merge")
    for record in locked:
        if record.pk == into.pk:
            raise ValidationError(
                _("“%(name)s” cannot be merged into itself.") % {"name": record},
                code="merge_into_itself",
            )
        if not record.is_current:
            raise ValidationError(
                _("“%(name)s” already ceased on %(date)s.")
                % {"name": record, "date": record.valid_until.strftime("%d/%m/%Y")},
                code="already_ended",
            )
        if record.valid_from and on < record.valid_from:
            raise ValidationError(
                _("“%(name)s” cannot end before it began (%(date)s).")
                % {"name": record, "date": record.valid_from.strftime("%d/%m/%Y")},
                code="ends_before_it_began",
            )
    if not into.is_current:
        raise ValidationError(
            _("“%(name)s” no longer exists; merge into its successor.") % {"name": into},
            code="successor_ended",
        )
    return locked


def _save(record, by: User, **changes) -> None:
    for field, value in changes.items():
        setattr(record, field, value)
    record._history_user = by
    record.save()


@transaction.atomic
def merge_units(units: Sequence[Unit], into: Unit, on: datetime.date, by: User) -> None:
    """The units cease on `on`, the last day they existed, and become part of `into`."""
    merged = _end(units, into, on)
    for unit in merged:
        _save(unit, by, valid_until=on, successor=into)
    for person in Person.objects.filter(unit__in=merged):
        _save(person, by, unit=into)
    for child in Unit.objects.filter(parent__in=merged).exclude(pk=into.pk):
        _save(child, by, parent=into)


@transaction.atomic
def merge_communes(communes: Sequence[Commune], into: Commune, on: datetime.date, by: User) -> None:
    """The communes cease on `on` and become part of `into`; what is in them moves there."""
    merged = _end(communes, into, on)
    for commune in merged:
        _save(commune, by, valid_until=on, successor=into)
    for model in (Unit, Person, Household):
        for record in model.objects.filter(commune__in=merged):
            _save(record, by, commune=into)


@transaction.atomic
def rename_unit(unit: Unit, name: str, on: datetime.date, by: User) -> Unit:
    """A new name from the day after `on`: a new record that succeeds the old one."""
    renamed = Unit(
        name=name.strip(),
        kind=unit.kind,
        parent=unit.parent,
        commune=unit.commune,
        valid_from=on + datetime.timedelta(days=1),
    )
    if not renamed.name or renamed.name == unit.name:
        raise ValidationError(_("Write the new name."), code="same_name")
    _save(renamed, by)
    merge_units([unit], renamed, on, by)
    return renamed


@transaction.atomic
def rename_commune(commune: Commune, name: str, kind: str, on: datetime.date, by: User) -> Commune:
    """A new name or kind (a commune that becomes a ward) from the day after `on`."""
    renamed = Commune(
        name=name.strip(),
        kind=kind,
        district=commune.district,
        province=commune.province,
        valid_from=on + datetime.timedelta(days=1),
    )
    if not renamed.name or (renamed.name, renamed.kind) == (commune.name, commune.kind):
        raise ValidationError(_("Write the new name or choose the new kind."), code="same_name")
    _save(renamed, by)
    merge_communes([commune], renamed, on, by)
    if code := commune.code:
        # The official code follows the commune under its new name; the old record, ended,
        # keeps it as its own (codes are unique among the communes in force).
        _save(renamed, by, code=code)
    return renamed
