"""The whole registry in an open format: a ZIP of JSON Lines files, one a model, that any
program can read, and that `import_registry` loads into an empty registry with nothing lost.

The archive holds `manifest.json` (the format's version, the models in dependency order with
their files, fields and rows, the migrations of the registry that wrote it), `FORMAT.md` (each
file and field described, generated from the models: `describe()`), one `<app>.<model>.jsonl`
a model, and `files/` (the decisions' scans, by the name the records give them).

What it holds, and what not (`LEFT_OUT`):
- the records (places, units, people, households, decisions, awards, movements, clusters,
  pacts, results, initiatives, the emulation bodies) and their audit history (simple-history's
  tables, whole);
- the catalogue (titles and forms, rules, authorities and their powers, salaries and rates,
  the statistical regime), which `migrate` also fills: an import replaces it by the file's,
  row for row with the same ids, so that the records' references hold;
- of the staff accounts only who they were (`auth.user.jsonl`: id, user name, names), because
  the history and the justified awards name them. No password, e-mail, group or permission:
  accounts are the receiving site's to give. An imported name matches the account of that
  user name, or becomes an inactive account without a password.

"Empty" means no record and no history; the catalogue and accounts may be there.
"""

import base64
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation

from units.names import FoldedCharField

FORMAT = "registry-export"
VERSION = 1
APPS = ("units", "awards", "reports")
MANIFEST = "manifest.json"
FILES = "files/"
BATCH = 500
# What `migrate` fills (the data migrations): replaced by the file's rows on import.
CATALOGUE = (
    "awards.emulationtitle",
    "awards.eligibilityrule",
    "awards.authority",
    "awards.competence",
    "awards.competence_titles",
    "awards.basesalary",
    "awards.rewardrate",
    "awards.rewardrounding",
    "reports.statisticalregime",
)
LEFT_OUT = {
    "awards.awardtally": "derived from the awards: recounted after an import",
    "awards.anneximport": "staff's working copies of uploaded annexes; the awards they made "
    "are in awards.commendation",
    "awards.anneximportrow": "the rows of those working copies",
    "reports.exportjob": "files made on request, made again at will",
    "units.staffscope": "what staff accounts may edit: the receiving site's to give",
}
# Who the staff were, for the history and the justified awards: nothing that lets one in.
USER_FIELDS = ("id", "username", "first_name", "last_name")


class RegistryError(Exception):
    """What went wrong, said for the operator (the commands turn it into a CommandError)."""


def exported_models() -> list[type[models.Model]]:
    """The models the export holds, in dependency order: the rows a row refers to come first."""
    chosen = [
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if _label(model) not in LEFT_OUT
    ]
    return _dependency_order(chosen)


def records() -> list[type[models.Model]]:
    """The models that make a registry not empty: all of the apps' but the catalogue's and
    the derived tallies."""
    return [
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if _label(model) not in CATALOGUE and _label(model) != "awards.awardtally"
    ]


def accounts() -> list[type[models.Model]]:
    return [apps.get_model("auth", "User")]


