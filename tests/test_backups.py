"""`manage.py backup` and `restore`: the demo backed up, changed, restored, every table compared.

A backup is read by pg_dump in its own session, so the data must be committed: these tests run
on transactional databases, which are emptied after each test, catalogue and all; the data
migrations' rows are filled again before each test and after the module (as the browser tests
do), so that the tests after these find them.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from awards.demo import load_demo_data
from awards.models import Commendation, Decision, EmulationTitle
from backups import archive as backups
from tests.conftest import fill_data_migrations
from units.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue_after_the_module"),
]


@pytest.fixture
def demo_committed(settings) -> None:
    fill_data_migrations()
    settings.SIMPLE_HISTORY_ENABLED = True
    load_demo_data()
    Decision.objects.order_by("pk").first().document.save(
        "qd-163.pdf", ContentFile(b"%PDF-1.4 the scan")
    )


def every_table() -> dict[str, list[dict]]:
    """Every model's rows (Django's own tables included), by primary key."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def media_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def back_up(output: Path, *args: str) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(output), *args, stdout=out, stderr=io.StringIO())
    return Path(out.getvalue().split()[0])


def test_a_restored_backup_holds_every_row_and_file_as_it_was(demo_committed, tmp_path, settings):
    media = Path(settings.MEDIA_ROOT)
    before, files_before = every_table(), media_files(media)
    assert before["awards.Commendation"] and before["awards.HistoricalCommendation"]
    archive = back_up(tmp_path / "archives")

    assert archive.name.startswith("registry-") and archive.suffix == ".tar"
    manifest = backups.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["row_counts"]["awards_commendation"] == Commendation.objects.count()
    assert "0001_initial" in manifest["migrations"]["awards"]
    assert manifest["media_files"] == 1
    with tarfile.open(archive) as tar:
        for name, part in manifest["parts"].items():
            content = tar.extractfile(name).read()
            assert hashlib.sha256(content).hexdigest() == part["sha256"]

    # A decision deleted with its awards, an award added, a name altered, a file uploaded.
    decision = Decision.objects.filter(document="").order_by("pk").last()
    Commendation.objects.filter(decision=decision).delete()
    decision.delete()
    kept = Commendation.objects.filter(person__isnull=False).order_by("pk").first()
    Commendation.objects.create(
        decision=kept.decision,
        title=EmulationTitle.objects.filter(for_individuals=True).exclude(pk=kept.title_id)[0],
        person=kept.person,
        year=kept.year,
    )
    Person.objects.filter(pk=kept.person_id).update(full_name="Tên Đã Sửa")
    (media / "decisions" / "since.pdf").write_bytes(b"%PDF uploaded after the backup")
    assert every_table() != before

    with pytest.raises(CommandError, match=r"holds data.*--yes"):
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out, stderr=io.StringIO())

    assert "as the manifest says" in out.getvalue()
    after = every_table()
    for label, rows in before.items():
        assert after[label] == rows, label
    assert media_files(media) == files_before


def write_archive(path: Path, manifest: dict, parts: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **parts}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def a_manifest(**changes) -> dict:
    dump = backups.DUMPS[connection.vendor]
    return {
        "format": "registry-backup",
        "version": 1,
        "engine": connection.vendor,
        "migrations": {},
        "row_counts": {},
        "parts": {
            dump: {"bytes": 4, "sha256": hashlib.sha256(b"dump").hexdigest()},
            "media.tar": {"bytes": 5, "sha256": hashlib.sha256(b"media").hexdigest()},
        },
        **changes,
    }


def restore_error(archive: Path) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO(), stderr=io.StringIO())
    return str(error.value)


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path):
    dump = backups.DUMPS[connection.vendor]
    damaged = write_archive(
        tmp_path / "damaged.tar", a_manifest(), {dump: b"dumq", "media.tar": b"media"}
    )
    assert "damaged" in restore_error(damaged)
    (tmp_path / "garbage.tar").write_bytes(b"not a tar at all")
    assert "not a registry backup" in restore_error(tmp_path / "garbage.tar")
    assert "No file" in restore_error(tmp_path / "missing.tar")


@pytest.mark.django_db
def test_a_backup_of_another_engine_or_a_newer_release_is_refused(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    engine = write_archive(tmp_path / "engine.tar", a_manifest(engine=other), {})
    newer = write_archive(
        tmp_path / "newer.tar", a_manifest(migrations={"awards": ["9999_from_the_future"]}), {}
    )

    assert f"backup of a {other} database" in restore_error(engine)
    assert "newer release" in restore_error(newer)


@pytest.mark.django_db
def test_a_missing_postgresql_client_is_said(monkeypatch):
    monkeypatch.setenv("PATH", "")

    with pytest.raises(backups.BackupError, match="pg_dump is not installed"):
        backups._binary("pg_dump")


def test_keep_deletes_the_oldest_archives_beyond_the_newest(tmp_path):
    for stamp in ("20250101-020000", "20250102-020000", "20250103-020000"):
        (tmp_path / f"registry-{stamp}.tar").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("not an archive")

    newest = back_up(tmp_path, "--keep", "2")

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [newest.name, "registry-20250103-020000.tar", "notes.txt"]
    )
    with pytest.raises(CommandError, match="at least 1"):
        back_up(tmp_path, "--keep", "0")
