"""How fast the public pages answer with a realistic national-size registry.

Fills a PostgreSQL database with `manage.py generate_data` (communes, units, people,
households, decisions and N awards over 1996–2025, one million by default, written with COPY),
serves it with gunicorn, and measures each public page: latency with a warm and a cold cache,
and throughput against the trivial /livez view.

    .venv/bin/python benchmarks/public_pages.py            # fill (minutes), then measure
    .venv/bin/python benchmarks/public_pages.py --keep     # reuse the filled database
    .venv/bin/python benchmarks/public_pages.py --tiny     # CI's: every path in seconds
    .venv/bin/python benchmarks/public_pages.py --sizes 100000,1000000   # what grows

Any page that does not answer 200 stops the run with a non-zero exit: an error is never a figure.

Needs PostgreSQL and Redis on 127.0.0.1. It only ever talks to 127.0.0.1, and flushes Redis
database 7, which nothing else should use.
"""

import argparse
import html
import http.client
import math
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8765
CACHE_URL = "redis://127.0.0.1:6379/7"
DEEP_PAGE = 20
# Enough for any page's throughput in a few seconds; a bound, not a target.
MAX_THROUGHPUT_REQUESTS = 200_000
SERVER_START_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 120
# What --sizes flags: a page whose time at the largest size exceeds its time at the smallest
# by more than this share.
GROWTH_LIMIT = 0.25


@dataclass(frozen=True)
class Size:
    """How large a registry to fill, and how long to measure each page."""

    awards: int
    decisions: int | None  # None: generate_data's proportion (one for 25 awards)
    requests: int  # warm, sequential
    cold_requests: int  # each after FLUSHDB
    seconds: float  # of throughput
    database: str


FULL = Size(
    awards=1_000_000, decisions=None, requests=50, cold_requests=10, seconds=5,
    database="registry_bench",
)  # fmt: skip
# CI's size: every path of the full run in seconds. 150 awards a year put three pages on the
# roll of the last year (50 a page), so the cursor links and the walk to the deep page run; one
# decision a year gives yearly_summary.py and its PDF parts a 150-row annex. Its own database,
# so that a tiny run never empties a filled registry_bench.
TINY = Size(
    awards=4_500, decisions=30, requests=5, cold_requests=3, seconds=0.3,
    database="registry_bench_tiny",
)  # fmt: skip


def parse_args() -> tuple[argparse.Namespace, Size]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tiny",
        action="store_true",
        help=f"CI's run: {TINY.awards:,} awards, {TINY.requests} requests and "
        f"{TINY.seconds:g} s of throughput a page, database {TINY.database}",
    )
    parser.add_argument("--awards", type=int, help=f"awards to create ({FULL.awards:,})")
    parser.add_argument(
        "--sizes",
        help="fill and measure at each of these numbers of awards in turn, in the same "
        "database (e.g. 100000,1000000), then compare each page's times across them",
    )
    parser.add_argument(
        "--database-url",
        help=f"postgres://postgres@127.0.0.1:5432/{FULL.database} ({TINY.database} with --tiny)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse the database if it already holds awards"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="fill even a database holding records generate_data did not make (deletes them)",
    )
    parser.add_argument(
        "--requests", type=int, help=f"sequential requests per page ({FULL.requests})"
    )
    parser.add_argument(
        "--seconds", type=float, help=f"throughput measurement per page ({FULL.seconds:g})"
    )
    args = parser.parse_args()
    size = TINY if args.tiny else FULL
    chosen = {name: getattr(args, name) for name in ("awards", "requests", "seconds")}
    size = replace(size, **{name: value for name, value in chosen.items() if value is not None})
    args.size_list = [size.awards]
    if args.sizes:
        try:
            args.size_list = [int(part.replace("_", "")) for part in args.sizes.split(",")]
        except ValueError:
            parser.error("--sizes takes numbers of awards separated by commas: 100000,1000000")
        if len(args.size_list) < 2 or args.keep or args.awards:
            parser.error("--sizes takes two sizes or more, and neither --keep nor --awards")
    if min(args.size_list) < 30 or size.requests < 1 or size.seconds <= 0:
        parser.error("awards must cover the 30 years; --requests and --seconds must be > 0")
    if args.database_url is None:
        args.database_url = f"postgres://postgres@127.0.0.1:5432/{size.database}"
    host = urlsplit(args.database_url).hostname
    if host not in ("127.0.0.1", "localhost"):
        parser.error("the benchmark only ever talks to 127.0.0.1")
    return args, size


def django_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "CACHE_URL": CACHE_URL,
    }


