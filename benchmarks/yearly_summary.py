"""How long the yearly summary and each export take for one year, and their peak memory.

Runs in-process against the database that `public_pages.py` fills (one million awards over
1996–2025, about 33,000 a year): fill it first, then

    .venv/bin/python benchmarks/yearly_summary.py [--year 2024] [--database-url URL]
    .venv/bin/python benchmarks/yearly_summary.py --tiny     # after public_pages.py --tiny

Each step runs twice: timed, then under tracemalloc for the peak of what Python allocated
(`MB py`). Its baseline is the same step for a year without awards, timed in the same run (the
median of three): "÷ empty" is how many times longer the year's data makes it. A PDF is made by
each engine in turn, Typst and WeasyPrint (reports.pdf), on the same document; for each, `MB rss`
is how far the benchmark's own resident memory rose at its peak over the step above what it held
at the step's start (C libraries' buffers included: Pango's, for WeasyPrint; memory a library
freed but kept is reused, so a later step may show none), and `MB child` the peak resident
memory of the largest process the engine started (Typst's, one for each part of a long
document, about 40 MB before it lays anything out). The long
PDFs (the summary, an annex) are laid out the engine's `PART_ROWS` rows at a time: their peaks
should not grow with the year.

Any step that raises stops the run with a non-zero exit: an error is never a figure.
"""

import argparse
import functools
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_RUNS = 3
# --tiny's registry has 150 awards in 2024: parts and chunks this small make the PDFs come in
# several parts (each more than a page, so a part's last page is carried to the next) and the
# CSV in several chunks, as a national registry's do.
TINY_CHUNKS = {
    ("reports.pdf_typst", "PART_ROWS"): 60,
    ("reports.pdf_weasyprint", "PART_ROWS"): 60,
    ("awards.exports", "CHUNK_ROWS"): 50,
}
HEADER = (
    f"{'step':<50} {'ms':>9} {'÷ empty':>8} {'MB py':>7} {'MB rss':>7} {'MB child':>8}"
    f" {'bytes':>12}"
)
RULE = " ".join("-" * width for width in (50, 9, 8, 7, 7, 8, 12))
ENGINES = ("typst", "weasyprint")


