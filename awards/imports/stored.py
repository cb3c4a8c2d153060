"""The check of an import, kept: computed once after each change, read by every preview page.

Matching 20,000 rows takes seconds; paging through them, filtering them by status or opening
the preview again must not. The check is stored with the import: its counts and a key made of
everything it depends on in the import (columns, corrections, sheet, title block, year, the
user's scope) in `AnnexImport.report`, each row in `AnnexImportRow`, so that a page reads its
own 200 rows; a page whose key differs checks again. Confirming imports the kept rows
(`current_saving`) only if the key is still the import's and no record the check read has changed
since it was made (awards.changes); otherwise it checks again (`import_rows`), so a registry
that changed meanwhile is never imported from a stale check.
"""

import datetime
import hashlib
import json

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from awards import changes
from awards.imports.bulk import insert_values
from awards.imports.matching import Report, Row, check
from awards.models import AnnexImport, AnnexImportRow
from config.collector import collector_paused
from units.models import Commune, Household, Person, StaffScope, Unit

# Raised when what a stored row holds changes, so that older stored checks are made again.
VERSION = 6  # 6: what saving a valid row makes (AnnexImportRow.saving)


def fingerprint(imp: AnnexImport, scope: StaffScope | None) -> str:
    state = [
        VERSION,
        imp.mapping,
        imp.corrections,
        imp.sheet,
        imp.title_block,
        imp.default_year,
        imp.header_line,
        len(imp.headers),
        [scope.commune_id, scope.unit_id] if scope is not None else None,
        # What the decision may confer, and the money of its date, depend on these.
        [imp.decision.signed_on, imp.decision.authority_id, imp.decision.issuer_level],
    ]
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


@collector_paused()
def stored_check(imp: AnnexImport, scope: StaffScope | None = None) -> dict:
    """The import's check as the preview shows it: {"counts": {...}, "is_valid": …,
    "common_notes": [...]} here, each row in AnnexImportRow (see stored_rows())."""
    key = fingerprint(imp, scope)
    if imp.report.get("key") == key:
        return imp.report
    registry = changes.current_state()  # before the check reads: see changes
    report = check(imp, scope)
    # A kind of record's name, translated once: gettext for each of 20,000 rows was 0.3 s.
    labels = {model: str(model._meta.verbose_name) for model in (Unit, Commune, Person, Household)}
    rows = [_shown(row, labels) for row in report.rows]
    # The columns that are not the registry's, kept aside: each row shows what it holds there.
    aside = sorted(imp.extra_columns.items(), key=lambda item: item[1])
    for row in rows:
        cells = imp.rows[row["index"]][2]
        row["aside"] = [
            [header, cells[column]]
            for header, column in aside
            if column < len(cells) and cells[column]
        ]
    # A note every row has (the title block's title read loosely) is said once, above them.
    live = [row for row in rows if row["status"] != "skipped"]
    common = (
        [note for note in live[0]["notes"] if all(note in r["notes"] for r in live)]
        if len(live) > 1
        else []
    )
    for row in rows:
        row["notes"] = [note for note in row["notes"] if note not in common]
    found = counts(report)
    found["guessed"] = sum(1 for row in rows if row["notes"])
    imp.report = {
        "key": key,
        "registry": registry,
        "checked_at": timezone.now().isoformat(),
        "is_valid": report.is_valid,
        "counts": found,
        "common_notes": common,
    }
    with transaction.atomic():
        AnnexImportRow.objects.filter(annex_import=imp).delete()
        insert_values(
            AnnexImportRow,
            [
                {
                    "annex_import_id": imp.pk,
                    "index": row["index"],
                    "status": row["status"],
                    "guessed": bool(row["notes"]),
                    "saving": row.pop("saving"),
                    "data": row,
                }
                for row in rows
            ],
            ids=False,
        )
        AnnexImport.objects.filter(pk=imp.pk).update(report=imp.report)
    return imp.report


def current_saving(imp: AnnexImport, scope: StaffScope | None) -> list[dict] | None:
    """What saving each valid row of the kept check makes (Row.kept), if the check is current,
    else None: kept for the import as it is now, valid, and made after the registry last
    changed (awards.changes), within IMPORT_PREVIEW_DAYS."""
    report = imp.report
    if report.get("key") != fingerprint(imp, scope) or not report.get("is_valid"):
        return None
    age = timezone.now() - datetime.datetime.fromisoformat(report["checked_at"])
    if age > datetime.timedelta(days=settings.IMPORT_PREVIEW_DAYS):
        return None
    if changes.changed_since(report.get("registry", "")):
        return None
    kept = AnnexImportRow.objects.filter(annex_import=imp, status__in=("matched", "new"))
    # Read as text and parsed by orjson: JSONField's json.loads of each of 20,000 rows was
    # twice as long (0.45 s against 0.2, the query included).
    texts = kept.order_by("index").values_list(Cast("saving", TextField()), flat=True)
    return [orjson.loads(text) if text is not None else None for text in texts]


def stored_rows(imp: AnnexImport, show: str = "all"):
    """The kept check's rows, in the file's order: all, those of a status, or those read
    loosely ("guessed"). A queryset: a page reads its own rows only."""
    rows = AnnexImportRow.objects.filter(annex_import=imp).order_by("index")
    if show == "guessed":
        return rows.filter(guessed=True)
    if show != "all":
        return rows.filter(status=show)
    return rows


def forget_check(imp: AnnexImport) -> None:
    """After the rows themselves changed (another sheet read): the next page checks again."""
    imp.report = {}
    AnnexImportRow.objects.filter(annex_import=imp).delete()


def counts(report: Report) -> dict[str, int]:
    """What confirming would do: N awards, to M recipients already in the registry and K new
    ones, E rows in error, S left out."""
    found = report.counts
    valid = [row for row in report.rows if not row.skipped and not row.errors]
    found["awards"] = len(valid)
    found["existing_recipients"] = len(
        {(row.recipient_field, row.recipient.pk) for row in valid if row.status == "matched"}
    )
    new = [row for row in valid if row.status == "new"]
    found["new_recipients"] = len({row.new_key for row in new})
    # A parent unit the unit column names, neither in the registry nor a row: added too (see
    # saving._create_new_recipients).
    new_units = {row.match_key for row in new if row.recipient_field == "unit"}
    found["new_parents"] = len(
        {
            row.parent_key
            for row in new
            if row.recipient_field == "unit"
            and row.recipient.parent_id is None
            and row.parent_key
            and row.parent_key not in new_units
        }
    )
    return found


def _shown(row: Row, labels: dict[type, str]) -> dict:
    recipient = row.recipient
    return {
        "index": row.index,
        "line": row.line,
        "status": row.status,
        "values": row.values,
        "recipient": str(recipient) if recipient is not None and recipient.pk else "",
        "recipient_label": labels[type(recipient)] if recipient is not None else "",
        "title": str(row.title) if row.title is not None else "",
        "year": row.year,
        "commune": str(row.commune) if row.commune is not None else "",
        "amount": row.amount,
        "amount_rate": row.amount_rate,
        "errors": [str(error) for error in row.errors],
        "notes": [str(note) for note in row.notes],
        "suggestions": row.suggestions,
        "shortfalls": row.shortfalls,
        "saving": row.kept(),
    }
