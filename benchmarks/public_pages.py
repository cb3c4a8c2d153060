"""How fast the public pages answer with a realistic national-size registry.

Fills a PostgreSQL database with communes, units, people, households, decisions and N awards
(one million by default) using COPY, serves it with gunicorn, and measures each public page:
latency with a warm and a cold cache, and throughput against the trivial /livez view.

    .venv/bin/python benchmarks/public_pages.py            # fill (minutes), then measure
    .venv/bin/python benchmarks/public_pages.py --keep     # reuse the filled database
    .venv/bin/python benchmarks/public_pages.py --tiny     # CI's: every path in seconds

Any page that does not answer 200 stops the run with a non-zero exit: an error is never a figure.

Needs PostgreSQL and Redis on 127.0.0.1. It only ever talks to 127.0.0.1, and flushes Redis
database 7, which nothing else should use.
"""

import argparse
import datetime
import html
import http.client
import math
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8765
CACHE_URL = "redis://127.0.0.1:6379/7"
FIRST_YEAR, LAST_YEAR = 1995, 2024
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
ISSUER = "Ủy ban nhân dân tỉnh Bench"
DEEP_PAGE = 20
# Enough for any page's throughput in a few seconds; a bound, not a target.
MAX_THROUGHPUT_REQUESTS = 200_000
SERVER_START_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Size:
    """How large a registry to fill, and how long to measure each page."""

    awards: int
    communes: int
    units: int
    people: int
    households: int
    decisions: int
    requests: int  # warm, sequential
    cold_requests: int  # each after FLUSHDB
    seconds: float  # of throughput
    database: str


FULL = Size(
    awards=1_000_000, communes=3_000, units=30_000, people=200_000, households=30_000,
    decisions=40_000, requests=50, cold_requests=10, seconds=5, database="registry_bench",
)  # fmt: skip
# CI's size: every path of the full run in seconds. 150 awards a year put three pages on the
# roll of 2024 (50 a page), so the cursor links and the walk to the deep page run; one decision
# a year gives yearly_summary.py and its PDF parts a 150-row annex. Its own database, so that a
# tiny run never empties a filled registry_bench.
TINY = Size(
    awards=4_500, communes=100, units=600, people=3_000, households=300, decisions=30,
    requests=5, cold_requests=3, seconds=0.3, database="registry_bench_tiny",
)  # fmt: skip
SHARE_PEOPLE, SHARE_UNITS = 0.6, 0.3  # the rest goes to households
UNLISTED_SHARE = 0.01
PEOPLE_WITH_A_UNIT = 0.75

