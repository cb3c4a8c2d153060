"""How long a 20,000-row annex takes to read, check, show and import, and its peak memory.

Runs in-process against the database that `public_pages.py` fills (200,000 people, one million
awards), so that matching and the duplicate check search a national-size registry:

    .venv/bin/python benchmarks/annex_import.py [--rows 20000] [--database-url URL]
    .venv/bin/python benchmarks/annex_import.py --tiny     # after public_pages.py --tiny

Half the rows name people already in the registry (by name and unit, as an office's annex
would), half are new people; every fifth row is a unit. The steps are the clerk's: the upload
read into a preview, its check kept (what the preview's first page does), a page of the preview
served from the kept check, and the confirmation, which imports the kept rows (the registry has
not changed since the check). The import runs in a transaction that is rolled back, so the
database is left as it was. Each step runs twice: timed, then under
tracemalloc for the peak of what Python allocated. Its baseline is the same step for an annex
of the first row alone, timed in the same run (the median of three): "÷ one row".

A row the preview finds in error, or a step that raises, stops the run with a non-zero exit:
an error is never a figure.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["STT", "Họ và tên", "Loại", "Chức vụ", "Đơn vị", "Xã/Phường", "Danh hiệu", "Năm",
           "Thành tích", "Số tiền (đồng)"]  # fmt: skip
BASELINE_RUNS = 3
TINY_ROWS = 200
# With --tiny's 200 rows, chunks this small make the look-ups and the eligibility check run
# over several chunks, as 20,000 rows' do: (module, its constant, the tiny value).
TINY_CHUNKS = [
    ("awards.imports.matching", "CHUNK", 50),
    ("awards.imports.saving", "CHUNK", 50),
    ("awards.eligibility", "CHUNK_SIZE", 50),
    ("units.lookups", "ARRAY_VALUES", 50),  # PostgreSQL's: a list is one parameter
]
HEADER = f"{'step':<44} {'ms':>9} {'÷ one row':>10} {'MB peak':>8}"
RULE = " ".join("-" * width for width in (44, 9, 10, 8))


def seconds(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def measure(label: str, work: Callable[[], object], one_row: Callable[[], object]) -> object:
    """Time a step and its baseline (the step for a one-row annex), then run the step again
    under tracemalloc (which slows it) for its peak."""
    taken, result = seconds(work)
    baseline = statistics.median(seconds(one_row)[0] for _ in range(BASELINE_RUNS))
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label:<44} {taken * 1000:>9.0f} {taken / baseline:>10.1f} {peak:>8.1f}", flush=True)
    return result


def database_version(connection: object) -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


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
    parser.add_argument(
        "--tiny",
        action="store_true",
        help=f"CI's run: {TINY_ROWS} rows (unless --rows), registry_bench_tiny, small chunks",
    )
    parser.add_argument("--rows", type=int, help="rows of the annex (20,000)")
    parser.add_argument(
        "--database-url",
        help="postgres://postgres@127.0.0.1:5432/registry_bench (registry_bench_tiny with --tiny)",
    )
    options = parser.parse_args()
    if options.rows is None:
        options.rows = TINY_ROWS if options.tiny else 20_000
    if options.rows < 1:
        parser.error("--rows must be > 0")
    database = "registry_bench_tiny" if options.tiny else "registry_bench"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=options.database_url or f"postgres://postgres@127.0.0.1:5432/{database}",
        SECRET_KEY="bench",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_REQUESTS="false",  # the preview's requests would print among the figures
    )
    sys.path.insert(0, str(ROOT))
    import importlib

    import django

    django.setup()
    if options.tiny:
        for module_name, name, value in TINY_CHUNKS:
            module = importlib.import_module(module_name)
            if not hasattr(module, name):
                raise SystemExit(f"{module_name} has no {name} any more: update the benchmark")
            setattr(module, name, value)
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from awards import imports
    from awards.models import AnnexImport, Decision
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
    if not known or not units:
        raise SystemExit("the registry has no people with units: fill it with public_pages.py")
    content, first_row = annex(rows), annex(rows[:1])
    print(
        f"{options.rows:,} rows ({len(content) / 2**20:.1f} MB XLSX); "
        f"{Person.objects.count():,} people in the registry; {database_version(connection)}; "
        f"CPUs {os.cpu_count()}" + (" (--tiny)" if options.tiny else "")
    )
    print("÷ one row: over the same step for an annex of the first row alone")
    print(f"load average (1, 5, 15 min) before: {load_average()}")
    print()
    print(HEADER)
    print(RULE)

    with transaction.atomic():
        # A commune chair's: since 1 July 2025 it confers the annex's titles (Decree 129/2025).
        decision = Decision.objects.create(
            number="BENCH/QĐ-UBND",
            signed_on=datetime.date(2027, 1, 10),
            issuer_name="Benchmark",
            issuer_level="grassroots",
            subject="Benchmark",
        )

        def read(content: bytes) -> object:
            return imports.read_import(
                SimpleUploadedFile("annex.xlsx", content), decision, 2026, None
            )

        def save(imp: object, again: bool = False) -> int:
            # Rolled back each time, so that every run imports into the same registry.
            with transaction.atomic():
                if again:  # as if a watched table had been written since the check
                    AnnexImport.objects.filter(pk=imp.pk).update(
                        report={**imp.report, "registry": ""}
                    )
                count = imports.import_rows(imp, by=None)
                transaction.set_rollback(True)
            return count

        def kept_check(imp: object) -> dict:
            imp.report = {}  # made again each time, as after the upload
            return imports.stored_check(imp)

        client = Client()
        user = User.objects.create(username="annex-benchmark", is_staff=True, is_superuser=True)
        client.force_login(user)

        def preview_page(imp: object) -> bytes:
            url = reverse("admin:awards_decision_import_preview", args=[decision.pk, imp.pk])
            response = client.get(url, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                raise SystemExit(f"the preview answered {response.status_code}")
            return response.content

        imp = measure(
            "read the XLSX into a preview", lambda: read(content), lambda: read(first_row)
        )
        one = read(first_row)
        imp.save()
        one.save()
        report = measure("check every row, kept", lambda: kept_check(imp), lambda: kept_check(one))
        if report["counts"]["error"]:
            rows = imports.stored_rows(imp, "error")
            first = rows.first().data
            raise SystemExit(
                f"the preview found {rows.count():,} rows in error, such as line "
                f"{first['line']}: {first['errors']}; update the benchmark's annex"
            )
        preview_page(one)  # a served process has loaded its URLs and middleware already
        measure(
            "a page of the preview, from the kept check",
            lambda: preview_page(imp),
            lambda: preview_page(one),
        )
        if imports.current_saving(imp, None) is None:
            raise SystemExit("the kept check is not current: the import would check again")
        measure("import the kept rows (one transaction)", lambda: save(imp), lambda: save(one))
        measure(
            "import, checked again (the registry changed)",
            lambda: save(imp, again=True),
            lambda: save(one, again=True),
        )
        transaction.set_rollback(True)
    print()
    print(f"preview: {report['counts']}")
    print(f"load average (1, 5, 15 min) after: {load_average()}")


if __name__ == "__main__":
    main()