def seconds(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def resident(field: str) -> int:
    """A figure of /proc/self/status, in bytes: VmRSS now, VmHWM the peak since the reset."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(f"{field}:"))
    return int(line.split()[1]) * 1024


def reset_peak() -> None:
    """Make VmHWM start again from the resident memory now (Linux 4.0 and later)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def measure(label: str, work: Callable[[], object], empty: Callable[[], object]) -> None:
    """Time a step and its baseline (the step for a year without awards), with how far the
    resident memory rose; then run the step again under tracemalloc (which slows it) for the
    peak of Python's own allocations."""
    reset_peak()
    before = resident("VmRSS")
    taken, result = seconds(work)
    rss = resident("VmHWM") - before
    baseline = statistics.median(seconds(empty)[0] for _ in range(BASELINE_RUNS))
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    child = ""
    if hasattr(result, "content"):  # a PDF: its size, and the peak of Typst's processes
        child = f"{result.peak / 2**20:.1f}" if result.peak else "-"
        result = result.content
    size = len(result) if isinstance(result, bytes | str) else result
    size = f"{size:,}" if isinstance(size, int) else ""
    line = (
        f"{label:<50} {taken * 1000:>9.0f} {taken / baseline:>8.1f} {peak / 2**20:>7.1f}"
        f" {rss / 2**20:>7.1f} {child:>8}"
    )
    print(f"{line} {size:>12}".rstrip(), flush=True)


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument(
        "--part-rows",
        type=int,
        help="lay the long PDFs out in parts of this many rows (default: each engine's PART_ROWS)",
    )
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help=f"the PDF engines to compare, comma-separated (default {','.join(ENGINES)})",
    )
    parser.add_argument(
        "--annex-rows",
        type=int,
        default=5000,
        help="the rows of the long annex laid out as PDF: the year's first awards, in the "
        "largest decision's annex (default 5000)",
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="CI's run: registry_bench_tiny, PDFs in parts of "
        f"{TINY_CHUNKS['reports.pdf_typst', 'PART_ROWS']} rows, CSV in chunks of "
        f"{TINY_CHUNKS['awards.exports', 'CHUNK_ROWS']}",
    )
    parser.add_argument(
        "--database-url",
        help="postgres://postgres@127.0.0.1:5432/registry_bench (registry_bench_tiny with --tiny)",
    )
    options = parser.parse_args()
    database = "registry_bench_tiny" if options.tiny else "registry_bench"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=options.database_url or f"postgres://postgres@127.0.0.1:5432/{database}",
        SECRET_KEY="bench",
        DEBUG="false",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Max, Min

    from awards import exports
    from awards.models import Commendation, Decision
    from reports import pdf, pdf_typst, pdf_weasyprint, spreadsheets
    from reports.official import OFFICIAL_FORMS, official_form
    from reports.summaries import summarise

    if options.tiny:
        import importlib

        for (module_name, name), value in TINY_CHUNKS.items():
            module = importlib.import_module(module_name)
            if not hasattr(module, name):
                raise SystemExit(f"{module_name} has no {name} any more: update the benchmark")
            setattr(module, name, value)
    engines = options.engines.split(",")
    if unknown := set(engines) - set(ENGINES):
        raise SystemExit(f"unknown engines: {', '.join(sorted(unknown))}")
    if options.part_rows:
        pdf_typst.PART_ROWS = pdf_weasyprint.PART_ROWS = options.part_rows
    call_command("migrate", verbosity=0)
    year = options.year
    awards = Commendation.objects.published().filter(year=year).count()
    if not awards:
        raise SystemExit(f"no published awards in {year}: fill the database with public_pages.py")
    # The baseline's year, and the year before it (the summary compares with it), hold none.
    empty = Commendation.objects.aggregate(first=Min("year"))["first"] - 1
    # The forms count by decision date, under the regime of the year's period (since 2023): a
    # later year without decisions is their baseline.
    no_decisions = Decision.objects.aggregate(last=Max("signed_on"))["last"].year + 2
    load_before = load_average()
    postgres = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    print(
        f"Year {year}: {awards:,} awards; PostgreSQL {postgres}; CPUs {os.cpu_count()}"
        f"; PDF parts of {pdf_typst.PART_ROWS} rows (Typst), {pdf_weasyprint.PART_ROWS}"
        " (WeasyPrint)" + (" (--tiny)" if options.tiny else "")
    )
    print(f"÷ empty: over the same step for {empty}, which has no awards")
    print(f"load average (1, 5, 15 min) before: {load_before}")
    print()
    print(HEADER)
    print(RULE)
    summary, empty_summary = summarise(year), summarise(empty)
    measure("summary (all figures)", lambda: summarise(year), lambda: summarise(empty))

    def summary_csv(summary: object) -> str:
        return exports.csv_text(spreadsheets.SUMMARY_COLUMNS, spreadsheets.summary_rows(summary))

    for label, export in [
        ("summary as CSV", summary_csv),
        ("summary as XLSX", spreadsheets.summary_xlsx),
    ]:
        measure(label, lambda e=export: e(summary), lambda e=export: e(empty_summary))
    for engine in engines:
        measure(
            f"summary as PDF ({engine})",
            lambda e=engine: pdf.render("summary", {"summary": summary}, engine=e),
            lambda e=engine: pdf.render("summary", {"summary": empty_summary}, engine=e),
        )

    for code in OFFICIAL_FORMS:
        make = functools.partial(official_form, code)
        form, empty_form = make(year), make(no_decisions)
        measure(f"form {code}.N (figures)", lambda m=make: m(year), lambda m=make: m(no_decisions))
        measure(
            f"form {code}.N as XLSX",
            lambda f=form: spreadsheets.official_form_xlsx(f),
            lambda f=empty_form: spreadsheets.official_form_xlsx(f),
        )
        for engine in engines:
            measure(
                f"form {code}.N as PDF ({engine})",
                lambda e=engine, f=form: pdf.render("form", {"form": f}, engine=e),
                lambda e=engine, f=empty_form: pdf.render("form", {"form": f}, engine=e),
            )

    def roll_csv(year: int) -> int:
        roll = (
            Commendation.objects.public()
            .filter(year=year)
            .order_by("title_rank", "recipient_name_folded", "id")
        )
        response = exports.export(roll, "csv", "roll")
        return sum(len(chunk) for chunk in response.streaming_content)  # bytes

    measure(
        f"public roll {year} as CSV (streamed)", lambda: roll_csv(year), lambda: roll_csv(empty)
    )
    decision = (
        Decision.objects.filter(awards__year=year)
        .annotate(total=Count("awards"))
        .order_by("-total")
        .first()
    )
    annex = decision.awards.in_force().order_by("title_rank", "recipient_name_folded", "id")

    def annex_pdf(awards: object, engine: str) -> pdf.Rendered:
        return pdf.render("annex", {"decision": decision, "awards": awards}, engine=engine)

    label = f"annex of {decision.number} ({decision.total} rows)"
    measure(
        f"{label} XLSX",
        lambda: spreadsheets.annex_xlsx(decision, annex),
        lambda: spreadsheets.annex_xlsx(decision, annex.none()),
    )
    for engine in engines:
        measure(
            f"{label} PDF ({engine})",
            lambda e=engine: annex_pdf(annex.select_related("title"), e),
            lambda e=engine: annex_pdf(annex.none(), e),
        )
    # A decision of a national registry may confer thousands: the year's first awards, under
    # the largest decision's heading.
    long_annex = (
        Commendation.objects.published()
        .filter(year=year)
        .order_by("title_rank", "recipient_name_folded", "id")
    )
    rows = min(options.annex_rows, long_annex.count())
    long_annex = long_annex.filter(pk__in=long_annex.values("pk")[:rows])
    for engine in engines:
        measure(
            f"an annex of {rows:,} rows PDF ({engine})",
            lambda e=engine: annex_pdf(long_annex.select_related("title"), e),
            lambda e=engine: annex_pdf(long_annex.none(), e),
        )
    print()
    print(f"load average (1, 5, 15 min) after: {load_average()}")


if __name__ == "__main__":
    main()
