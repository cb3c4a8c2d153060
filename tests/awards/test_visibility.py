"""Whether an award is public: published, in force, and not to someone who asked not to be listed.

`is_public` is kept by the database from one definition (awards.models.award_is_public), when an
award is saved and when what it depends on changes: the decision's status, the person's consent,
the award's revocation. Nothing else refreshes it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import workflow
from awards.models import Commendation, Decision
from tests.makers import make_award, make_decision, make_member, make_person, make_unit
from units.models import Person

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = Decision.Status.PUBLISHED, Decision.Status.DRAFT


def is_public(award: Commendation) -> bool:
    return Commendation.objects.values_list("is_public", flat=True).get(pk=award.pk)


@pytest.mark.parametrize(
    ("status", "listed", "revoked", "public"),
    [
        (PUBLISHED, True, False, True),
        (PUBLISHED, False, False, False),
        (PUBLISHED, True, True, False),
        (DRAFT, True, False, False),
        (DRAFT, False, True, False),
    ],
)
def test_saving_an_award_and_refreshing_in_bulk_agree(status, listed, revoked, public):
    revocation = {"revoked_on": datetime.date(2025, 3, 1), "revocation_reason": "Sai"}
    award = make_award(
        make_person(listed=listed),
        decision=make_decision(status=status),
        **(revocation if revoked else {}),
    )
    assert award.is_public is public

    Commendation.objects.update(is_public=not public)
    Commendation.objects.all().refresh_visibility()

    assert is_public(award) is public


def test_an_award_to_a_unit_is_public_once_its_decision_is_published():
    award = make_award(make_unit(), decision=make_decision(status=PUBLISHED))
    assert award.is_public


def test_publishing_a_decision_makes_its_awards_public():
    draft = make_decision()
    award = make_award(make_person(), decision=draft)
    assert not is_public(award)

    workflow.publish_decision(draft, by=make_member("phe-duyet", "publisher"))

    assert is_public(award)


def test_a_person_who_withdraws_consent_leaves_the_public_roll_and_can_return():
    award = make_award(make_person(), decision=make_decision(status=PUBLISHED))

    person = Person.objects.get(pk=award.person_id)
    person.listed = False
    person.save()
    assert not is_public(award)

    person = Person.objects.get(pk=award.person_id)
    person.listed = True
    person.save()
    assert is_public(award)


def test_a_revoked_award_leaves_the_public_roll():
    award = make_award(make_person(), decision=make_decision(status=PUBLISHED))

    workflow.revoke_award(
        award,
        datetime.date(2025, 3, 1),
        "Khai man thành tích",
        None,
        by=make_member("p", "publisher"),
    )

    assert not is_public(award)


def test_an_award_moved_to_a_published_decision_becomes_public():
    award = make_award(make_person(), decision=make_decision())

    award = Commendation.objects.get(pk=award.pk)
    award.decision = make_decision(status=PUBLISHED)
    award.save()

    assert is_public(award)


def test_renaming_a_person_with_awards_leaves_the_awards_alone(django_assert_num_queries):
    award = make_award(make_person("Lê Thị Mai"), decision=make_decision(status=PUBLISHED))
    person = Person.objects.get(pk=award.person_id)
    person.full_name = "Lê Thị Mai Anh"

    with django_assert_num_queries(2):  # the person's UPDATE and its history row
        person.save()

    assert Person.objects.matching("mai anh").get() == person
    assert is_public(award)


def test_saving_a_decision_without_changing_its_status_leaves_its_awards_alone(
    django_assert_num_queries,
):
    award = make_award(make_person(), decision=make_decision(status=PUBLISHED))
    decision = Decision.objects.get(pk=award.decision_id)
    decision.subject = "Về việc khen thưởng năm 2024"

    with django_assert_num_queries(2):  # the decision's UPDATE and its history row
        decision.save()

    assert is_public(award)


def test_saving_an_award_without_changing_what_makes_it_public_asks_nothing_more():
    award = make_award(make_person(), decision=make_decision(status=PUBLISHED))
    award = Commendation.objects.select_related("title", "person").get(pk=award.pk)
    award.citation = "Đã có thành tích xuất sắc"

    # Counted by statement: the tallies' recount after the commit is not the award's own work.
    with CaptureQueriesContext(connection) as queries:
        award.save()

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "awards_commendation"')]
    assert len(updates) == 1  # no second UPDATE asking the database whether it is public
    assert award.is_public
