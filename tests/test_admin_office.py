"""The admin as an office's clerk meets it: where an error points, where a save returns, what
an editor is shown."""

import pytest
from django.urls import reverse

from awards.models import Commendation
from tests.awards.test_admin_entry import decision_form, with_awards
from tests.awards.test_workflow import failing_award, publish_url
from tests.makers import make_award, make_member, make_person

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


def justify(client, award: Commendation, query: str, **buttons):
    change_url = reverse("admin:awards_commendation_change", args=[award.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(eligibility_justification="Hồ sơ năm 2024 bị thất lạc; đã xác minh.", **buttons)
    return client.post(f"{change_url}?{query}", data)


def test_a_justification_saved_returns_to_the_publish_page_it_came_from(client):
    award = failing_award("31/QĐ-UBND")
    client.force_login(make_member("phe-duyet", "publisher"))
    publish = publish_url(award.decision)
    change_url = reverse("admin:awards_commendation_change", args=[award.pk])
    page = client.get(publish).content.decode()
    assert f'href="{change_url}?next=%2Fen%2Fadmin%2Fawards%2Fdecision%2F' in page

    response = justify(client, award, f"next={publish}")

    assert response.status_code == 302
    assert response["Location"] == publish
    award.refresh_from_db()
    assert award.eligibility_justification
    assert "is published" not in client.get(publish).content.decode()


def test_saving_and_continuing_keeps_the_way_back_to_the_publish_page(client):
    award = failing_award("32/QĐ-UBND")
    client.force_login(make_member("phe-duyet", "publisher"))
    publish = publish_url(award.decision)

    response = justify(client, award, f"next={publish}", _continue="1")

    assert response.status_code == 302
    change_url = reverse("admin:awards_commendation_change", args=[award.pk])
    assert response["Location"] == f"{change_url}?next={publish.replace('/', '%2F')}"


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "/\\evil.example/", ""]
)
def test_a_justification_never_returns_to_another_site(client, elsewhere):
    award = failing_award("33/QĐ-UBND")
    client.force_login(make_member("phe-duyet", "publisher"))

    response = justify(client, award, f"next={elsewhere}")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:awards_commendation_changelist")
