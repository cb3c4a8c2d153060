"""Confirming an annex from its kept check: the rows the preview showed are saved as they
are, without matching 20,000 rows again, unless the registry changed since the check; a change
made in any way (the admin, QuerySet.update(), raw SQL, another transaction) is seen."""

import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from awards import changes, imports
from awards.imports import matching, saving
from awards.imports.bulk import insert_values, new_records
from awards.models import AnnexImport, Commendation, EligibilityRule
from tests.makers import (
    annex_xlsx,
    make_award,
    make_commune,
    make_commune_decision,
    make_person,
    make_unit,
)
from units.models import Household, Person, Unit

pytestmark = pytest.mark.django_db

# Every kind of row: a person of the registry, a new person named twice (one record), a unit
# of the registry, a new unit under a new parent, a household, the commune itself, a Giấy khen
# with its amount left to the rate.
ROWS = [
    ["Nguyễn Văn An", "Cá nhân", "Giáo viên", "Trường Tiểu học Đồng Rui", "Đồng Rui",
     "Lao động tiên tiến", 2024, "", "500.000"],
    ["Trần Thị Bình", "Cá nhân", "", "", "Đồng Rui", "Lao động tiên tiến", 2024, "", ""],
    ["Trần Thị Bình", "Cá nhân", "", "", "Đồng Rui", "Giấy khen", 2024, "Hoàn thành tốt", ""],
    ["Trường Tiểu học Đồng Rui", "Tập thể", "", "", "Đồng Rui", "Tập thể lao động tiên tiến",
     2024, "", ""],
    ["Tổ Văn phòng", "Tập thể", "", "Trung tâm Y tế Mới", "Đồng Rui",
     "Tập thể lao động tiên tiến", 2024, "", ""],
    ["Hộ ông Lê Văn Cường", "Hộ gia đình", "", "Thôn Khe Tiền", "Đồng Rui", "Gia đình văn hóa",
     2024, "", ""],
    ["UBND xã Đồng Rui", "Tập thể", "", "", "", "Giấy khen", 2024, "", ""],
]  # fmt: skip


@pytest.fixture
def registry():
    commune = make_commune("Đồng Rui")
    school = make_unit("Trường Tiểu học Đồng Rui", commune=commune)
    make_person("Nguyễn Văn An", unit=school)
    return commune


def kept_import(rows=ROWS) -> AnnexImport:
    draft = make_commune_decision(number=f"{AnnexImport.objects.count() + 1}/QĐ-UBND")
    upload = SimpleUploadedFile("annex.xlsx", annex_xlsx(rows))
    imp = imports.read_import(upload, draft, 2024, None)
    imp.save()
    report = imports.stored_check(imp)
    assert report["is_valid"], list(imports.stored_rows(imp, "error").values("data"))
    return imp


def saved(imp: AnnexImport) -> list[tuple]:
    """What the import made: each award with its recipient as the registry now holds it."""
    return sorted(
        (
            award.title.name,
            award.recipient_name,
            str(award.recipient),
            award.recipient.pk is not None,
            award.locality_id,
            award.amount,
            repr(award.eligibility_shortfalls),
        )
        for award in Commendation.objects.filter(decision=imp.decision_id)
    )


