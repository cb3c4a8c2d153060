"""Load on the local cluster (deploy/local-cluster): many visitors at once through the balancer.

64 connections (keep-alive, one thread each) for 60 s on a mix of public pages (home, the year's
roll, a title's roll, a page 20 deep, search, a decision, a commune, the API's award list),
first with both app servers in the balancer, then with one (the other put in maintenance
through HAProxy's admin socket, as an operator takes a server out). Each configuration is
also measured on `/livez` through the same balancer with the same connections: requests per
second are given as that ratio too, as the other benchmarks do. Prints requests/s, p50 and p99,
answers by status and errors; exits non-zero on any error (a request not answered 200).

    deploy/local-cluster start                      # first
    .venv/bin/python benchmarks/cluster_load.py     # 64 connections, 60 s (+ 20 s of /livez) x 2
    .venv/bin/python benchmarks/cluster_load.py --tiny          # seconds, 4 connections (CI)
    .venv/bin/python benchmarks/cluster_load.py --help

Pages are found in the cluster's database (CLUSTER_DIR's cluster.env): the latest year, its
busiest title, decision and commune. The client runs on the same cores as the servers: its own
CPU is part of what is measured, and the load average is printed before and after each run.

deploy/faults reuses `Load`, `Balancer` and `find_pages` from here.
"""

import argparse
import html
import http.client
import math
import os
import re
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", "/tmp/registry-cluster"))
BALANCER = ("127.0.0.1", 8200)
REQUEST_TIMEOUT = 30
DEEP_PAGE = 20


def cluster_environment(cluster_dir: Path = CLUSTER_DIR) -> dict[str, str]:
    """The app's environment as deploy/local-cluster wrote it (KEY=VALUE lines)."""
    path = cluster_dir / "cluster.env"
    if not path.exists():
        sys.exit(f"{path} is missing: start the cluster first (deploy/local-cluster start)")
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return dict(pairs)