# Weighted by how common they are in Vietnam: the long tail matters less than Nguyễn.
SURNAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 4, "Huỳnh": 2, "Phan": 4.5,
    "Vũ": 3, "Võ": 2, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Đinh": 0.8, "Trịnh": 0.5, "Lương": 0.5, "Mai": 0.4, "Đào": 0.4, "Hà": 0.5,
    "Cao": 0.3, "Lâm": 0.3, "Tô": 0.2, "Chu": 0.2, "Tạ": 0.2, "Triệu": 0.2, "Kiều": 0.1,
}  # fmt: skip
MIDDLE_NAMES = {
    "male": {
        "Văn": 40, "Hữu": 8, "Đức": 8, "Minh": 8, "Quang": 6, "Công": 6, "Thành": 5, "Xuân": 4,
        "Đình": 5, "Ngọc": 3, "Trọng": 3, "Quốc": 4, "Anh": 2, "Mạnh": 2, "Gia": 2, "Huy": 2,
    },
    "female": {
        "Thị": 45, "Ngọc": 8, "Thu": 5, "Thanh": 5, "Hồng": 4, "Kim": 4, "Minh": 3, "Phương": 3,
        "Bích": 2, "Thùy": 3, "Mỹ": 2, "Khánh": 2, "Hoài": 2, "Diệu": 1, "Tuyết": 1,
    },
}  # fmt: skip
GIVEN_NAMES = {
    "male": [
        "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
        "Khang", "Khánh", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
        "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng",
        "Việt", "Vinh", "Hưng", "Lâm", "Lộc", "Tâm", "Thái", "Hoàng", "Kiên",
    ],
    "female": [
        "An", "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
        "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
        "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy", "Trang", "Tuyết",
        "Uyên", "Vân", "Yến", "Nhàn",
    ],
}  # fmt: skip
PLACE_FIRST = [
    "Đồng", "Tân", "Phú", "An", "Hòa", "Bình", "Thạnh", "Long", "Vĩnh", "Hưng", "Thanh",
    "Xuân", "Quảng", "Đông", "Tây", "Nam", "Bắc", "Hải", "Cẩm", "Yên", "Kim", "Mỹ", "Phước",
    "Thuận", "Hiệp", "Trung", "Tiến", "Quang", "Đại", "Hợp", "Liên", "Nghĩa", "Minh", "Lạc",
    "Cát", "Sơn", "Thái", "Vạn", "Gia", "Hồng",
]  # fmt: skip
PLACE_SECOND = [
    "Rui", "Lợi", "Thành", "Phú", "Hòa", "Bình", "Lộc", "Phước", "Thịnh", "Hưng", "An",
    "Long", "Xuân", "Sơn", "Hải", "Tiến", "Thắng", "Lâm", "Điền", "Trạch", "Mỹ", "Tân",
    "Đông", "Khánh", "Đức", "Nghĩa", "Hiệp", "Thuận", "Quang", "Vinh", "Yên", "Lạc",
]  # fmt: skip
# The 34 provinces and cities since the 2025 merger.
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
COMMUNE_KINDS = {"commune": 75, "ward": 22, "township": 2.5, "special_zone": 0.5}
LOWER_KIND = {"commune": "xã", "ward": "phường", "township": "thị trấn", "special_zone": "đặc khu"}
# Schools are often named after historical figures, which puts "Nguyễn Văn" in unit names too.
NAMESAKES = [
    "Nguyễn Văn Trỗi", "Lê Quý Đôn", "Trần Hưng Đạo", "Nguyễn Du", "Chu Văn An", "Võ Thị Sáu",
    "Lý Tự Trọng", "Nguyễn Trãi", "Kim Đồng", "Phan Bội Châu", "Nguyễn Thị Minh Khai",
    "Lê Lợi", "Quang Trung", "Trần Phú", "Hoàng Hoa Thám", "Nguyễn Văn Cừ", "Võ Văn Tần",
]  # fmt: skip
# kind: (weight, name patterns, positions of the people who work there as (name, category, weight))
UNIT_KINDS = {
    "agency": (
        12,
        ["Phòng Kinh tế {place}", "Phòng Văn hóa - Xã hội {place}",
         "Văn phòng HĐND và UBND {place}", "Trạm Khuyến nông {place}"],
        [("Chuyên viên", "other", 8), ("Trưởng phòng", "department_leader", 1),
         ("Phó Trưởng phòng", "other_leader", 1), ("Văn thư", "other", 1)],
    ),
    "commune_authority": (
        6,
        ["Ủy ban nhân dân {place}"],
        [("Công chức Văn phòng - Thống kê", "other", 4), ("Công chức Địa chính", "other", 3),
         ("Chủ tịch Ủy ban nhân dân", "other_leader", 1),
         ("Phó Chủ tịch Ủy ban nhân dân", "other_leader", 1)],
    ),
    "school": (
        20,
        ["Trường Mầm non {short}", "Trường Tiểu học {short}", "Trường Tiểu học {namesake}",
         "Trường THCS {namesake}", "Trường THPT {namesake}"],
        [("Giáo viên", "other", 10), ("Hiệu trưởng", "other_leader", 1),
         ("Phó Hiệu trưởng", "other_leader", 1), ("Nhân viên", "direct_worker", 1)],
    ),
    "health_facility": (
        6,
        ["Trạm Y tế {place}", "Trung tâm Y tế khu vực {short}"],
        [("Bác sĩ", "other", 4), ("Điều dưỡng", "other", 4), ("Y sĩ", "other", 2),
         ("Trạm trưởng", "other_leader", 1)],
    ),
    "enterprise": (
        14,
        ["Công ty TNHH {short}", "Công ty Cổ phần {short}", "Hợp tác xã Nông nghiệp {short}"],
        [("Công nhân", "direct_worker", 10), ("Kỹ sư", "other", 2), ("Kế toán", "other", 1),
         ("Giám đốc", "entrepreneur", 1)],
    ),
    "mass_organisation": (
        14,
        ["Hội Liên hiệp Phụ nữ {place}", "Đoàn Thanh niên {place}", "Hội Nông dân {place}",
         "Hội Cựu chiến binh {place}", "Ủy ban Mặt trận Tổ quốc Việt Nam {place}"],
        [("Hội viên", "other", 6), ("Chủ tịch Hội", "other_leader", 1),
         ("Phó Chủ tịch Hội", "other_leader", 1), ("Bí thư Đoàn", "other_leader", 1)],
    ),
    "armed_forces": (
        6,
        ["Công an {place}", "Ban Chỉ huy Quân sự {place}"],
        [("Chiến sĩ", "other", 6), ("Thượng úy", "other", 2), ("Đại úy", "other", 1),
         ("Chỉ huy trưởng", "other_leader", 1)],
    ),
    "village": (
        18,
        ["Thôn {number} {place}", "Tổ dân phố {number} {place}", "Khu phố {number} {place}"],
        [("Trưởng thôn", "other", 2), ("Bí thư chi bộ", "other_leader", 1),
         ("Công an viên", "other", 1)],
    ),
    "other": (
        4,
        ["Thư viện {place}", "Nhà Văn hóa {place}", "Ban Quản lý chợ {short}"],
        [("Nhân viên", "other", 3), ("Trưởng ban", "other_leader", 1)],
    ),
}  # fmt: skip
FARMER_POSITIONS = [("Nông dân", "direct_worker", 8), ("Hộ kinh doanh", "entrepreneur", 1)]

