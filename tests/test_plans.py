"""The SQL plans of the pages that must not grow with the registry, pinned on PostgreSQL.

A test database holds a few rows, for which a sequential scan and a sort are always cheapest:
each query is planned with `enable_seqscan` and `enable_sort` off, so that the plan shows
whether an index *can* serve it in order. A query that still scans the awards table, or still
sorts them, has no such path at all, and will read every one of a million awards (the admin's
list sorted on the joined title's rank did: 2.6 s a page).
"""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import views
from awards.models import Commendation, Decision
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_people,
    make_person,
    make_unit,
    title,
)
from units.models import Commune, Unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
]


def plan(sql: str, params=None, *, bitmaps_only: bool = False) -> str:
    """The plan of `sql`; without `params`, `sql` is a query as run (its values in it).

    `bitmaps_only` leaves the planner no ordered index scan either: a filter that some index
    answers (a trigram's) is then read through it, and one that none answers shows a scan of
    the whole table, however a small test table would be read otherwise.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        if bitmaps_only:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params or None)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_of(queryset) -> str:
    return plan(*queryset.query.sql_with_params())


@pytest.fixture
def roll():
    published = make_decision(status=Decision.Status.PUBLISHED)
    people = make_people([f"Nguyễn Văn {number}" for number in range(60)])
    for person in people[:30]:
        make_award(person, "lao-dong-tien-tien", decision=published)
    for person in people[30:]:
        make_award(person, "chien-si-thi-dua-co-so", decision=published)
    Commendation.objects.refresh_visibility()
    return Commendation.objects.public().for_year(2024)


def deep(awards, order):
    awards = awards.order_by(*order)
    cursor = awards.values_list(*order)[20]
    return awards.filter(views.after_cursor(order, cursor))[: views.PAGE_SIZE + 1]


def test_a_deep_page_of_a_years_roll_is_bounded_by_the_rolls_index(roll):
    found = plan_of(deep(roll, views.ROLL_ORDER))
    assert "commendation_public_roll" in found
    # The row-value comparison is an index condition, not a filter on rows read from the start.
    assert "Index Cond: ((year = 2024) AND (ROW(title_rank" in found
    assert "Sort" not in found


def test_a_titles_roll_is_served_by_the_titles_index_without_a_sort(roll):
    one_title = roll.filter(title=title("lao-dong-tien-tien"))
    for query in (
        one_title.order_by(*views.TITLE_ROLL_ORDER)[:51],
        deep(one_title, views.TITLE_ROLL_ORDER),
    ):
        found = plan_of(query)
        assert "commendation_public_title" in found and "Sort" not in found


def admin_queries(client, name: str, query: dict) -> list[str]:
    """The queries of an admin list that read the awards, as they ran."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"admin:awards_{name}_changelist"), query).status_code == 200
    return [q["sql"] for q in queries if '"awards_commendation"' in q["sql"]]


@pytest.mark.parametrize("query", [{}, {"year": "2024"}])
def test_the_awards_admin_list_never_scans_the_awards_table(staff_client, roll, query):
    reading_awards = admin_queries(staff_client, "commendation", query)
    assert reading_awards
    for sql in reading_awards:
        assert "Seq Scan on awards_commendation" not in plan(sql), sql


@pytest.mark.parametrize(
    ("query", "condition", "index"),
    [
        ({"q": "nguyen"}, "%nguyen%", "awards_commendation_recipient_name_folded_trgm"),
        ({"q": "215/QĐ"}, "%215/qd%", "awards_commendation_recipient_name_folded_trgm"),
        ({"commune": "dong rui"}, "%dong%", "awards_commendation_locality_id"),
    ],
)
def test_the_awards_admin_lists_filters_are_answered_by_an_index(
    staff_client, roll, query, condition, index
):
    """A search and the commune filter find the awards they keep through an index, not by
    reading every award and filtering (a search by a rare name would read a million): their
    count does. (The page itself may read the newest awards backwards and stop at a hundred,
    which is what a common name should do.)"""
    filtered = [
        sql
        for sql in admin_queries(staff_client, "commendation", query)
        if condition in sql and sql.startswith("SELECT COUNT(")
    ]
    assert filtered
    for sql in filtered:
        found = plan(sql, bitmaps_only=True)
        assert "Seq Scan on awards_commendation" not in found, sql
        assert index in found, found