def never_checked_again(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the rows were checked again")

    monkeypatch.setattr(saving, "check", refuse)


def test_a_current_kept_check_is_saved_as_checking_again_would_save_it(registry, monkeypatch):
    imp = kept_import()
    counts = (Person.objects.count(), Unit.objects.count(), Household.objects.count())

    with transaction.atomic():
        with monkeypatch.context() as patched:
            never_checked_again(patched)
            assert imports.import_rows(imp, by=None) == len(ROWS)
        from_kept = saved(imp)
        made = (Person.objects.count(), Unit.objects.count(), Household.objects.count())
        transaction.set_rollback(True)
    # The same import, the registry said to have changed: every row matched again.
    AnnexImport.objects.filter(pk=imp.pk).update(report={**imp.report, "registry": ""})
    assert imports.import_rows(imp, by=None) == len(ROWS)

    assert from_kept == saved(imp)
    # One new person for the two rows naming her; a unit, its new parent and the commune's
    # committee (a unit, not the commune); one household.
    assert made == (counts[0] + 1, counts[1] + 3, counts[2] + 1)
    assert made == (Person.objects.count(), Unit.objects.count(), Household.objects.count())


def test_a_kept_check_saves_in_a_few_queries(registry):
    imp = kept_import(ROWS * 1)

    with CaptureQueriesContext(connection) as queries:
        imports.import_rows(imp, by=None)

    # Locks, the freshness check, the kept rows, then per model: the inserts and their history.
    assert len(queries) <= 25, [query["sql"][:80] for query in queries]


def write_person(commune) -> None:
    Person.objects.create(full_name="Trần Thị Bình", commune=commune)


def write_raw_sql(commune) -> None:
    with connection.cursor() as cursor:  # as psql would: no signal, no history
        cursor.execute(
            "INSERT INTO units_person (full_name, name_folded, gender, position, commune_id, "
            "category, listed, is_demo) VALUES (%s, %s, '', '', %s, '', %s, %s)",
            ["Trần Thị Bình", "tran thi binh", commune.pk, True, False],
        )


def write_bulk_update(commune) -> None:
    EligibilityRule.objects.update(description="amended")


def write_same_value(commune) -> None:
    Unit.objects.filter(commune=commune).update(name="Trường Tiểu học Đồng Rui")


@pytest.mark.parametrize(
    "write",
    [write_person, write_raw_sql, write_bulk_update, write_same_value],
    ids=["saved", "raw SQL", "QuerySet.update", "update of the same value"],
)
def test_a_registry_written_since_the_check_is_checked_again(registry, monkeypatch, write):
    imp = kept_import()
    assert imports.current_saving(imp, None) is not None

    write(registry)

    assert imports.current_saving(imp, None) is None


def test_the_person_added_since_the_check_receives_the_award_not_a_duplicate(registry):
    imp = kept_import()
    write_raw_sql(registry)

    imports.import_rows(imp, by=None)

    assert Person.objects.filter(name_folded="tran thi binh").count() == 1


def test_a_check_not_made_for_the_import_as_it_is_now_is_not_current(registry):
    imp = kept_import()
    imp.corrections = {"1": {"year": "2023"}}

    assert imports.current_saving(imp, None) is None


def test_every_table_the_check_reads_is_watched_and_has_its_trigger(registry):
    draft = make_commune_decision(number="99/QĐ-UBND")
    imp = imports.read_import(SimpleUploadedFile("a.xlsx", annex_xlsx(ROWS)), draft, 2024, None)
    imp.save()

    with CaptureQueriesContext(connection) as queries:
        report = matching.check(imp)

    assert not [row.errors for row in report.rows if row.errors]
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    assert read - set(changes.WATCHED_TABLES) == set()
    assert triggered_tables() >= set(changes.WATCHED_TABLES)


def triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s",
                [changes.TRIGGER],
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{changes.TRIGGER}%"],
            )
        return {table for (table,) in cursor.fetchall()}


