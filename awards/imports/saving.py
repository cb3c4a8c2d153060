"""Saving a checked annex: every row as an award of the draft decision, or none."""

from collections import defaultdict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.imports.matching import Row, _locality, check
from awards.imports.values import CHUNK
from awards.models import (
    AnnexImport,
    Commendation,
    Decision,
    years_changed,
)
from units.models import StaffScope


@transaction.atomic
def import_rows(imp: AnnexImport, by: User | None, scope: StaffScope | None = None) -> int:
    """Save every row as an award of the draft decision, or none; returns how many."""
    decision = Decision.objects.select_for_update().get(pk=imp.decision_id)
    imp = AnnexImport.objects.select_for_update().get(pk=imp.pk)
    if not decision.is_draft:
        raise ValidationError(_("Awards can only be imported into a draft decision."))
    if imp.status != AnnexImport.Status.PREVIEW:
        raise ValidationError(_("This file was already imported."))
    report = check(imp, scope)
    if not report.is_valid:
        raise ValidationError(
            _("Some rows have errors: correct or leave them out, then confirm again.")
        )
    rows = [row for row in report.rows if not row.skipped]
    reason = _("Imported from %(file)s") % {"file": imp.file_name}
    _create_new_recipients(rows, by, reason)
    awards = [
        Commendation(
            decision=decision,
            title=row.title,
            year=row.year,
            **{row.recipient_field: row.recipient},
            recipient_name=row.values["name"],
            recipient_position=row.values["position"][:300],
            recipient_unit_name=row.values["unit"][:300],
            locality_id=_locality(row),
            citation=row.values["citation"],
            amount=row.amount,
            title_rank=row.title.rank,
            eligibility_shortfalls=row.shortfalls,
        )
        for row in rows
    ]
    Commendation.objects.bulk_create(awards, batch_size=1000)
    decision.awards.refresh_visibility()
    record_creation(Commendation, [award.pk for award in awards], by, reason)
    imp.status = AnnexImport.Status.IMPORTED
    imp.imported_count = len(awards)
    imp.save(update_fields=["status", "imported_count"])
    years_changed({award.year for award in awards})
    return len(awards)


def _create_new_recipients(rows: list[Row], by: User | None, reason: str) -> None:
    by_model = defaultdict(dict)
    for row in rows:
        if row.recipient.pk is None:
            row.recipient = by_model[type(row.recipient)].setdefault(row.new_key, row.recipient)
    for model, records in by_model.items():
        records = list(records.values())
        # Bulk inserts return the new ids on PostgreSQL and SQLite alike.
        model.objects.bulk_create(records, batch_size=1000)
        record_creation(model, [record.pk for record in records], by, reason)


def record_creation(model, pks: list[int], by: User | None, reason: str) -> None:
    """The audit history's "created" entry for rows inserted in bulk, copied by the database.

    django-simple-history's own bulk helper builds a Python object per historical row, which
    doubled the time of a 20,000-row import; this is one INSERT … SELECT per thousand rows.
    """
    history = model.history.model
    tracked = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    source = [model._meta.get_field(field.name).column for field in history.tracked_fields]
    quote = connection.ops.quote_name
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(map(quote, tracked))}, history_date, history_type, "
                f"history_user_id, history_change_reason) "
                f"SELECT {', '.join(map(quote, source))}, %s, '+', %s, %s "
                f"FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, by.pk if by else None, reason[:100], *chunk],
            )