def setup_django(cluster_dir: Path = CLUSTER_DIR) -> None:
    os.environ.update(cluster_environment(cluster_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def get(path: str, address: tuple[str, int] = BALANCER) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*address, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def next_page(path: str) -> str | None:
    """The roll's "Next page" link, as a browser follows it (the roll pages by keys, not by
    offset: a deep page is reached by walking)."""
    status, body = get(path)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*rel="next"', body.decode())
    return None if match is None else path.split("?")[0] + html.unescape(match.group(1))


def find_pages(deep: int = DEEP_PAGE) -> list[tuple[str, str]]:
    """The mix's pages with real ids: the latest year's busiest title, decision and commune."""
    from django.db.models import Count, Sum

    from awards.models import AwardTally, Commendation

    year = AwardTally.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        sys.exit("the cluster's registry is empty")

    def busiest(field_name: str) -> int:
        return (
            Commendation.objects.public()
            .filter(year=year, **{f"{field_name}__isnull": False})
            .values(field_name)
            .annotate(total=Count("id"))
            .order_by("-total", field_name)
            .first()[field_name]
        )

    slug = (
        AwardTally.objects.filter(year=year)
        .values("title__slug")
        .annotate(awards=Sum("total"))
        .order_by("-awards", "title__slug")
        .first()["title__slug"]
    )
    roll = f"/honours/{year}/"
    page, depth = roll, 1
    while depth < deep and (following := next_page(page)) is not None:
        page, depth = following, depth + 1
    return [
        ("home", "/"),
        ("year roll", roll),
        ("title roll", f"{roll}{slug}/"),
        (f"roll, page {depth}", page),
        ("search", "/search/?q=nguyen+van"),
        ("decision", f"/decisions/{busiest('decision')}/"),
        ("commune", f"/communes/{busiest('locality')}/"),
        ("API award list", f"/api/v1/awards?year={year}"),
    ]


class Balancer:
    """HAProxy's admin socket (deploy/haproxy.cfg's `stats socket`)."""

    def __init__(self, cluster_dir: Path = CLUSTER_DIR) -> None:
        self.path = str(cluster_dir / "run" / "haproxy.sock")

    def command(self, line: str) -> str:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(self.path)
            connection.sendall(line.encode() + b"\n")
            return b"".join(iter(lambda: connection.recv(65536), b"")).decode()

    def servers(self) -> dict[str, str]:
        """Each app server's state as the balancer sees it: UP, DOWN, MAINT…"""
        rows = [line.split(",") for line in self.command("show stat").splitlines() if line]
        head = [name.lstrip("# ") for name in rows[0]]
        states = {}
        for row in rows[1:]:
            values = dict(zip(head, row, strict=False))
            if values["pxname"] == "app" and values["svname"] != "BACKEND":
                states[values["svname"]] = values["status"]
        return states

    def wait_for(self, server: str, state: str, seconds: float = 30) -> float:
        """Seconds until `server` is in `state` (its first word: "DOWN 1/2" counts as DOWN)."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.servers().get(server, "").split(" ")[0] == state:
                return time.monotonic() - started
            time.sleep(0.1)
        raise RuntimeError(f"{server} not {state} after {seconds} s: {self.servers()}")


@dataclass
class Outcome:
    """What the clients saw in one run."""

    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # exceptions, by kind
    latencies: dict[str, list[float]] = field(default_factory=dict)
    # (seconds since the start, "page: status or exception") of every request not answered 200
    failures: list[tuple[float, str]] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.errors.values())

    @property
    def not_ok(self) -> int:
        return self.requests - self.statuses[200]

    def all_latencies(self) -> list[float]:
        return [value for values in self.latencies.values() for value in values]


class Load:
    """`connections` threads, each with a keep-alive connection to the balancer, asking for
    the pages in turn (each thread from its own place in the list) until stopped."""

    def __init__(
        self, pages: list[tuple[str, str]], connections: int, address: tuple = BALANCER
    ) -> None:
        self.pages, self.connections, self.address = pages, connections, address
        self.outcome = Outcome(latencies={label: [] for label, _ in pages})
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._started = 0.0

    def start(self) -> "Load":
        self._started = time.monotonic()
        self._threads = [
            threading.Thread(target=self._client, args=(slot,), daemon=True)
            for slot in range(self.connections)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def elapsed(self) -> float:
        """Seconds since the load started (the failures' times count from there)."""
        return time.monotonic() - self._started

    def stop(self) -> Outcome:
        self._stop.set()
        for thread in self._threads:
            thread.join(REQUEST_TIMEOUT + 5)
        self.outcome.seconds = time.monotonic() - self._started
        return self.outcome

    def run(self, seconds: float) -> Outcome:
        self.start()
        time.sleep(seconds)
        return self.stop()

    def _client(self, slot: int) -> None:
        connection = None
        index = slot
        while not self._stop.is_set():
            label, path = self.pages[index % len(self.pages)]
            index += 1
            if connection is None:
                connection = http.client.HTTPConnection(*self.address, timeout=REQUEST_TIMEOUT)
            began = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = None
                self._record(label, began, None, type(error).__name__)
                continue
            self._record(label, began, response.status, None)
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    def _record(self, label: str, began: float, status: int | None, error: str | None) -> None:
        now = time.monotonic()
        with self._lock:
            if error is not None:
                self.outcome.errors[error] += 1
                self.outcome.failures.append((now - self._started, f"{label}: {error}"))
                return
            self.outcome.statuses[status] += 1
            if status == 200:
                self.outcome.latencies[label].append(now - began)
            else:
                self.outcome.failures.append((now - self._started, f"{label}: {status}"))


def describe(outcome: Outcome) -> str:
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(outcome.statuses.items()))
    errors = ", ".join(f"{name}: {count}" for name, count in outcome.errors.items()) or "none"
    return f"{outcome.requests} requests; answered {statuses or 'nothing'}; errors {errors}"


@dataclass
class Row:
    servers: int
    load_before: str
    load_after: str
    livez: Outcome
    mix: Outcome


def measure(
    balancer: Balancer, pages: list, servers: int, connections: int, seconds: float, baseline: float
) -> Row:
    if servers == 1:
        balancer.command("disable server app/app2")
        balancer.wait_for("app2", "MAINT")
    else:
        balancer.command("enable server app/app2")
        balancer.wait_for("app2", "UP")
    print(f"{servers} app server(s): {balancer.servers()}", file=sys.stderr)
    # Untimed: each gunicorn process's first request of a page is several times slower (its
    # connections, the replica's first check, templates compiled).
    Load(pages, connections).run(min(10, seconds / 3))
    before = loadavg()
    livez = Load([("livez", "/livez")], connections).run(baseline)
    print(f"  /livez for {baseline:g} s: {describe(livez)}", file=sys.stderr)
    mix = Load(pages, connections).run(seconds)
    print(f"  the mix for {seconds:g} s: {describe(mix)}", file=sys.stderr)
    return Row(servers, before, loadavg(), livez, mix)


def report(rows: list[Row], pages: list, connections: int) -> str:
    lines = [
        f"{connections} connections; load average before / after each configuration.",
        "",
        "| app servers | load before / after | /livez req/s | mix req/s | ÷ livez | p50 ms "
        "| p99 ms | requests | not 200 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        livez_rate = row.livez.statuses[200] / row.livez.seconds
        rate = row.mix.statuses[200] / row.mix.seconds
        latencies = row.mix.all_latencies()
        lines.append(
            f"| {row.servers} | {row.load_before} / {row.load_after} | {livez_rate:.0f} "
            f"| {rate:.1f} | {rate / livez_rate:.3f} | {1000 * percentile(latencies, 0.5):.0f} "
            f"| {1000 * percentile(latencies, 0.99):.0f} | {row.mix.requests} "
            f"| {row.mix.not_ok} |"
        )
    lines += [
        "",
        "| page | " + " | ".join(f"p50 / p99 ms, {row.servers} server(s)" for row in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    for label, path in pages:
        cells = []
        for row in rows:
            values = row.mix.latencies[label]
            cells.append(
                f"{1000 * percentile(values, 0.5):.0f} / {1000 * percentile(values, 0.99):.0f}"
            )
        lines.append(f"| {label} `{path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60, help="of the mix (default 60)")
    parser.add_argument("--baseline-seconds", type=float, default=20, help="of /livez (default 20)")
    parser.add_argument("--servers", default="2,1", help="configurations, in order (default 2,1)")
    parser.add_argument(
        "--tiny", action="store_true", help="4 connections, 3 s and 2 s: that it works (CI)"
    )
    args = parser.parse_args()
    if args.tiny:
        args.connections, args.seconds, args.baseline_seconds = 4, 3, 2
    setup_django()
    from django.db import connections

    from awards.models import Commendation

    awards = Commendation.objects.count()
    pages = find_pages(deep=3 if args.tiny else DEEP_PAGE)
    connections.close_all()
    balancer = Balancer()
    for label, path in pages:  # each page answers, and is cached, before the clock starts
        status, _body = get(path)
        if status != 200:
            sys.exit(f"{label} {path} answered {status}")
    print(
        f"cluster_load: {awards:,} awards, {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} cores, load {loadavg()}",
        file=sys.stderr,
    )
    rows = []
    try:
        for servers in (int(value) for value in args.servers.split(",")):
            rows.append(
                measure(
                    balancer, pages, servers, args.connections, args.seconds, args.baseline_seconds
                )
            )
    finally:
        balancer.command("enable server app/app2")
    print(f"{awards:,} awards; {time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores")
    print(report(rows, pages, args.connections))
    if any(row.mix.not_ok or row.livez.not_ok for row in rows):
        sys.exit("some requests were not answered 200")


if __name__ == "__main__":
    main()