def test_the_awards_admin_searchs_count_never_walks_the_awards_by_name(staff_client, roll):
    """Counting the first 10,001 awards of "nguyen" by a name index read every name before it
    (318,000 at a million awards): the table's own order finds them where they are."""
    [count] = [
        sql
        for sql in admin_queries(staff_client, "commendation", {"q": "nguyen"})
        if sql.startswith("SELECT COUNT(")
    ]
    with connection.cursor() as cursor:  # no index but one read in order could serve it
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        found = plan(count)
    assert "Scan using" not in found, found  # "Index Only Scan using …_like"


@pytest.mark.parametrize("query", [{}, {"year": "2024"}])
def test_the_awards_admin_lists_page_is_read_in_index_order_without_sorting(
    staff_client, roll, query
):
    """Sorting a page means reading every award the filter keeps first (a million)."""
    [page] = [
        sql for sql in admin_queries(staff_client, "commendation", query) if "LIMIT 100" in sql
    ]
    assert "Sort" not in plan(page), page


def test_the_decisions_admin_list_reads_awards_only_by_their_decision(staff_client, roll):
    url = reverse("admin:awards_decision_changelist")
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(url).status_code == 200
    for sql in [q["sql"] for q in queries if '"awards_commendation"' in q["sql"]]:
        found = plan(sql)
        assert "Seq Scan on awards_commendation" not in found, sql
        assert "HashAggregate" not in found and "GroupAggregate" not in found.split("SubPlan")[0]


def test_the_public_search_takes_its_first_people_from_the_name_index(roll):
    request = RequestFactory().get("/search/", {"q": "nguyen van"})
    with CaptureQueriesContext(connection) as queries:
        views.search(request)
    people = [q["sql"] for q in queries if 'FROM "units_person"' in q["sql"]]
    assert people
    assert len(people) == 1  # sixty names begin with the words: no second part is read
    found = plan(people[0])
    assert "Seq Scan on units_person" not in found
    # The names that begin with the words, in order, a range of the index alone: walked
    # from its first name, "nguyen van" passed 63,000 names at a million awards.
    assert "Index Only Scan using person_listed_by_name" in found, found
    assert "Index Cond: ((name_folded >= 'nguyen van'::text)" in found, found


def test_the_home_pages_flags_are_read_a_title_at_a_time_from_its_index():
    """Filtered by the joined title's kind, a year's flags were all read and sorted to keep
    fifty (a thousand at a million awards)."""
    published = make_decision(status=Decision.Status.PUBLISHED)
    for slug in ("co-thi-dua-cua-tinh", "co-thi-dua-cua-chinh-phu"):
        make_award(make_unit(f"Trường {slug}"), slug, decision=published)
    Commendation.objects.refresh_visibility()
    with CaptureQueriesContext(connection) as queries:
        assert len(views.first_flags(2024)) == 2
    reading_awards = [q["sql"] for q in queries if 'FROM "awards_commendation"' in q["sql"]]
    assert len(reading_awards) == 3  # one a flag title (three), until the page is full
    for sql in reading_awards:
        found = plan(sql)
        assert "commendation_public_title" in found and "Sort" not in found, found


@pytest.mark.parametrize("model", [Commune, Unit])
def test_what_a_record_was_formed_from_is_looked_up_never_scanned(model):
    """`Q(successor=…) | Q(successor_parts__successor=…)` joined every unit to its parts."""
    record = make_unit() if model is Unit else make_commune()
    found = plan_of(record.formed_from())
    assert f"Seq Scan on {model._meta.db_table}" not in found, found


def test_the_people_admins_search_finds_positions_through_an_index(staff_client):
    make_person("Nguyễn Văn An", position="Kế toán")
    url = reverse("admin:units_person_changelist")
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(url, {"q": "nguyen van"}).status_code == 200
    [count] = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(")]
    found = plan(count, bitmaps_only=True)
    assert "Seq Scan on units_person" not in found, found
    assert "units_person_position_upper_trgm" in found


def test_the_public_search_takes_its_first_households_from_the_name_index(roll):
    request = RequestFactory().get("/search/", {"q": "nguyen van"})
    with CaptureQueriesContext(connection) as queries:
        views.search(request)
    households = [q["sql"] for q in queries if 'FROM "units_household"' in q["sql"]]
    assert len(households) == 2  # none begins with the words: the others are read too
    first, others = map(plan, households)
    assert "Index Cond: ((name_folded >= 'nguyen van'::text)" in first, first
    for found in (first, others):
        assert "Seq Scan on units_household" not in found
        assert "Index Only Scan using household_by_name" in found, found