def create_database(database_url: str) -> None:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Filling ---------------------------------------------------------------------------------


def fill(awards: int, size: Size, force: bool) -> float:
    """generate_data at that size; returns the seconds it took."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    log(f"filling {awards:,} awards (manage.py generate_data)")
    started = time.monotonic()
    try:
        call_command(
            "generate_data",
            awards=awards,
            decisions=size.decisions,
            force=force,
            stdout=sys.stderr,
        )
    except CommandError as error:
        raise SystemExit(f"{error}\n(--force makes the benchmark fill it anyway)") from None
    seconds = time.monotonic() - started
    log(f"fill took {seconds:.0f} s")
    return seconds


def holds_awards(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        (awards,) = conn.execute("SELECT count(*) FROM awards_commendation").fetchone()
        (tallies,) = conn.execute("SELECT count(*) FROM awards_awardtally").fetchone()
    return awards if tallies else 0


def last_year() -> int:
    """The latest year with awards: the roll a visitor opens first."""
    from django.db.models import Max

    from awards.models import AwardTally

    year = AwardTally.objects.aggregate(year=Max("year"))["year"]
    if year is None:
        raise RuntimeError("the registry has no public awards: fill it first")
    return year


# --- Serving and measuring -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float


def get(path: str) -> Response:
    """One GET on a fresh connection, like a browser's first visit (gunicorn's sync workers
    close the connection after each response anyway)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return Response(response.status, body, time.perf_counter() - started)


def get_ok(path: str) -> Response:
    response = get(path)
    if response.status != 200:
        excerpt = response.body[:500].decode(errors="replace")
        raise RuntimeError(f"GET {path} answered {response.status}:\n{excerpt}")
    return response


def start_server(env: dict[str, str]) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", "2",
        "--bind", f"{HOST}:{PORT}", "--no-control-socket", "--access-logfile", "/dev/null",
    ]  # fmt: skip
    # Its request log (JSON lines on stdout) goes to stderr: stdout is the benchmark's table.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sys.stderr)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; is port {PORT} free?")
        try:
            if get("/healthz").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within {SERVER_START_SECONDS} s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def next_page(path: str) -> str | None:
    """The page's "Next page" link, as a browser would follow it."""
    body = get_ok(path).body.decode()
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*rel="next"', body)
    if match is None:
        return None
    return path.split("?")[0] + html.unescape(match.group(1))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def throughput(path: str, seconds: float, threads: int = 2) -> float:
    deadline = time.monotonic() + seconds
    counts = [0] * threads
    errors: list[BaseException] = []

    def client(slot: int) -> None:
        try:
            while time.monotonic() < deadline and sum(counts) < MAX_THROUGHPUT_REQUESTS:
                get_ok(path)
                counts[slot] += 1
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + REQUEST_TIMEOUT_SECONDS + 10)
    if errors:
        raise errors[0]
    return sum(counts) / (time.monotonic() - started)


@dataclass
class Figures:
    label: str
    path: str
    size: int
    warm_median: float
    warm_p95: float
    cold_median: float
    per_second: float
    uncached_per_second: float = 0.0  # served with no cache at all (a second server)


def measure(label: str, path: str, size: Size, flush: Callable) -> Figures:
    log(f"measuring {label}: {path}")
    length = len(get_ok(path).body)  # also fills the cache for the warm runs
    warm = [get_ok(path).seconds for _ in range(size.requests)]
    cold = []
    for _ in range(size.cold_requests):
        flush()
        cold.append(get_ok(path).seconds)
    get_ok(path)
    return Figures(
        label,
        path,
        length,
        statistics.median(warm),
        percentile(warm, 0.95),
        statistics.median(cold),
        throughput(path, size.seconds),
    )