# Tables the fill owns, emptied before a fresh fill; their dependents go with them.
FILLED_TABLES = [
    "awards_awardtally",
    "awards_commendation",
    "awards_decision",
    "units_household",
    "units_person",
    "units_unit",
    "units_commune",
]


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
        "--database-url",
        help=f"postgres://postgres@127.0.0.1:5432/{FULL.database} ({TINY.database} with --tiny)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse the database if it already holds awards"
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
    if size.awards < len(YEARS) or size.requests < 1 or size.seconds <= 0:
        parser.error("--awards must cover the 30 years; --requests and --seconds must be > 0")
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


def weighted(rng: random.Random, weights: dict, k: int) -> list:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


@dataclass
class NameMaker:
    """Vietnamese full names with their folded forms, without calling fold() per name."""

    rng: random.Random
    fold: Callable[[str], str]
    folded: dict[str, str] = field(default_factory=dict)

    def part(self, word: str) -> str:
        if word not in self.folded:
            self.folded[word] = self.fold(word)
        return self.folded[word]

    def make(self, gender: str) -> tuple[str, str]:
        surname = weighted(self.rng, SURNAMES, 1)[0]
        middle = weighted(self.rng, MIDDLE_NAMES[gender], 1)[0]
        given = self.rng.choice(GIVEN_NAMES[gender])
        name = f"{surname} {middle} {given}"
        return name, f"{self.part(surname)} {self.part(middle)} {self.part(given)}"


def column_defaults(model: type, columns: list[str]) -> dict[str, object]:
    """The model's other NOT NULL columns, with the values its defaults give them.

    COPY knows nothing of Django's defaults: without these, each column added to a model after
    the fill was written would stop it with a NotNullViolation.
    """
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    table = model._meta.db_table
    fields = {field.column: field for field in model._meta.concrete_fields}
    if unknown := [column for column in columns if column not in fields]:
        raise SystemExit(f"{table} has no column {', '.join(unknown)}: update the benchmark")
    defaults = {}
    for column, field_ in fields.items():
        if column in columns or field_.null or field_.db_default is not NOT_PROVIDED:
            continue  # filled, NULL, or the database's own default
        value = field_.get_default()  # "" for text without a default, None for the rest
        if value is None:
            raise SystemExit(
                f"{table}.{column} is NOT NULL and its model field has no default: "
                "give it a value in the benchmark's fill"
            )
        defaults[column] = field_.get_db_prep_save(value, connection)
    return defaults


def copy_rows(cursor: psycopg.Cursor, model: type, columns: list[str], rows: Iterable) -> int:
    """COPY rows of `columns` into the model's table, its other NOT NULL columns defaulted."""
    table = model._meta.db_table
    defaults = column_defaults(model, columns)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, [*columns, *defaults]))
    )
    rest = tuple(defaults.values())
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, *rest))
            count += 1
    # Explicit ids leave the identity sequence behind; later inserts through the ORM need it.
    cursor.execute(
        sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), {})").format(
            sql.Literal(table), sql.Literal(max(count, 1))
        )
    )
    defaulted = f" ({', '.join(defaults)} defaulted)" if defaults else ""
    log(f"  {table}: {count:,} rows{defaulted}")
    return count


