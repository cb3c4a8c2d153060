"""How long the yearly summary and each export take for one year, and their peak memory.

Runs in-process against the database that `public_pages.py` fills (one million awards over
1995–2024, about 33,000 in 2024): fill it first, then

    .venv/bin/python benchmarks/yearly_summary.py [--year 2024] [--database-url URL]

Each step runs twice: timed, then under tracemalloc for the peak of what Python allocated
(C libraries' own buffers, Pango's for PDF, are not in it). The long PDFs (the summary, an
annex) are laid out `exports.PART_ROWS` rows at a time: their peak should not grow with the year.
"""

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(label: str, work: Callable[[], object]) -> None:
    """Time a step, then run it again under tracemalloc (which slows it) for its peak."""
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = f"{len(result):>12,} bytes" if isinstance(result, bytes | str) else " " * 18
    print(f"{label:<38} {seconds * 1000:>9.0f} ms  {peak / 2**20:>7.1f} MB peak  {size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
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
    from django.core.management import call_command
    from django.db import connection

    from awards import exports
    from awards.models import Commendation, Decision
    from awards.summaries import CIRCULAR, OFFICIAL_FORMS, summarise

    call_command("migrate", verbosity=0)
    year = options.year
    awards = Commendation.objects.published().filter(year=year).count()
    print(
        f"Year {year}: {awards:,} awards; PostgreSQL {connection.pg_version}; CPUs {os.cpu_count()}"
    )
    summary = summarise(year)
    measure("summary (all figures)", lambda: summarise(year))
    measure(
        "summary as CSV",
        lambda: exports.csv_text(exports.SUMMARY_COLUMNS, exports.summary_rows(summary)),
    )
    measure("summary as XLSX", lambda: exports.summary_xlsx(summary))
    measure(
        "summary as PDF", lambda: exports.pdf("awards/print/summary.html", {"summary": summary})
    )
    for code, make in OFFICIAL_FORMS.items():
        form = make(year)
        measure(f"form {code}.N (figures)", lambda make=make: make(year))
        measure(f"form {code}.N as XLSX", lambda form=form: exports.official_form_xlsx(form))
        measure(
            f"form {code}.N as PDF",
            lambda form=form: exports.pdf(
                "awards/print/official_form.html", {"form": form, "circular": CIRCULAR}
            ),
        )
    roll = (
        Commendation.objects.public()
        .filter(year=year)
        .order_by("title_rank", "recipient_name_folded", "id")
    )

    def roll_csv() -> int:
        response = exports.export(roll, "csv", "roll")
        return sum(len(chunk) for chunk in response.streaming_content)

    measure(f"public roll {year} as CSV (streamed)", roll_csv)
    decision = (
        Decision.objects.filter(awards__year=year)
        .annotate(total=django.db.models.Count("awards"))
        .order_by("-total")
        .first()
    )
    annex = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")
    measure(
        f"annex of {decision.number} ({decision.total} rows) XLSX",
        lambda: exports.annex_xlsx(decision, annex),
    )
    measure(
        f"annex of {decision.number} ({decision.total} rows) PDF",
        lambda: exports.pdf(
            "awards/print/annex.html",
            {"decision": decision, "awards": annex.select_related("title")},
        ),
    )


if __name__ == "__main__":
    main()
