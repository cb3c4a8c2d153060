"""The admin as an office's clerk meets it: where an error points, where a save returns, what
an editor is shown."""

import pytest
from django.urls import reverse

from awards.models import Commendation
from tests.awards.test_admin_entry import decision_form, with_awards
from tests.makers import make_award, make_person

pytestmark = pytest.mark.django_db


def test_an_award_held_in_another_decision_is_refused_with_a_link_to_that_decision(
    staff_client,
):
    person = make_person()
    existing = make_award(person)
    response = staff_client.post(
        reverse("admin:awards_decision_add"),
        with_awards(decision_form(), {"title": str(existing.title.pk), "person": person.pk}),
    )

    assert response.status_code == 200
    page = response.content.decode()
    change = reverse("admin:awards_decision_change", args=[existing.decision.pk])
    assert f'in decision <a href="{change}">{existing.decision.number}</a>' in page
    assert page.count("already holds this title") == 1
    assert Commendation.objects.count() == 1


def test_an_award_entered_on_its_own_page_links_to_the_decision_holding_it(staff_client):
    person = make_person()
    existing = make_award(person)
    draft = make_award(make_person("Trần Văn Bình")).decision
    response = staff_client.post(
        reverse("admin:awards_commendation_add"),
        {
            "decision": draft.pk,
            "title": existing.title.pk,
            "year": "2024",
            "method": "regular",
            "person": person.pk,
        },
    )

    assert response.status_code == 200
    change = reverse("admin:awards_decision_change", args=[existing.decision.pk])
    assert f'<a href="{change}">' in response.content.decode()