@dataclass
class Recipient:
    """What an award's own columns copy from its recipient (COPY runs no save())."""

    id: int
    name: str
    folded: str
    position: str
    unit_name: str
    locality_id: int | None
    listed: bool = True


def fill_communes(
    cursor: psycopg.Cursor, rng: random.Random, fold: Callable[[str], str], size: Size
) -> list[tuple[str, str]]:
    """Returns each commune's (kind, name), by id - 1."""
    from units.models import Commune

    combinations = [f"{first} {second}" for first in PLACE_FIRST for second in PLACE_SECOND]
    communes = []
    per_province = math.ceil(size.communes / len(PROVINCES))
    for province in PROVINCES:
        # Commune names repeat across provinces, as they do in Vietnam, but not within one.
        for name in rng.sample(combinations, per_province):
            communes.append((province, name, weighted(rng, COMMUNE_KINDS, 1)[0]))
    communes = communes[: size.communes]
    rows = (
        (pk, name, fold(name), kind, f"{pk:05d}", "", province, False)
        for pk, (province, name, kind) in enumerate(communes, start=1)
    )
    columns = ["id", "name", "name_folded", "kind", "code", "district", "province", "is_demo"]
    copy_rows(cursor, Commune, columns, rows)
    return [(kind, name) for _, name, kind in communes]


def fill_units(
    cursor: psycopg.Cursor,
    rng: random.Random,
    fold: Callable[[str], str],
    communes: list[tuple[str, str]],
    size: Size,
) -> tuple[list[Recipient], list[str]]:
    """Returns the units, and each unit's kind by id - 1."""
    from units.models import Unit

    kinds = weighted(rng, {kind: spec[0] for kind, spec in UNIT_KINDS.items()}, size.units)
    units = []
    for pk, kind in enumerate(kinds, start=1):
        commune_id = rng.randrange(len(communes)) + 1
        commune_kind, commune_name = communes[commune_id - 1]
        pattern = rng.choice(UNIT_KINDS[kind][1])
        name = pattern.format(
            place=f"{LOWER_KIND[commune_kind]} {commune_name}",
            short=commune_name,
            namesake=rng.choice(NAMESAKES),
            number=rng.randint(1, 15),
        )
        units.append((kind, Recipient(pk, name, fold(name), "", "", commune_id)))
    rows = (
        (unit.id, unit.name, unit.folded, kind, unit.locality_id, False) for kind, unit in units
    )
    columns = ["id", "name", "name_folded", "kind", "commune_id", "is_demo"]
    copy_rows(cursor, Unit, columns, rows)
    return [unit for _, unit in units], kinds


def fill_people(
    cursor: psycopg.Cursor,
    rng: random.Random,
    names: NameMaker,
    communes: list[tuple[str, str]],
    units: list[Recipient],
    unit_kinds: list[str],
    size: Size,
) -> list[Recipient]:
    from units.models import Person

    people = []
    rows = []
    for pk in range(1, size.people + 1):
        gender = rng.choice(("male", "female"))
        name, folded = names.make(gender)
        if rng.random() < PEOPLE_WITH_A_UNIT:
            unit = units[rng.randrange(len(units))]
            positions = UNIT_KINDS[unit_kinds[unit.id - 1]][2]
            unit_id, unit_name, commune_id = unit.id, unit.name, unit.locality_id
        else:
            positions = FARMER_POSITIONS
            unit_id, unit_name, commune_id = None, "", rng.randrange(len(communes)) + 1
        position, category, _ = rng.choices(positions, weights=[p[2] for p in positions])[0]
        listed = rng.random() >= UNLISTED_SHARE
        birth_date = datetime.date(1955, 1, 1) + datetime.timedelta(days=rng.randrange(16_000))
        rows.append(
            (pk, name, folded, gender, position, unit_id, commune_id, category, listed,
             birth_date, False)
        )  # fmt: skip
        people.append(Recipient(pk, name, folded, position, unit_name, commune_id, listed))
    columns = [
        "id", "full_name", "name_folded", "gender", "position", "unit_id", "commune_id",
        "category", "listed", "birth_date", "is_demo",
    ]  # fmt: skip
    copy_rows(cursor, Person, columns, rows)
    return people


