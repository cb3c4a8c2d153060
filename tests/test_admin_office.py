"""The admin as an office's clerk meets it: where an error points, where a save returns, what
an editor is shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Commendation, EmulationMovement
from tests.awards.test_admin_entry import decision_form, with_awards
from tests.awards.test_workflow import failing_award, publish_url
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_member,
    make_person,
    make_staff,
    make_unit,
)

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


def make_movement(**fields) -> EmulationMovement:
    return EmulationMovement.objects.create(
        name="Thi đua đặc biệt", launched_by="UBND tỉnh", launch_level="province",
        scope="province", method="thematic", starts_on=datetime.date(2025, 1, 1), **fields,
    )  # fmt: skip


DEMO_FLAGGED = {
    "decision": lambda: make_decision(is_demo=True),
    "person": lambda: make_person(is_demo=True),
    "household": lambda: make_household(is_demo=True),
    "unit": lambda: make_unit(is_demo=True),
    "commune": lambda: make_commune("Hải Lạng", is_demo=True),
    "emulationmovement": lambda: make_movement(is_demo=True),
}


def admin_url(record, view: str, *args) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("group", ["editor", "viewer"])
@pytest.mark.parametrize("model", sorted(DEMO_FLAGGED))
def test_an_editor_never_sees_the_demo_flag(client, group, model):
    record = DEMO_FLAGGED[model]()
    client.force_login(make_member("nhan-vien", group))

    change = client.get(admin_url(record, "change", record.pk))
    listing = client.get(admin_url(record, "changelist"))

    assert change.status_code == listing.status_code == 200
    assert "is_demo" not in change.content.decode()
    assert "is_demo" not in listing.content.decode()
    assert client.get(admin_url(record, "changelist") + "?is_demo__exact=1").status_code == 400


@pytest.mark.parametrize("model", sorted(DEMO_FLAGGED))
def test_a_publisher_and_a_superuser_see_and_filter_by_the_demo_flag(client, model):
    record = DEMO_FLAGGED[model]()
    for user in [make_member("phe-duyet", "publisher"), make_staff("quan-tri")]:
        client.force_login(user)
        change = client.get(admin_url(record, "change", record.pk)).content.decode()
        listing = client.get(admin_url(record, "changelist")).content.decode()
        assert 'name="is_demo"' in change or "field-is_demo" in change
        assert "is_demo__exact" in listing


def test_an_editor_saving_a_demo_record_keeps_it_flagged(client):
    person = make_person(is_demo=True)
    client.force_login(make_member("bien-tap", "editor"))
    change_url = admin_url(person, "change", person.pk)
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = client.post(change_url, {**data, "full_name": "Nguyễn Thị Hoa Mai"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.is_demo) == ("Nguyễn Thị Hoa Mai", True)


@pytest.fixture
def ended_commune():
    return make_commune("Hải Lạng", valid_until=datetime.date(2025, 6, 30))


def autocomplete(client, model: str, field: str, term: str, language: str = "en") -> list[str]:
    with translation.override(language):
        url = reverse(f"admin:units_{model}_autocomplete")
    query = {"app_label": "awards", "model_name": "commendation", "field_name": field}
    response = client.get(url, {**query, "term": term})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_an_ended_commune_is_offered_with_its_last_day(staff_client, ended_commune):
    make_commune("Hải Hòa")

    assert autocomplete(staff_client, "commune", "commune", "hai") == [
        "Xã Hải Hòa",
        "Xã Hải Lạng (until 30/06/2025)",
    ]
    assert autocomplete(staff_client, "commune", "commune", "hai", "vi")[1] == (
        "Xã Hải Lạng (đến 30/06/2025)"
    )


def test_an_ended_unit_is_offered_with_its_last_day(staff_client):
    make_unit("Phòng Nội vụ huyện Tiên Yên", valid_until=datetime.date(2025, 6, 30))

    assert autocomplete(staff_client, "unit", "unit", "noi vu") == [
        "Phòng Nội vụ huyện Tiên Yên (until 30/06/2025)"
    ]


def test_an_award_to_an_ended_commune_shows_its_last_day_where_it_was_chosen(
    staff_client, ended_commune
):
    award = make_award(ended_commune)
    change_url = reverse("admin:awards_commendation_change", args=[award.pk])

    page = staff_client.get(change_url).content.decode()
    with translation.override("vi"):
        vietnamese = staff_client.get(
            reverse("admin:awards_commendation_change", args=[award.pk])
        ).content.decode()

    assert "Xã Hải Lạng (until 30/06/2025)</option>" in page
    assert "Xã Hải Lạng (đến 30/06/2025)</option>" in vietnamese
    assert reverse("admin:units_commune_autocomplete") in page


def test_a_decisions_history_shows_its_awards_added_and_changed_in_vietnamese(staff_client):
    decision = make_decision(number="77/QĐ-UBND")
    award = make_award(make_person("Lê Thị Thu"), decision=decision)
    award.citation = "Hoàn thành xuất sắc nhiệm vụ"
    award.save()
    with translation.override("vi"):
        url = reverse("admin:awards_decision_history", args=[decision.pk])
        page = staff_client.get(url).content.decode()

    assert "Lịch sử của" in page and "Các lượt khen thưởng của quyết định" in page
    assert "Lê Thị Thu – Bằng khen" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page
    for english in ["Change history", "Date/time", "Changed by", "Created", "entries", "None"]:
        assert english not in page
