"""`manage.py export_registry` and `import_registry`: the demo, with its history, exported,
the database emptied and migrated again, imported, and every table compared.

Transactional databases (the import is one transaction of its own, and the emptied database
must be committed empty); the data migrations' rows are filled again after the module.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from awards.demo import load_demo_data
from awards.models import AwardTally, Commendation, Decision
from backups import registry
from reports.models import EmulationBody
from tests.conftest import fill_data_migrations
from units.models import HistoricalPerson, Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue_after_the_module"),
]


@pytest.fixture
def demo_with_history(settings) -> User:
    fill_data_migrations()
    settings.SIMPLE_HISTORY_ENABLED = True
    load_demo_data()
    call_command("load_demo_bodies", stdout=io.StringIO())
    Decision.objects.order_by("pk").first().document.save(
        "qd-163.pdf", ContentFile(b"%PDF-1.4 the scan")
    )
    editor = User.objects.create_user("bien.tap", first_name="Lan", password="secret")
    HistoricalPerson.objects.filter(pk__in=HistoricalPerson.objects.values("pk")[:3]).update(
        history_user=editor
    )
    return editor


def registry_tables() -> dict[str, list[dict]]:
    """The exported models' rows by primary key, and the staff as exported."""
    tables = {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in registry.exported_models()
    }
    tables["auth.User"] = list(User.objects.order_by("pk").values(*registry.USER_FIELDS))
    return tables


def tallies() -> list[tuple]:
    return sorted(AwardTally.objects.values_list("year", "title", "recipient_kind", "total"))


def export(path: Path) -> Path:
    call_command("export_registry", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return path


def import_(path: Path) -> str:
    out = io.StringIO()
    call_command("import_registry", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def damaged_copy(archive: Path, damaged: Path) -> Path:
    """The export with an award whose title does not exist: the database refuses it."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "awards.commendation.jsonl":
                rows = content.decode().splitlines()
                row = {**json.loads(rows[-1]), "title": 999_999}
                content = "\n".join([*rows[:-1], json.dumps(row)]).encode() + b"\n"
            target.writestr(item, content)
    return damaged


def empty_registry(media: Path) -> None:
    """A freshly migrated registry: nothing but what the data migrations make."""
    call_command("flush", interactive=False, verbosity=0)
    fill_data_migrations()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()


def test_an_export_imports_into_an_empty_registry_with_nothing_lost(
    demo_with_history, tmp_path, settings
):
    before, tallies_before = registry_tables(), tallies()
    assert before["units.HistoricalPerson"] and before["reports.EmulationOfficer"]
    scan = Decision.objects.exclude(document="").get().document.name
    archive = export(tmp_path / "registry.zip")
    empty_registry(Path(settings.MEDIA_ROOT))
    assert not Commendation.objects.exists()

    # A damaged copy first: refused whole, nothing kept, not even its files.
    with pytest.raises(CommandError, match="undone"):
        import_(damaged_copy(archive, tmp_path / "damaged.zip"))
    assert not Person.objects.exists() and not EmulationBody.objects.exists()
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*"))

    assert "Imported" in import_(archive)

    after = registry_tables()
    for label, rows in before.items():
        assert after[label] == rows, label
    assert tallies() == tallies_before  # recounted from the awards, not carried
    assert (Path(settings.MEDIA_ROOT) / scan).read_bytes() == b"%PDF-1.4 the scan"
    # Who edited is kept; what let them in is not.
    editor = User.objects.get(username="bien.tap")
    assert not editor.is_active and not editor.has_usable_password()
    assert HistoricalPerson.objects.filter(history_user=editor).count() == 3
    # The sequences follow the ids: a new record gets the next free one.
    person = Person.objects.create(full_name="Người Mới")
    assert person.pk > max(row["id"] for row in before["units.Person"])


def test_the_archive_describes_its_files_and_fields_and_imports_only_into_an_empty_registry(
    demo_with_history, tmp_path
):
    archive = export(tmp_path / "registry.zip")

    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        described = zipped.read("FORMAT.md").decode()
        first = json.loads(zipped.open("awards.commendation.jsonl").readline())
        decision = json.loads(zipped.open("awards.decision.jsonl").readline())
    files = [entry["file"] for entry in manifest["models"]]
    assert files.index("units.commune.jsonl") < files.index("awards.commendation.jsonl")
    assert files.index("awards.decision.jsonl") < files.index("awards.commendation.jsonl")
    assert "auth.user.jsonl" in files and "awards.awardtally.jsonl" not in files
    for entry in manifest["models"]:
        assert f"`{entry['file']}`" in described
        for field in entry["fields"]:
            assert f"| `{field}` |" in described
    assert "password" not in manifest["models"][0]["fields"]
    commendation = Commendation.objects.get(pk=first["id"])
    assert first["decision"] == commendation.decision_id
    assert decision["signed_on"] == Decision.objects.get(pk=decision["id"]).signed_on.isoformat()
    with pytest.raises(CommandError, match="not empty"):
        import_(archive)
    (tmp_path / "garbage.zip").write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a registry export"):
        import_(tmp_path / "garbage.zip")