def fill_households(
    cursor: psycopg.Cursor,
    rng: random.Random,
    names: NameMaker,
    communes: list[tuple[str, str]],
    size: Size,
) -> list[Recipient]:
    from units.models import Household

    households = []
    for pk in range(1, size.households + 1):
        name, folded = names.make(rng.choice(("male", "male", "female")))
        commune_id = rng.randrange(len(communes)) + 1
        group = "Tổ dân phố" if communes[commune_id - 1][0] == "ward" else "Thôn"
        village = f"{group} {rng.randint(1, 15)}"
        households.append(Recipient(pk, name, folded, "", village, commune_id))
    rows = (
        (household.id, household.name, household.folded, household.unit_name,
         household.locality_id, False)
        for household in households
    )  # fmt: skip
    columns = ["id", "head_name", "name_folded", "village", "commune_id", "is_demo"]
    copy_rows(cursor, Household, columns, rows)
    return households


def fill_decisions(
    cursor: psycopg.Cursor, rng: random.Random, names: NameMaker, size: Size
) -> dict[int, list[int]]:
    """Returns the decisions' ids by the year their awards are for."""
    from awards.models import Decision

    by_year: dict[int, list[int]] = {year: [] for year in YEARS}
    signers = [names.make(rng.choice(("male", "female")))[0] for _ in range(12)]
    rows = []
    for pk in range(1, size.decisions + 1):
        year = YEARS[(pk - 1) % len(YEARS)]
        by_year[year].append(pk)
        # Awards for a year are decided early the next year (never before the year they are for).
        signed_on = datetime.date(year + 1, 1, 5) + datetime.timedelta(days=rng.randrange(85))
        published_at = datetime.datetime.combine(
            signed_on + datetime.timedelta(days=3), datetime.time(9), tzinfo=datetime.UTC
        )
        number = f"{pk}/QĐ-UBND"
        subject = f"Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm {year}"
        rows.append(
            (pk, number, signed_on, ISSUER, "province", signers[year % len(signers)],
             "Chủ tịch", subject, "", "published", published_at, False,
             names.fold(f"{number} {subject}"))
        )  # fmt: skip
    columns = [
        "id", "number", "signed_on", "issuer_name", "issuer_level", "signer_name",
        "signer_position", "subject", "document", "status", "published_at", "is_demo",
        "search_folded",
    ]  # fmt: skip
    copy_rows(cursor, Decision, columns, rows)
    return by_year


def award_rows(
    rng: random.Random,
    total: int,
    titles: dict[str, list[tuple[int, int]]],
    recipients: dict[str, list[Recipient]],
    decisions: dict[int, list[int]],
) -> Iterator[tuple]:
    kind_of = {"person": "individuals", "unit": "collectives", "household": "households"}
    pk = 0
    for index, year in enumerate(YEARS):
        in_year = total // len(YEARS) + (index < total % len(YEARS))
        people, units = round(in_year * SHARE_PEOPLE), round(in_year * SHARE_UNITS)
        wanted_by_field = {"person": people, "unit": units, "household": in_year - people - units}
        for field_name, wanted in wanted_by_field.items():
            population = recipients[field_name]
            if wanted > len(population):
                raise SystemExit(
                    f"too many awards: {wanted:,} {field_name}s a year, {len(population):,} exist"
                )
            # Sampling without replacement: one award per recipient and year at most, so the
            # unique constraints (title, year, recipient) hold whatever the titles.
            chosen = rng.sample(population, wanted)
            catalogue = titles[kind_of[field_name]]
            # Common forms (high rank numbers: certificates, Advanced Worker) far outnumber
            # state orders, as on real rolls.
            weights = [rank**3 for _, rank in catalogue]
            picks = rng.choices(catalogue, weights=weights, k=wanted)
            year_decisions = decisions[year]
            for recipient, (title_id, rank) in zip(chosen, picks, strict=True):
                pk += 1
                yield (
                    pk, year, recipient.name, recipient.folded, recipient.position,
                    recipient.unit_name, "regular", "", "",
                    recipient.id if field_name == "unit" else None,
                    recipient.id if field_name == "person" else None,
                    recipient.id if field_name == "household" else None,
                    recipient.locality_id, rng.choice(year_decisions), title_id, rank,
                    recipient.listed,
                )  # fmt: skip


AWARD_COLUMNS = [
    "id", "year", "recipient_name", "recipient_name_folded", "recipient_position",
    "recipient_unit_name", "method", "citation", "revocation_reason", "unit_id", "person_id",
    "household_id", "locality_id", "decision_id", "title_id", "title_rank", "is_public",
]  # fmt: skip