def pages(year: int) -> list[tuple[str, str]]:
    """The public pages, with real ids: the busiest title, commune, recipient and decision
    (the worst case)."""
    from django.db.models import Count, Sum

    from awards.models import AwardTally, Commendation

    def busiest(field_name: str) -> int:
        row = (
            Commendation.objects.public()
            .filter(**{f"{field_name}__isnull": False})
            .values(field_name)
            .annotate(total=Count("id"))
            .order_by("-total", field_name)
            .first()
        )
        return row[field_name]

    slug = (
        AwardTally.objects.filter(year=year)
        .values("title__slug")
        .annotate(awards=Sum("total"))
        .order_by("-awards", "title__slug")
        .first()["title__slug"]
    )
    roll = f"/honours/{year}/"
    second = next_page(roll)
    if second is None:
        raise RuntimeError(f"{roll} has a single page: fill more awards")
    # A small fill may have fewer pages; then the last one is the deep page.
    deep, depth = second, 2
    while depth <= DEEP_PAGE and (following := next_page(deep)) is not None:
        deep, depth = following, depth + 1
    return [
        ("livez", "/livez"),
        ("home", "/"),
        ("honours index", "/honours/"),
        ("roll", roll),
        ("roll, filtered", f"{roll}?q=nguyen&kind=individuals"),
        ("roll, page 2", second),
        (f"roll, page {depth}", deep),
        ("roll of a title", f"{roll}{slug}/"),
        ("search", "/search/?q=nguyen+van"),
        ("commune", f"/communes/{busiest('locality')}/"),
        ("unit", f"/units/{busiest('unit')}/"),
        ("person", f"/people/{busiest('person')}/"),
        ("decision", f"/decisions/{busiest('decision')}/"),
        ("titles", "/titles/"),
        ("CSV download", f"{roll}?format=csv"),
    ]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def admin_lists(size: Size) -> list[list[str]]:
    """The busiest admin lists' times, in-process through Django's test client."""
    from django.contrib.auth.models import User
    from django.test import Client

    user, _created = User.objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    rows = [["admin list", "path", "bytes", "p50 ms", "max ms"]]
    for label, path in ADMIN_LISTS:
        length = len(get_ok_in_process(client, path))
        times = []
        for _ in range(size.requests):
            started = time.perf_counter()
            get_ok_in_process(client, path)
            times.append(time.perf_counter() - started)
        rows.append(
            [
                label,
                path,
                f"{length:,}",
                f"{statistics.median(times) * 1000:.0f}",
                f"{max(times) * 1000:.0f}",
            ]
        )
    return rows


def get_ok_in_process(client, path: str) -> bytes:
    response = client.get(path, HTTP_HOST=HOST)  # the one ALLOWED_HOSTS names
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return response.content


ADMIN_LISTS = [
    ("awards", "/admin/awards/commendation/"),
    ("awards of a year", "/admin/awards/commendation/?year=2024"),
    ("awards, search", "/admin/awards/commendation/?q=nguyen"),
    ("awards of a commune", "/admin/awards/commendation/?commune=dong"),
    ("decisions", "/admin/awards/decision/"),
    ("people, search", "/admin/units/person/?q=nguyen+van"),
]


def report(
    figures: list[Figures],
    admin: list[list[str]],
    awards: int,
    fill_seconds: float | None,
    size: Size,
    tiny: bool,
    load_before: str,
    year: int,
) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (postgres,) = cursor.fetchone()
    baseline, uncached_baseline = figures[0].per_second, figures[0].uncached_per_second
    header = ["page", "path", "bytes", "warm p50 ms", "warm p95 ms", "cold p50 ms", "req/s"]
    rows = [[*header, "÷ livez", "uncached req/s", "÷ livez"]]
    for page in figures:
        rows.append(
            [
                page.label,
                page.path,
                f"{page.size:,}",
                f"{page.warm_median * 1000:.1f}",
                f"{page.warm_p95 * 1000:.1f}",
                f"{page.cold_median * 1000:.1f}",
                f"{page.per_second:.1f}",
                f"{page.per_second / baseline:.3f}",
                f"{page.uncached_per_second:.1f}",
                f"{page.uncached_per_second / uncached_baseline:.3f}",
            ]
        )
    fill = f"{fill_seconds:.0f} s" if fill_seconds is not None else "reused (--keep)"
    mode = " (--tiny: CI's check, too few requests to compare runs)" if tiny else ""
    return "\n".join(
        [
            f"Public pages, {awards:,} awards (roll of {year}); fill: {fill}{mode}",
            f"CPUs: {os.cpu_count()}; PostgreSQL {postgres}; Python {sys.version.split()[0]}; "
            "gunicorn 2 sync workers; Redis cache",
            f"load average (1, 5, 15 min): {load_before} before measuring, {load_average()} after",
            f"warm: {size.requests} sequential requests after one that fills the cache; "
            f"cold: {size.cold_requests} requests, each after FLUSHDB; "
            f"req/s: 2 client threads for {size.seconds:g} s, warm; uncached req/s: the same "
            "on a second server without a cache (CACHE_URL=dummycache://); "
            "÷ livez: req/s over the trivial view's on the same server",
            "",
            table(rows),
            "",
            f"Admin lists, in-process as a superuser: median of {size.requests} requests after "
            "one (DEBUG off)",
            "",
            table(admin),
        ]
    )


@dataclass
class Run:
    """One size's measurements."""

    awards: int
    figures: list[Figures]
    admin: list[list[str]]
    load_before: str
    load_after: str = ""