def test_a_trigger_lost_with_a_remade_table_comes_back_with_migrate():
    # SQLite remakes a table to alter it, and its triggers go with the old one.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {changes.TRIGGER} ON units_person")
        else:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER {changes.TRIGGER}_units_person_{event}")
    assert "units_person" not in triggered_tables()

    # What `migrate` sends at its end (in tests, Django's test database setup leaves the apps'
    # models_module unset, so that migrate itself sends nothing to them).
    awards = apps.get_app_config("awards")
    post_migrate.send(sender=awards, app_config=awards, verbosity=0, interactive=False,
                      using="default", apps=apps, plan=[])  # fmt: skip

    assert "units_person" in triggered_tables()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer: no write is under way"
)
def test_a_write_under_way_while_the_check_reads_is_seen_once_committed():
    import psycopg

    # Another session, as another worker's request would be (not the test's transaction).
    with (
        psycopg.connect(**connection.get_connection_params()) as other,
        other.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO units_commune (name, name_folded, province, district, kind, code, "
            "is_demo) VALUES ('Hải Lạng', 'hai lang', '', '', 'commune', '', false) "
            "RETURNING id"
        )
        (commune,) = cursor.fetchone()
        state = changes.current_state()  # the commune is not committed yet
        other.commit()
        try:
            assert changes.changed_since(state)
            assert not changes.changed_since(changes.current_state())
        finally:  # committed outside the test's transaction: taken away again
            cursor.execute("DELETE FROM units_commune WHERE id = %s", [commune])
            other.commit()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps a counter only")
def test_the_daily_purge_forgets_the_journal_older_than_any_preview(registry):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO awards_change_journal (at) VALUES (now() - interval '30 days'), (now())"
        )
    state = changes.current_state()

    assert changes.prune() == 1
    assert not changes.changed_since(state)  # what a current check compares with is kept


def test_a_migrate_counts_as_a_change(registry):
    # A migration may write a table while SQLite has remade it without its trigger.
    imp = kept_import()
    awards = apps.get_app_config("awards")

    post_migrate.send(sender=awards, app_config=awards, verbosity=0, interactive=False,
                      using="default", apps=apps, plan=[])  # fmt: skip

    assert imports.current_saving(imp, None) is None


def test_records_built_in_bulk_get_their_own_list_and_the_fields_given():
    first, second = new_records(Commendation, [{"year": 2023}, {"year": 2024}])

    assert (first.year, second.year, first.pk) == (2023, 2024, None)
    assert first.eligibility_shortfalls == [] and second.eligibility_shortfalls == []
    assert first.eligibility_shortfalls is not second.eligibility_shortfalls
    assert first.method == Commendation._meta.get_field("method").get_default()


def test_rows_inserted_from_values_are_written_as_saving_them_writes_them():
    decision = make_commune_decision(number="91/QĐ-UBND")
    person = make_person("Lê Văn Một")
    award = make_award(person, decision=decision)
    values = {
        "decision_id": decision.pk, "title_id": award.title_id, "person_id": person.pk,
        "recipient_name": "Lê Văn Một", "year": award.year - 1,
    }  # fmt: skip

    first, second = insert_values(Commendation, [values, {**values, "year": award.year - 2}])

    saved = Commendation.objects.in_bulk([first, second])
    assert (saved[first].year, saved[second].year) == (award.year - 1, award.year - 2)
    assert saved[first].recipient_name_folded == "le van mot"  # the field's pre_save()
    assert saved[first].eligibility_shortfalls == [] and saved[first].method == award.method
    assert make_award(person, decision=decision, year=award.year - 3).pk > second


def test_rows_giving_different_columns_each_get_the_defaults_of_the_others():
    """A column one row gives and another does not: the other gets the field's default, not
    the value of the row before it (the lines are copies of one template)."""
    import datetime

    from django.utils import timezone

    decision = make_commune_decision(number="92/QĐ-UBND")
    person, unit = make_person("Lê Văn Hai"), make_unit("Tổ Văn phòng")
    award = make_award(person, decision=decision)
    justified = timezone.make_aware(datetime.datetime(2025, 3, 4, 9, 30))
    common = {"decision_id": decision.pk, "title_id": award.title_id, "year": award.year - 1}
    ids = insert_values(
        Commendation,
        [
            {**common, "person_id": person.pk, "recipient_name": "Lê Văn Hai", "amount": 500_000,
             "eligibility_overridden_at": justified, "citation": "Hoàn thành tốt"},
            {**common, "unit_id": unit.pk, "recipient_name": "Tổ Văn phòng"},
        ],
    )  # fmt: skip

    first, second = (Commendation.objects.get(pk=pk) for pk in ids)
    assert (first.person_id, first.amount, first.citation) == (person.pk, 500_000, "Hoàn thành tốt")
    assert first.eligibility_overridden_at == justified
    assert (second.unit_id, second.person_id, second.amount, second.citation) == (
        unit.pk, None, None, ""
    )  # fmt: skip
    assert second.eligibility_overridden_at is None
    assert second.recipient_name_folded == "to van phong"