def check_vocabulary(fold: Callable[[str], str]) -> None:
    """The lists above copy the models' choices; a renamed choice must stop the fill, not
    slip into the database past the ORM's validation."""
    from units.models import Commune, Person, Unit

    positions = [position for spec in UNIT_KINDS.values() for position in spec[2]]
    categories = {category for _, category, _ in positions + FARMER_POSITIONS}
    for ours, theirs in [
        (set(COMMUNE_KINDS), set(Commune.Kind.values)),
        (set(UNIT_KINDS), set(Unit.Kind.values)),
        (categories, set(Person.Category.values)),
    ]:
        if not ours <= theirs:
            raise SystemExit(f"unknown choices {sorted(ours - theirs)}; update the benchmark")
    # NameMaker folds words one at a time; that must equal folding the whole name.
    names = NameMaker(random.Random(1), fold)
    for name, folded in (names.make(gender) for gender in ("male", "female") * 50):
        if fold(name) != folded:
            raise SystemExit(f"fold({name!r}) is not {folded!r}; update NameMaker")


def fill(database_url: str, size: Size) -> None:
    from awards.models import Commendation
    from awards.rolls import recount_tallies
    from units.names import fold

    check_vocabulary(fold)

    rng = random.Random(20241231)  # the same data on every fill
    names = NameMaker(rng, fold)
    with psycopg.connect(database_url) as conn, conn.cursor() as cursor:
        # One transaction: a failed fill leaves the database as it was, never half full.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                sql.SQL(", ").join(map(sql.Identifier, FILLED_TABLES))
            )
        )
        titles: dict[str, list[tuple[int, int]]] = {}
        for kind in ("individuals", "collectives", "households"):
            titles[kind] = cursor.execute(
                sql.SQL(
                    "SELECT id, rank FROM awards_emulationtitle WHERE is_active AND {} ORDER BY id"
                ).format(sql.Identifier(f"for_{kind}"))
            ).fetchall()
            if not titles[kind]:
                raise SystemExit(f"the catalogue has no active title for {kind}: migrate first")
        communes = fill_communes(cursor, rng, fold, size)
        units, unit_kinds = fill_units(cursor, rng, fold, communes, size)
        people = fill_people(cursor, rng, names, communes, units, unit_kinds, size)
        households = fill_households(cursor, rng, names, communes, size)
        decisions = fill_decisions(cursor, rng, names, size)
        recipients = {"person": people, "unit": units, "household": households}
        rows = award_rows(rng, size.awards, titles, recipients, decisions)
        copy_rows(cursor, Commendation, AWARD_COLUMNS, rows)
    with psycopg.connect(database_url, autocommit=True) as conn:
        # VACUUM as well as ANALYZE: a bulk load leaves the visibility map empty, so index-only
        # scans would visit the heap until autovacuum passes; a live table has been vacuumed.
        log("  VACUUM ANALYZE")
        conn.execute("VACUUM ANALYZE")
    recount_tallies(set(YEARS))


def holds_awards(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        (awards,) = conn.execute("SELECT count(*) FROM awards_commendation").fetchone()
        (tallies,) = conn.execute("SELECT count(*) FROM awards_awardtally").fetchone()
    return awards if tallies else 0


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
    server = subprocess.Popen(command, cwd=ROOT, env=env)
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
            f"Public pages, {awards:,} awards ({FIRST_YEAR}–{LAST_YEAR}); fill: {fill}{mode}",
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


def main() -> None:
    args, size = parse_args()
    env = django_environment(args.database_url)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    create_database(args.database_url)
    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG is off, so pages need the static files manifest that a deployment builds.
    call_command("collectstatic", interactive=False, verbosity=0)

    awards = holds_awards(args.database_url) if args.keep else 0
    fill_seconds = None
    if awards:
        log(f"reusing {awards:,} awards (--keep)")
        if awards != size.awards:
            log(f"note: the database holds {awards:,} awards, not --awards {size.awards:,}")
    else:
        log(f"filling {size.awards:,} awards")
        started = time.monotonic()
        fill(args.database_url, size)
        fill_seconds = time.monotonic() - started
        awards = holds_awards(args.database_url)
        log(f"fill took {fill_seconds:.0f} s")

    cache = redis.Redis.from_url(CACHE_URL)
    cache.flushdb()  # pages cached from an earlier fill would be served as they were
    load_before = load_average()
    server = start_server(env)
    try:
        figures = [measure(label, path, size, cache.flushdb) for label, path in pages(LAST_YEAR)]
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
    print(report(figures, admin, awards, fill_seconds, size, args.tiny, load_before))


if __name__ == "__main__":
    main()