def measure_all(
    env: dict[str, str], size: Size, awards: int, fill_seconds: float | None, tiny: bool
) -> Run:
    year = last_year()
    cache = redis.Redis.from_url(CACHE_URL)
    cache.flushdb()  # pages cached from an earlier fill would be served as they were
    load_before = load_average()
    server = start_server(env)
    try:
        figures = [measure(label, path, size, cache.flushdb) for label, path in pages(year)]
    finally:
        stop_server(server)
    # The same pages with no cache at all: what each costs to make, against the same baseline.
    server = start_server({**env, "CACHE_URL": "dummycache://"})
    try:
        for page in figures:
            log(f"measuring {page.label} uncached")
            page.uncached_per_second = throughput(page.path, size.seconds)
    finally:
        stop_server(server)
    log("measuring the admin lists")
    admin = admin_lists(size)
    print(report(figures, admin, awards, fill_seconds, size, tiny, load_before, year), flush=True)
    return Run(awards, figures, admin, load_before, load_average())


def growth(values: list[float]) -> tuple[str, bool]:
    """The largest size's value over the smallest's, and whether it grows past the limit."""
    ratio = values[-1] / values[0] if values[0] else math.inf
    return f"{ratio:.2f}", ratio > 1 + GROWTH_LIMIT


def comparison(runs: list[Run]) -> str:
    """Each page's times at each size, and their ratio: does anything grow with the table?

    Two times a page: its cold p50 (one request after FLUSHDB: the page made, in ms), and its
    uncached time over /livez's on the same server (the inverse of "uncached ÷ livez"), which
    the machine's load in each run bears on less.
    """
    sizes = [f"{run.awards:,}" for run in runs]
    header = ["page", *(f"cold ms {n}" for n in sizes), "ratio"]
    header += [*(f"uncached ×livez {n}" for n in sizes), "ratio", f"grows > {GROWTH_LIMIT:.0%}"]
    rows = [header]
    for index, page in enumerate(runs[0].figures):
        if page.label == "livez":
            continue
        at = [run.figures[index] for run in runs]
        cold = [figures.cold_median * 1000 for figures in at]
        relative = [
            run.figures[0].uncached_per_second / figures.uncached_per_second
            for run, figures in zip(runs, at, strict=True)
        ]
        cold_ratio, cold_grows = growth(cold)
        relative_ratio, relative_grows = growth(relative)
        flag = ", ".join(
            name for name, grows in (("cold", cold_grows), ("uncached", relative_grows)) if grows
        )
        rows.append(
            [
                page.label,
                *(f"{value:.1f}" for value in cold),
                cold_ratio,
                *(f"{value:.1f}" for value in relative),
                relative_ratio,
                flag.upper() if flag else "no",
            ]
        )
    admin = [
        ["admin list", *(f"p50 ms {n}" for n in sizes), "ratio", f"grows > {GROWTH_LIMIT:.0%}"]
    ]
    for index, row in enumerate(runs[0].admin[1:], start=1):
        times = [float(run.admin[index][3]) for run in runs]
        ratio, grows = growth(times)
        admin.append(
            [row[0], *(f"{value:.0f}" for value in times), ratio, "YES" if grows else "no"]
        )
    loads = "; ".join(
        f"{run.awards:,}: {run.load_before} before, {run.load_after} after" for run in runs
    )
    return "\n".join(
        [
            f"Across sizes ({', '.join(sizes)} awards, one database refilled), the largest's "
            "time over the smallest's",
            f"load average (1, 5, 15 min) — {loads}",
            "",
            table(rows),
            "",
            table(admin),
        ]
    )


def main() -> None:
    args, size = parse_args()
    env = django_environment(args.database_url)
    # The servers log each request as a deployment does (to stderr); this process's admin
    # requests would print theirs among the tables on stdout.
    os.environ.update(env, LOG_REQUESTS="false")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    create_database(args.database_url)
    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG is off, so pages need the static files manifest that a deployment builds.
    call_command("collectstatic", interactive=False, verbosity=0)

    runs = []
    for awards in args.size_list:
        held = holds_awards(args.database_url) if args.keep else 0
        fill_seconds = None
        if held:
            log(f"reusing {held:,} awards (--keep)")
            if held != awards:
                log(f"note: the database holds {held:,} awards, not --awards {awards:,}")
        else:
            fill_seconds = fill(awards, size, args.force)
            held = holds_awards(args.database_url)
        runs.append(measure_all(env, size, held, fill_seconds, args.tiny))
    if len(runs) > 1:
        print("\n" + comparison(runs))


if __name__ == "__main__":
    main()
