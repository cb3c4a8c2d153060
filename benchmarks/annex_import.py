"""How long a 20,000-row annex takes to read, preview and import, and its peak memory.

Runs in-process against the database that `public_pages.py` fills (200,000 people, one million
awards), so that matching and the duplicate check search a national-size registry:

    .venv/bin/python benchmarks/annex_import.py [--rows 20000] [--database-url URL]

Half the rows name people already in the registry (by name and unit, as an office's annex
would), half are new people; every fifth row is a unit. The import runs in a transaction that
is rolled back, so the database is left as it was. Each step runs twice: timed, then under
tracemalloc for the peak of what Python allocated.
"""

import argparse
import datetime
import io
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["STT", "Họ và tên", "Loại", "Chức vụ", "Đơn vị", "Xã/Phường", "Danh hiệu", "Năm",
           "Thành tích", "Số tiền (đồng)"]  # fmt: skip


def measure(label: str, work: Callable[[], object], memory: bool = True) -> object:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    peak = ""
    if memory:
        tracemalloc.start()
        work()
        peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:>7.1f} MB peak"
        tracemalloc.stop()
    print(f"{label:<44} {seconds * 1000:>8.0f} ms  {peak}", flush=True)
    return result


def annex(rows: list[list]) -> bytes:
    import xlsxwriter

    content = io.BytesIO()
    book = xlsxwriter.Workbook(content, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["DANH SÁCH KHEN THƯỞNG"])
    sheet.write_row(2, 0, HEADERS)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(2 + number, 0, [number, *row])
    book.close()
    return content.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/registry_bench"
    )
    options = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=options.database_url,
        SECRET_KEY="bench",
        DEBUG="false",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction

    from awards import imports
    from awards.models import Decision
    from units.models import Person, Unit

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        # The benchmark's fill copies rows with their ids; the sequences must follow them.
        from django.core.management.color import no_style

        from awards.models import Commendation
        from units.models import Household

        models = [Commendation, Decision, Person, Unit, Household]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    half = options.rows // 2
    # What an office's annex would name: units known by name and commune, people by name and
    # unit. The benchmark's generated registry repeats some of those; they are left out.
    from collections import Counter

    from units.names import fold

    all_units = list(
        Unit.objects.filter(commune__isnull=False).values_list("id", "name", "commune__name")
    )
    seen_units = Counter((fold(name), fold(commune)) for _id, name, commune in all_units)
    distinct_units = {
        pk: (name, commune)
        for pk, name, commune in all_units
        if seen_units[fold(name), fold(commune)] == 1
    }
    all_people = list(Person.objects.filter(unit__isnull=False).values_list("full_name", "unit"))
    seen_people = Counter((fold(name), unit) for name, unit in all_people)
    known = [
        (name, *distinct_units[unit])
        for name, unit in all_people
        if unit in distinct_units and seen_people[fold(name), unit] == 1
    ][:half]
    units = list(distinct_units.values())[: options.rows // 5]
    rows = []
    for number in range(options.rows):
        if number % 5 == 0 and units:
            name, commune = units[(number // 5) % len(units)]
            rows.append([name, "Tập thể", "", "", commune, "Tập thể lao động tiên tiến", 2026,
                         "", "2.000.000"])  # fmt: skip
        elif number < half and known:
            name, unit, commune = known[number % len(known)]
            rows.append([name, "Cá nhân", "Chuyên viên", unit, commune, "Lao động tiên tiến",
                         2026, "Hoàn thành tốt nhiệm vụ", "500.000"])  # fmt: skip
        else:
            rows.append([f"Người Mới {number}", "Cá nhân", "Nhân viên", "", "",
                         "Lao động tiên tiến", 2026, "", ""])  # fmt: skip
    content = annex(rows)
    print(
        f"{options.rows:,} rows ({len(content) / 2**20:.1f} MB XLSX); "
        f"{Person.objects.count():,} people in the registry; {connection.vendor} "
        f"{getattr(connection, 'pg_version', '')}; CPUs {os.cpu_count()}"
    )

    with transaction.atomic():
        decision = Decision.objects.create(
            number="BENCH/QĐ-UBND",
            signed_on=datetime.date(2027, 1, 10),
            issuer_name="Benchmark",
            issuer_level="province",
            subject="Benchmark",
        )

        def read() -> object:
            return imports.read_import(
                SimpleUploadedFile("annex.xlsx", content), decision, 2026, None
            )

        imp = measure("read the XLSX into a preview", read)
        imp.save()
        report = measure("check every row (the preview)", lambda: imports.check(imp))
        print(f"  {report.counts}")
        for row in report.rows:
            if row.errors:
                print(f"  line {row.line}: {row.errors}")
                break

        def save() -> int:
            with transaction.atomic():
                count = imports.import_rows(imp, by=None)
                transaction.set_rollback(True)
            return count

        # Saving twice would find its own first rows: time it once, then measure memory alone.
        measure("import every row (one transaction)", save, memory=False)
        tracemalloc.start()
        save()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{'  …its peak memory':<44} {'':>11}  {peak:>7.1f} MB peak")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
