"""Merging and renaming units and communes: the old record ends and names its successor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import Commendation
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_member,
    make_person,
    make_unit,
)
from units import reorganisation
from units.models import Commune, Unit

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2025, 6, 30)


@pytest.fixture
def publisher():
    return make_member("phe-duyet", "publisher")


def test_merging_communes_in_the_admin_ends_them_and_moves_what_is_in_them(client, publisher):
    dong_rui, dai_duc = make_commune("Đồng Rui"), make_commune("Đại Dực")
    new = make_commune("Tiên Yên", valid_from=datetime.date(2025, 7, 1))
    school = make_unit(commune=dong_rui)
    household = make_household(commune=dai_duc)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:units_commune_changelist"),
        {
            "action": "merge",
            "_selected_action": [dong_rui.pk, dai_duc.pk],
            "merge": "1",
            "into": new.pk,
            "on": "2025-06-30",
        },
    )

    assert response.status_code == 302
    for old in (dong_rui, dai_duc):
        old.refresh_from_db()
        assert (old.valid_until, old.successor) == (JUNE_30, new)
        assert old.history.first().history_user == publisher
    school.refresh_from_db()
    household.refresh_from_db()
    assert school.commune == household.commune == new
    page = client.get(reverse("commune_detail", args=[dong_rui.pk])).content.decode()
    assert "Tiên Yên" in page  # "now part of"


def test_merging_units_moves_their_people_and_sub_units(publisher):
    old, into = make_unit("Phòng Nội vụ"), make_unit("Phòng Nội vụ – Lao động")
    person = make_person(unit=old)
    branch = make_unit("Tổ Văn thư", parent=old)

    reorganisation.merge_units([old], into, JUNE_30, by=publisher)

    person.refresh_from_db()
    branch.refresh_from_db()
    assert (person.unit, branch.parent) == (into, into)


def test_merging_a_commune_of_100_people_costs_two_queries_a_person(
    publisher, django_assert_num_queries
):
    old, into = make_commune("Đồng Rui"), make_commune("Tiên Yên")
    published = make_decision(status="published")
    people = [make_person(f"Nguyễn Văn {n}", commune=old) for n in range(100)]
    awards = [make_award(person, decision=published) for person in people]

    # Each person: its UPDATE and its history row. Once: the lock, the commune's UPDATE and
    # history row, the commune's units, people and households, the savepoint and its release.
    with django_assert_num_queries(2 * len(people) + 8) as queries:
        reorganisation.merge_communes([old], into, JUNE_30, by=publisher)

    assert not [query for query in queries if "awards_commendation" in query["sql"]]
    assert into.people.count() == 100
    assert Commendation.objects.public().count() == len(awards)


def test_a_merge_into_itself_or_into_an_ended_record_is_refused(publisher):
    unit = make_unit()
    with pytest.raises(ValidationError, match="merged into itself"):
        reorganisation.merge_units([unit], unit, JUNE_30, by=publisher)
    ended = make_unit("Cũ", valid_until=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="no longer exists"):
        reorganisation.merge_units([unit], ended, JUNE_30, by=publisher)


def test_renaming_a_commune_makes_its_successor_with_the_official_code(client, publisher):
    commune = make_commune("Tiên Yên", kind=Commune.Kind.TOWNSHIP, code="06910")
    client.force_login(publisher)

    response = client.post(
        reverse("admin:units_commune_rename", args=[commune.pk]),
        {"name": "Tiên Yên", "kind": "commune", "on": "2025-06-30"},
    )

    renamed = Commune.objects.get(kind="commune", name="Tiên Yên")
    assert response.url == reverse("admin:units_commune_change", args=[renamed.pk])
    commune.refresh_from_db()
    # The old record keeps its code, for the years it had it: codes are unique in force.
    assert (commune.successor, commune.code, renamed.code) == (renamed, "06910", "06910")
    assert renamed.valid_from == datetime.date(2025, 7, 1)


def test_two_communes_in_force_never_share_an_official_code():
    make_commune("Đông Hải", code="06925")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_commune("Đông Hải mới", code="06925")


def test_a_new_commune_reuses_a_predecessors_code_and_the_predecessor_keeps_it():
    """1 July 2025: the new Tiên Yên commune took the code of Tiên Yên township, which ended."""
    old = make_commune("Tiên Yên", kind=Commune.Kind.TOWNSHIP, code="06910", valid_until=JUNE_30)
    new = make_commune("Tiên Yên", code="06910", valid_from=datetime.date(2025, 7, 1))

    new.full_clean()
    old.refresh_from_db()
    assert (old.code, new.code) == ("06910", "06910")


def test_a_code_given_to_two_communes_at_the_same_time_is_refused_in_words():
    make_commune("Hải Lạng", code="06943", valid_until=JUNE_30)
    overlapping = Commune(
        name="Hải Lạng mới", province="Quảng Ninh", code="06943",
        valid_from=datetime.date(2025, 6, 1),
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()

    assert refused.value.message_dict["code"] == [
        "Xã Hải Lạng had this official code at the same time (– 30/06/2025)."
    ]


def test_an_editor_limited_to_a_commune_cannot_merge_or_rename(client):
    commune = make_commune()
    unit = make_unit(commune=commune)
    client.force_login(make_member("bien-tap", "editor", commune=commune))

    rename = client.post(
        reverse("admin:units_unit_rename", args=[unit.pk]), {"name": "X", "on": "2025-06-30"}
    )

    assert rename.status_code == 403
    assert Unit.objects.count() == 1


def test_the_merge_and_rename_pages_open(client, publisher):
    unit = make_unit()
    client.force_login(publisher)

    merge = client.post(
        reverse("admin:units_unit_changelist"), {"action": "merge", "_selected_action": [unit.pk]}
    )
    rename = client.get(reverse("admin:units_unit_rename", args=[unit.pk]))
    change = client.get(reverse("admin:units_unit_change", args=[unit.pk]))

    assert merge.status_code == rename.status_code == change.status_code == 200
    assert "Merged into" in merge.content.decode()
    assert reverse("admin:units_unit_rename", args=[unit.pk]) in change.content.decode()
