"""Every admin page opens, with the demo data loaded, in a fixed number of queries."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.fixture(autouse=True)
def a_group(db):
    Group.objects.create(name="Biên tập viên")


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_list_opens(staff_client, demo, app, model):
    response = staff_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_add_page_opens(staff_client, app, model):
    assert staff_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_every_admin_change_page_opens(staff_client, demo, app, model):
    model_class = next(m for m in admin.site._registry if m._meta.model_name == model)
    record = model_class.objects.order_by("pk").last()
    response = staff_client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))
    assert response.status_code == 200


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_admin_lists_run_the_same_queries_for_one_row_as_for_a_full_page(
    staff_client, demo, monkeypatch, app, model
):
    """A query per row (a missing select_related) would make the two counts differ."""
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.model_name == model)
    url = reverse(f"admin:{app}_{model}_changelist")
    full_page = count_queries(staff_client, url)
    monkeypatch.setattr(model_admin, "list_per_page", 1)
    assert count_queries(staff_client, url) == full_page


# Session, user, the page's rows and counts, and one query per related-model filter.
PINNED = {
    "decision": 8,
    "commendation": 8,
}


@pytest.mark.parametrize("model", sorted(PINNED))
def test_the_busiest_admin_lists_stay_within_their_query_budget(staff_client, demo, model):
    app = "awards"
    assert count_queries(staff_client, reverse(f"admin:{app}_{model}_changelist")) == PINNED[model]
