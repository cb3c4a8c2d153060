"""Every admin page opens, with the demo data loaded, in a fixed number of queries."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from awards.models import EmulationCluster, Pact
from reports.models import EmulationBody, EmulationOfficer, ExportJob, StatisticalRegime
from tests.makers import make_member
from units.models import Commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.fixture(autouse=True)
def a_group(db):
    Group.objects.create(name="Biên tập viên")


@pytest.fixture(autouse=True)
def exports_queued(db):
    """The demo makes no export: two, done, and the task queue's rows a worker leaves."""
    for year in (2023, 2024):
        ExportJob.objects.create(
            kind=ExportJob.Kind.SUMMARY_PDF, parameters={"year": year}, status="done"
        )
        DBTaskResult.objects.create(
            args_kwargs={"args": [year], "kwargs": {}},
            task_path="reports.jobs.run_export",
            backend_name="database",
            run_after=timezone.now(),
            status="SUCCESSFUL",
        )


@pytest.fixture(autouse=True)
def an_earlier_regime(db):
    """The migrations record one regime (02/2023): a second row, an earlier circular (its
    dates made up for the test)."""
    StatisticalRegime.objects.create(
        circular="03/2018/TT-BNV", header="Ban hành theo Thông tư số 03/2018/TT-BNV",
        due="Ngày 15 tháng 12 năm báo cáo", period_starts_month=12, period_starts_day=1,
        period_ends_month=11, period_ends_day=30, valid_from=datetime.date(2018, 7, 1),
        valid_until=datetime.date(2023, 5, 9), legal_basis="Thông tư 03/2018/TT-BNV",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def emulation_bodies(db):
    """The demo records no bodies doing the emulation work: two, each with an officer."""
    for name, kind in [("Ban Thi đua - Khen thưởng", "board_of_home_affairs"),
                       ("Phòng Thi đua", "division_of_home_affairs")]:  # fmt: skip
        body = EmulationBody.objects.create(name=name, kind=kind)
        EmulationOfficer.objects.create(
            body=body, full_name=f"Cán bộ {name}", birth_year=1985, training="university",
            in_the_field_since=datetime.date(2015, 3, 1),
        )  # fmt: skip


# Read only: what the workers made is never added or changed by hand.
READ_ONLY = {("reports", "exportjob"), ("django_tasks_database", "dbtaskresult")}


def registered(model: str):
    return next((m, a) for m, a in admin.site._registry.items() if m._meta.model_name == model)


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_list_opens_with_all_its_rows(staff_client, app, model):
    model_class, _model_admin = registered(model)
    response = staff_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model_class._default_manager.count() > 0


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_add_page_opens_an_empty_form(staff_client, app, model):
    response = staff_client.get(reverse(f"admin:{app}_{model}_add"))
    if (app, model) in READ_ONLY:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response.context["add"] and response.context["adminform"].form.instance.pk is None


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_change_page_opens_its_record(staff_client, app, model):
    model_class, _model_admin = registered(model)
    record = model_class.objects.order_by("pk").last()
    response = staff_client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))
    assert response.status_code == 200
    assert response.context["original"] == record


def count_queries(client, url: str) -> tuple[int, int]:
    """The queries of a list page, and the rows it shows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


@pytest.fixture
def second_rows() -> None:
    """The demo has one user and one cluster: a second of each. And its pacts, in no cluster,
    in one: a list costs a query a row only for the related records it shows."""
    dong_rui = Commune.objects.get(name="Đồng Rui", district="Tiên Yên")
    make_member("bien-tap-dong-rui", "editor", commune=dong_rui)
    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 2", organised_by="Huyện")
    Pact.objects.update(cluster=cluster)


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_admin_lists_run_the_same_queries_for_one_row_as_for_many(
    staff_client, second_rows, monkeypatch, app, model
):
    """A query per row (a missing select_related) would make the two counts differ."""
    _model_class, model_admin = registered(model)
    url = reverse(f"admin:{app}_{model}_changelist")
    many, rows = count_queries(staff_client, url)
    assert rows >= 2  # one row costs the same queries with a select_related as without
    monkeypatch.setattr(model_admin, "list_per_page", 1)
    assert count_queries(staff_client, url) == (many, 1)


# Session, user, the page's rows, one bounded count (none of the whole table), and the
# filters' choices: the awards' years from the tallies and the drafts, the catalogue's titles;
# the decisions' date hierarchy (two) and their years.
PINNED = {
    "decision": 7,
    "commendation": 7,
}


@pytest.mark.parametrize("model", sorted(PINNED))
def test_the_busiest_admin_lists_stay_within_their_query_budget(staff_client, model):
    app = "awards"
    queries, _rows = count_queries(staff_client, reverse(f"admin:{app}_{model}_changelist"))
    assert queries == PINNED[model]
