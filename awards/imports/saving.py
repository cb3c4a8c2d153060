"""Saving a checked annex: every row as an award of the draft decision, or none."""

from collections import defaultdict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.imports.bulk import insert_all, insert_values, new_records
from awards.imports.matching import _guess_unit_kind, check
from awards.imports.stored import current_saving
from awards.imports.values import CHUNK, fold, unit_key
from awards.models import (
    AnnexImport,
    Commendation,
    Decision,
    years_changed,
)
from config.collector import collector_paused
from units.models import StaffScope, Unit


@collector_paused()
@transaction.atomic
def import_rows(imp: AnnexImport, by: User | None, scope: StaffScope | None = None) -> int:
    """Save every row as an award of the draft decision, or none; returns how many.

    The rows of the kept check, if it is current (stored.current_saving); else checked again.
    """
    decision = Decision.objects.select_for_update().get(pk=imp.decision_id)
    imp = AnnexImport.objects.select_for_update().get(pk=imp.pk)
    if not decision.is_draft:
        raise ValidationError(_("Awards can only be imported into a draft decision."))
    if imp.status != AnnexImport.Status.PREVIEW:
        raise ValidationError(_("This file was already imported."))
    rows = current_saving(imp, scope)
    if rows is None:  # the kept check is not current: the rows are checked again
        report = check(imp, scope)
        if not report.is_valid:
            raise ValidationError(
                _("Some rows have errors: correct or leave them out, then confirm again.")
            )
        rows = [row.kept() for row in report.rows if not row.skipped]
    reason = _("Imported from %(file)s") % {"file": imp.file_name}
    recipients = _create_new_recipients(rows, by, reason)
    # A row's recipient field is the award's foreign key of that name ("person" …).
    column = {row["field"]: Commendation._meta.get_field(row["field"]).attname for row in rows}
    awards = [
        {**row["award"], "decision_id": decision.pk, column[row["field"]]: recipient}
        for row, recipient in zip(rows, recipients, strict=True)
    ]
    # A draft's awards are not public (is_public's default): nothing to refresh.
    record_creation(Commendation, insert_values(Commendation, awards), by, reason)
    imp.status = AnnexImport.Status.IMPORTED
    imp.imported_count = len(awards)
    imp.source = None  # the file's work is done: only its rows stay, with the awards' history
    imp.report = {}
    imp.save(update_fields=["status", "imported_count", "source", "report"])
    imp.checked_rows.all().delete()
    years_changed({award["year"] for award in awards})
    return len(awards)


def _create_new_recipients(rows: list[dict], by: User | None, reason: str) -> list[int]:
    """The new recipients the rows name, saved (rows naming one new recipient make one
    record: Row.new_key); returns each row's recipient id."""
    wanted: dict[str, dict[tuple, dict]] = defaultdict(dict)  # kind -> key -> values
    for row in rows:
        if row["pk"] is None:
            wanted[row["field"]].setdefault(tuple(row["new_key"]), row["new"])
    new: dict[tuple, object] = {}
    for field_name, by_key in wanted.items():
        model = Commendation._meta.get_field(field_name).related_model
        fields = {field.attname: field for field in model._meta.concrete_fields}
        values = [
            {name: fields[name].to_python(value) for name, value in kept.items()}
            for kept in by_key.values()
        ]
        new.update(zip(by_key, new_records(model, values), strict=True))
    # A new unit whose parent is another new unit of the same file (file 05: a centre, then
    # its departments): the parent is saved first, then the unit under it. A parent neither
    # in the registry nor a row of the file is added too (file 05's "Sở Y tế"): without it,
    # two departments of one name under different parents could not be told apart.
    by_model = defaultdict(list)
    for record in new.values():
        by_model[type(record)].append(record)
    new_units = {unit_key(fold(unit.name)): unit for unit in by_model[Unit]}
    parents = {}
    for row in rows:
        if row["pk"] is not None or row["field"] != "unit":
            continue
        unit = new[tuple(row["new_key"])]
        key = row["parent_key"]
        if unit.parent_id is not None or not key or key == unit_key(fold(unit.name)):
            continue
        if key not in new_units:
            new_units[key] = Unit(name=row["parent_name"], kind=_guess_unit_kind(key))
            by_model[Unit].append(new_units[key])
        parents[id(unit)] = new_units[key]
    for model, waiting in by_model.items():
        while waiting:
            # Bulk inserts return the new ids on PostgreSQL and SQLite alike.
            ready = [r for r in waiting if id(r) not in parents or parents[id(r)].pk is not None]
            if not ready:  # parents that name each other: saved without them
                ready, parents = waiting, {}
            for record in ready:
                if id(record) in parents:
                    record.parent = parents[id(record)]
            insert_all(model, ready)
            record_creation(model, [record.pk for record in ready], by, reason)
            waiting = [record for record in waiting if record.pk is None]
    return [row["pk"] if row["pk"] is not None else new[tuple(row["new_key"])].pk for row in rows]


def record_creation(model, pks: list[int], by: User | None, reason: str) -> None:
    """The audit history's "created" entry for rows inserted in bulk, copied by the database.

    django-simple-history's own bulk helper builds a Python object per historical row, which
    doubled the time of a 20,000-row import; this is one INSERT … SELECT (per thousand rows
    but on PostgreSQL, which takes the ids as one array).
    """
    history = model.history.model
    tracked = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    source = [model._meta.get_field(field.name).column for field in history.tracked_fields]
    quote = connection.ops.quote_name
    select = (
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({', '.join(map(quote, tracked))}, history_date, history_type, "
        f"history_user_id, history_change_reason) "
        f"SELECT {', '.join(map(quote, source))}, %s, '+', %s, %s "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} "
    )
    who = [timezone.now(), by.pk if by else None, reason[:100]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the ids as one array: one statement
            cursor.execute(select + "= ANY(%s)", [*who, pks])
            return
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            cursor.execute(select + f"IN ({', '.join(['%s'] * len(chunk))})", [*who, *chunk])