def export_registry(
    output: Path, using: str = "default", progress: Callable[[str], None] = print
) -> dict:
    """Write the registry to the ZIP `output`; returns its manifest. Reads in one snapshot
    (the site may write meanwhile), a chunk of rows at a time: memory stays flat."""
    connection = connections[using]
    partial = output.with_name(output.name + ".partial")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "release": settings.RELEASE,
        "source_engine": connection.vendor,
        "migrations": _migrations(connection),
        "models": [],
        "files": {"count": 0, "missing": []},
    }
    documents: set[str] = set()
    outermost = not connection.in_atomic_block
    with (
        transaction.atomic(using=using),
        zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in [*accounts(), *exported_models()]:
            fields = _fields(model)
            name = _file_name(model)
            progress(f"Writing {name}…")
            rows = 0
            with archive.open(name, "w", force_zip64=True) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                queryset = (
                    model._base_manager.using(using)
                    .order_by("pk")
                    .values_list(*(field.attname for field in fields))
                )
                for values in queryset.iterator(chunk_size=2000):
                    row = {
                        field.name: _encode(value)
                        for field, value in zip(fields, values, strict=True)
                    }
                    out.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
                    rows += 1
                    documents.update(
                        value
                        for field, value in zip(fields, values, strict=True)
                        if isinstance(field, models.FileField)
                        and value
                        and not _label(model).startswith(f"{model._meta.app_label}.historical")
                    )
                out.flush()
                out.detach()
            manifest["models"].append(
                {
                    "model": _label(model),
                    "file": name,
                    "role": _role(model),
                    "rows": rows,
                    "fields": [field.name for field in fields],
                }
            )
        storage = _document_storage()
        for document in sorted(documents):
            if not storage.exists(document):
                manifest["files"]["missing"].append(document)
                continue
            with (
                storage.open(document, "rb") as source,
                archive.open(FILES + document, "w") as target,
            ):
                for block in iter(lambda: source.read(1 << 20), b""):
                    target.write(block)
            manifest["files"]["count"] += 1
        archive.writestr("FORMAT.md", describe(manifest))
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    partial.replace(output)
    return manifest


def import_registry(
    source: Path, using: str = "default", progress: Callable[[str], None] = print
) -> dict:
    """Load the export `source` into this registry, which must be empty: every row with its
    id, in one transaction (all or nothing), without the models' save() (which would stamp,
    recount and retire caches row by row); then what is derived is recounted once."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise RegistryError(f"No file {source}.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise RegistryError(f"{source} is not a registry export ({error}).") from None
    with archive:
        manifest = _read_manifest(archive, source)
        plan = _plan(manifest)
        full = [_label(model) for model in records() if _has_rows(model, using)]
        if full:
            raise RegistryError(
                "This registry is not empty (it holds "
                + ", ".join(str(name) for name in full[:6])
                + "): import into a freshly migrated database."
            )
        written: list[str] = []
        try:
            with transaction.atomic(using=using), ExitStack() as stack:
                for model, _entry in plan:
                    stack.enter_context(_stamps_kept(model))
                _clear_catalogue(plan, using)
                users: dict[int, int] = {}
                for model, entry in plan:
                    progress(f"Reading {entry['file']}…")
                    if model is accounts()[0]:
                        users = _import_users(archive, entry, using)
                    else:
                        _import_rows(archive, model, entry, users, using)
                written = _import_files(archive, manifest)
                _reset_sequences([model for model, _entry in plan], using)
                _recount(using)
        except RegistryError:
            _forget_files(written)
            raise
        except Exception as error:  # a row the database refused: said, and nothing kept
            _forget_files(written)
            raise RegistryError(f"The import was undone: {error}") from None
    return manifest


def describe(manifest: dict) -> str:
    """FORMAT.md: each file of the export and each of its fields, from the models."""
    with translation.override("en"):
        lines = [
            "# The registry's export, format version " + str(VERSION),
            "",
            "A ZIP archive. Every `*.jsonl` file is JSON Lines (UTF-8, one JSON object a line,",
            "ordered by `id`), one file a table of the registry. In each object:",
            "",
            "- keys are the field names below, always all of them;",
            "- a reference to another row is that row's `id` (or null), the file named;",
            "- dates are ISO 8601 (`2025-03-31`), times with their offset",
            '  (`2025-03-31T08:00:00+00:00`), decimals are strings (`"1234.50"`),',
            "  binary data is base64; a coded value is one of the choices listed;",
            "- an uploaded file is its name, and the file itself is `files/<name>`.",
            "",
            "`manifest.json` lists the files in dependency order (a row's references come",
            "from files before it, except a table's references to itself), with their rows and",
            "fields, and the migrations of the registry that wrote it. Files marked *catalogue*",
            "hold what a new registry is shipped with; *history* files are the audit trail",
            "(`history_type` `+` created, `~` changed, `-` deleted, `history_date` when,",
            "`history_user` who), one row a version of a record.",
            "",
            "Left out: " + "; ".join(f"`{label}` ({why})" for label, why in LEFT_OUT.items()) + ".",
            "",
        ]
        for entry in manifest["models"]:
            model = apps.get_model(entry["model"])
            doc = (model.__doc__ or "").strip().split("\n\n")[0]
            lines += [
                f"## `{entry['file']}` — {model._meta.verbose_name_plural}"
                f" ({entry['role']}, {entry['rows']} rows)",
                "",
            ]
            if doc and not doc.startswith(model.__name__ + "("):
                lines += [" ".join(doc.split()), ""]
            lines += ["| field | type | meaning |", "|---|---|---|"]
            fields = {field.name: field for field in _fields(model)}
            for name in entry["fields"]:
                lines.append(f"| `{name}` | {_type(fields[name])} | {_meaning(fields[name])} |")
            lines.append("")
    return "\n".join(lines)


def _plan(manifest: dict) -> list[tuple[type[models.Model], dict]]:
    """The manifest's models as this release's, checked: a model or field this release lacks
    would be lost, so it is refused."""
    plan = []
    for entry in manifest["models"]:
        try:
            model = apps.get_model(entry["model"])
        except (LookupError, ValueError):
            raise RegistryError(
                f"The export holds {entry['model']}, which this release lacks."
            ) from None
        known = {field.name for field in _fields(model)}
        unknown = sorted(set(entry["fields"]) - known)
        if unknown:
            raise RegistryError(
                f"{entry['file']} has fields this release lacks: {', '.join(unknown)}."
            )
        plan.append((model, entry))
    return plan


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise RegistryError(f"{source} is not a registry export ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RegistryError(f"{source} is not a registry export (no manifest of one).")
    if manifest.get("version") != VERSION:
        raise RegistryError(
            f"{source} is format version {manifest.get('version')}; this release reads "
            f"version {VERSION}."
        )
    return manifest


def _clear_catalogue(plan: list, using: str) -> None:
    """The catalogue `migrate` filled, and its tallies, give way to the file's, in one raw
    DELETE a table (no signal, no cascade: the registry holds nothing that refers to them)."""
    labels = {_label(model) for model, _entry in plan}
    doomed = [apps.get_model("awards", "AwardTally")]
    doomed += [apps.get_model(label) for label in CATALOGUE if label in labels]
    for model in reversed(_dependency_order(doomed)):
        model._base_manager.using(using).all()._raw_delete(using)


def _import_users(archive: zipfile.ZipFile, entry: dict, using: str) -> dict[int, int]:
    """The export's staff as accounts here: the one of the same user name, or a new inactive
    one without a password (with the exported id when it is free). Returns old id -> new id."""
    User = accounts()[0]
    manager = User._base_manager.using(using)
    mapping = {}
    for row in _lines(archive, entry["file"]):
        existing = manager.filter(username=row["username"]).values_list("pk", flat=True).first()
        if existing is not None:
            mapping[row["id"]] = existing
            continue
        user = User(
            username=row["username"],
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            is_active=False,
            password=make_password(None),
        )
        if not manager.filter(pk=row["id"]).exists():
            user.pk = row["id"]
        user.save(using=using)
        mapping[row["id"]] = user.pk
    return mapping


def _import_rows(
    archive: zipfile.ZipFile, model: type[models.Model], entry: dict, users: dict, using: str
) -> None:
    fields = {field.name: field for field in _fields(model)}
    User = accounts()[0]
    batch = []
    rows = 0
    for row in _lines(archive, entry["file"]):
        values = {}
        for name, value in row.items():
            field = fields.get(name)
            if field is None:
                raise RegistryError(
                    f"{entry['file']}: a row has a field '{name}' the manifest lacks."
                )
            if field.is_relation and field.related_model is User and value is not None:
                value = users.get(value)
            values[field.attname] = _decode(field, value)
        batch.append(model(**values))
        rows += 1
        if len(batch) == BATCH:
            model._base_manager.using(using).bulk_create(batch)
            batch = []
    if batch:
        model._base_manager.using(using).bulk_create(batch)
    if rows != entry["rows"]:
        raise RegistryError(
            f"{entry['file']} has {rows} rows, the manifest says {entry['rows']}: "
            "the export is damaged."
        )


def _import_files(archive: zipfile.ZipFile, manifest: dict) -> list[str]:
    storage = _document_storage()
    written = []
    for name in archive.namelist():
        if not name.startswith(FILES) or name.endswith("/"):
            continue
        document = name.removeprefix(FILES)
        if storage.exists(document):
            storage.delete(document)  # left by an earlier registry; no record of this one has it
        with archive.open(name) as content:
            saved = storage.save(document, content)
        written.append(saved)
        if saved != document:
            raise RegistryError(f"Could not store {document} under its own name (got {saved}).")
    return written


def _forget_files(names: list[str]) -> None:
    storage = _document_storage()
    for name in names:
        storage.delete(name)


def _reset_sequences(imported: list[type[models.Model]], using: str) -> None:
    """PostgreSQL's sequences after the ids: the next record gets the next free id."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), [*accounts(), *imported])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _recount(using: str) -> None:
    """What bulk_create() did not derive as save() would: each award's title rank and
    visibility, and the years' tallies (awards.rolls), once for all."""
    from awards import rolls
    from awards.models import Commendation, EmulationTitle

    awards = Commendation.objects.using(using)
    awards.update(
        title_rank=Subquery(
            EmulationTitle.objects.using(using).filter(pk=OuterRef("title_id")).values("rank")[:1]
        )
    )
    awards.all().refresh_visibility()
    years = set(awards.order_by().values_list("year", flat=True).distinct())
    rolls.recount_tallies(years)
    rolls.everything_changed()


@contextmanager
def _stamps_kept(model: type[models.Model]) -> Iterator[None]:
    """Dates stamped on save (auto_now, auto_now_add) keep the file's value while importing."""
    stamped = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    kept = [(field, field.auto_now, field.auto_now_add) for field in stamped]
    for field in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in kept:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[dict]:
    try:
        with archive.open(name) as raw:
            for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
                if line.strip():
                    try:
                        row = json.loads(line)
                    except ValueError as error:
                        raise RegistryError(f"{name}, line {number}: {error}.") from None
                    if not isinstance(row, dict):
                        raise RegistryError(f"{name}, line {number}: not a JSON object.")
                    yield row
    except KeyError:
        raise RegistryError(f"The export lacks {name}, which its manifest lists.") from None
    except zipfile.BadZipFile as error:
        raise RegistryError(f"The export is damaged ({name}: {error}).") from None


def _fields(model: type[models.Model]) -> list[models.Field]:
    if model is accounts()[0]:
        return [model._meta.get_field(name) for name in USER_FIELDS]
    return list(model._meta.concrete_fields)


def _encode(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _decode(field: models.Field, value: object) -> object:
    if value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.DurationField):
        return timedelta(seconds=value)
    return field.to_python(value)


def _dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models after those they refer to (a table's references to itself aside); ties keep
    the apps' order. Historical tables refer without constraints: they follow their model."""
    remaining = list(chosen)
    placed: list[type[models.Model]] = []
    while remaining:
        for model in remaining:
            needs = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation
                and field.related_model is not model
                and field.related_model in remaining
                and getattr(field, "db_constraint", True)
            }
            history_of = getattr(model, "instance_type", None)
            if history_of in remaining:
                needs.add(history_of)
            if not needs:
                placed.append(model)
                remaining.remove(model)
                break
        else:  # a cycle: the database checks references at commit, so any order loads
            placed.append(remaining.pop(0))
    return placed


def _document_storage():
    return apps.get_model("awards", "Decision")._meta.get_field("document").storage


def _has_rows(model: type[models.Model], using: str) -> bool:
    return model._base_manager.using(using).exists()


def _migrations(connection) -> dict[str, list[str]]:
    from backups.archive import applied_migrations

    return applied_migrations(connection)


def _role(model: type[models.Model]) -> str:
    if model is accounts()[0]:
        return "accounts"
    if hasattr(model, "instance_type"):
        return "history"
    return "catalogue" if _label(model) in CATALOGUE else "records"


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _file_name(model: type[models.Model]) -> str:
    return f"{_label(model)}.jsonl"


def _type(field: models.Field) -> str:
    if field.is_relation:
        return f"id in `{_file_name(field.related_model)}`" + (" or null" if field.null else "")
    kinds = {
        "AutoField": "integer (the row's id)",
        "BigAutoField": "integer (the row's id)",
        "BooleanField": "true/false",
        "CharField": "text",
        "TextField": "text",
        "SlugField": "text",
        "DateField": "date",
        "DateTimeField": "date and time",
        "DecimalField": "decimal (string)",
        "JSONField": "JSON",
        "FileField": "file name (`files/…`)",
        "BinaryField": "base64",
    }
    internal = field.get_internal_type()
    kind = kinds.get(internal, "integer" if "Integer" in internal else internal)
    if getattr(field, "max_length", None) and kind == "text":
        kind += f" (≤ {field.max_length})"
    return kind + (" or null" if field.null and not field.is_relation else "")


def _meaning(field: models.Field) -> str:
    parts = [str(field.verbose_name).capitalize() + "."]
    if field.help_text:
        parts.append(str(field.help_text))
    if field.choices and not field.is_relation:
        parts.append(
            "One of: "
            + ", ".join(f"`{value}` ({label})" for value, label in field.flatchoices)
            + "."
        )
    if isinstance(field, FoldedCharField):
        sources = ", ".join(f"`{source}`" for source in field.sources)
        parts.append(f"Derived (for search): {sources} folded; recomputed on import.")
    return " ".join(parts).replace("|", "\\|").replace("\n", " ")