def test_records_made_from_values_in_order_have_those_and_the_defaults():
    from awards.imports.bulk import record_maker

    make = record_maker(Person, ("id", "full_name", "unit_id"))
    known, new = make(41, "Lê Văn Ba", 7), make(None, "Trần Thị Tư", None)
    assert (known.pk, known.full_name, known.unit_id, known.position) == (41, "Lê Văn Ba", 7, "")
    assert (new.pk, new.full_name, new.unit_id) == (None, "Trần Thị Tư", None)
    assert new.listed is Person._meta.get_field("listed").get_default()
    award = record_maker(Commendation, ("year",))
    first, second = award(2023), award(2024)
    assert first.eligibility_shortfalls == [] and first.eligibility_shortfalls is not (
        second.eligibility_shortfalls
    )


def test_reading_checking_and_importing_run_with_the_cycle_collector_paused(registry, monkeypatch):
    """Each walks the whole process's objects otherwise, over and over (config.collector)."""
    import gc

    from awards.imports import stored

    paused = []
    for module, name in ((imports, "read_table"), (stored, "check"), (saving, "insert_values")):
        real = getattr(module, name)

        def spy(*args, real=real, name=name, **kwargs):
            paused.append((name, not gc.isenabled()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    imp = kept_import()
    imports.import_rows(imp, by=None)
    assert set(paused) == {("read_table", True), ("check", True), ("insert_values", True)}
    assert gc.isenabled()


def test_kept_rows_read_back_as_written_by_copy_by_save_and_by_update(registry):
    """Their JSON is kept as text on PostgreSQL (WholeJSONField): each way in reads back."""
    from awards.models import AnnexImportRow

    imp = kept_import()
    copied = AnnexImportRow.objects.get(annex_import=imp, index=0)
    assert copied.data["values"]["name"] == "Nguyễn Văn An"
    assert copied.saving["award"]["recipient_name"] == "Nguyễn Văn An"
    copied.data = {"notes": ["“UBND” đọc là “Ủy ban nhân dân”"], "line": 4}
    copied.save()
    AnnexImportRow.objects.filter(pk=copied.pk).update(saving=[1, {"a": None}])
    again = AnnexImportRow.objects.get(pk=copied.pk)
    assert again.data == {"notes": ["“UBND” đọc là “Ủy ban nhân dân”"], "line": 4}
    assert again.saving == [1, {"a": None}]
    assert list(AnnexImportRow.objects.filter(pk=copied.pk).values_list("data", flat=True)) == [
        again.data
    ]


def test_a_row_whose_amount_or_year_no_number_holds_is_kept_with_its_error(registry):
    """Kept as json writes it (orjson writes no integer beyond 64 bits): the preview shows the
    row's error for the clerk to correct, not an error page."""
    draft = make_commune_decision(number="93/QĐ-UBND")
    rows = [
        [*ROWS[0][:7], "", "500.000.000.000.000.000.000"],
        [*ROWS[1][:6], "2" * 23, "", ""],
    ]
    imp = imports.read_import(SimpleUploadedFile("annex.xlsx", annex_xlsx(rows)), draft, 2024, None)
    imp.save()
    report = imports.stored_check(imp)
    assert report["counts"]["error"] == 2
    errors = [row.data["errors"] for row in imports.stored_rows(imp, "error")]
    assert any("larger than any award" in " ".join(found) for found in errors)
