"""A decision's life in the admin: draft, published, an award revoked; each step by its role."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import workflow
from awards.models import Commendation, Decision
from tests.makers import make_award, make_decision, make_member, make_person, make_unit

# The district chair conferred the grassroots titles until 30 June 2025 (Law 06/2022 Art. 80).
DISTRICT = {"issuer_name": "Ủy ban nhân dân huyện Tiên Yên", "issuer_level": "district"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    return make_member("bien-tap", "editor")


@pytest.fixture
def publisher():
    return make_member("phe-duyet", "publisher")


@pytest.fixture
def draft():
    decision = make_decision(number="20/QĐ-UBND")
    make_award(make_unit(), "bang-khen-chu-tich-tinh", decision=decision)
    return decision


def publish_url(decision: Decision) -> str:
    return reverse("admin:awards_decision_publish", args=[decision.pk])


def roll(client, year: int = 2024) -> str:
    return client.get(reverse("honours_year", args=[year])).content.decode()


def test_a_publisher_publishes_a_draft_and_its_awards_reach_the_public_roll(
    client, publisher, draft
):
    assert "Trường Tiểu học Đồng Rui" not in roll(client)
    client.force_login(publisher)

    response = client.post(publish_url(draft))

    assert response.url == reverse("admin:awards_decision_change", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Decision.Status.PUBLISHED
    assert draft.published_at is not None
    client.logout()
    assert "Trường Tiểu học Đồng Rui" in roll(client)
    assert draft.history.first().history_user == publisher


def test_an_editor_cannot_publish_not_even_through_the_status_field(client, editor, draft):
    client.force_login(editor)

    assert client.get(publish_url(draft)).status_code == 403
    assert client.post(publish_url(draft)).status_code == 403
    change = client.get(reverse("admin:awards_decision_change", args=[draft.pk]))
    assert 'name="status"' not in change.content.decode()
    assert publish_url(draft) not in change.content.decode()
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT


def test_a_rule_failed_without_justification_stops_publishing_until_a_publisher_explains(
    client, publisher
):
    decision = make_decision(number="21/QĐ-UBND", **DISTRICT)
    award = make_award(make_person(), "chien-si-thi-dua-co-so", decision=decision)
    workflow.check_eligibility([award])
    client.force_login(publisher)

    page = client.get(publish_url(decision)).content.decode()
    assert "1 award fails an eligibility rule and has no justification." in page
    client.post(publish_url(decision))
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT

    change_url = reverse("admin:awards_commendation_change", args=[award.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(eligibility_justification="Hồ sơ năm 2024 bị thất lạc; đã xác minh.")
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    award.refresh_from_db()
    assert award.eligibility_overridden_by == publisher
    assert not award.needs_justification

    client.post(publish_url(decision))
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PUBLISHED


def test_an_editor_sees_the_evidence_but_cannot_write_a_justification(client, editor):
    decision = make_decision(number="22/QĐ-UBND", **DISTRICT)
    award = make_award(make_person(), "chien-si-thi-dua-co-so", decision=decision)
    workflow.check_eligibility([award])
    client.force_login(editor)

    page = client.get(reverse("admin:awards_commendation_change", args=[award.pk]))

    assert "Advanced Worker missing for 2024" in page.content.decode()
    assert "eligibility_justification" not in page.context["adminform"].form.fields


def test_a_published_decision_and_its_awards_can_be_neither_changed_nor_deleted(
    client, publisher, draft
):
    workflow.publish_decision(draft, by=publisher)
    award = draft.awards.get()
    client.force_login(publisher)

    change = client.get(reverse("admin:awards_decision_change", args=[draft.pk]))
    assert change.context["has_change_permission"] is False
    assert client.post(reverse("admin:awards_decision_delete", args=[draft.pk])).status_code == 403
    delete_award = reverse("admin:awards_commendation_delete", args=[award.pk])
    assert client.post(delete_award).status_code == 403
    assert Commendation.objects.filter(pk=award.pk).exists()


def test_a_publisher_revokes_an_award_which_leaves_the_roll_but_not_the_record(
    client, publisher, draft
):
    workflow.publish_decision(draft, by=publisher)
    revoking = make_decision(number="30/QĐ-UBND", status=Decision.Status.PUBLISHED)
    make_award(make_person("Người Ở Lại"), decision=revoking)  # the roll stays, without it
    award = draft.awards.get()
    client.force_login(publisher)

    response = client.post(
        reverse("admin:awards_commendation_revoke", args=[award.pk]),
        {
            "revoked_on": "2025-03-01",
            "reason": "Khai man thành tích",
            "revoking_decision": revoking.pk,
        },
    )

    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.revoked_on, award.revoking_decision) == (datetime.date(2025, 3, 1), revoking)
    assert not award.is_public
    assert award.history.first().history_user == publisher
    client.logout()
    page = roll(client)
    assert "Người Ở Lại" in page and "Trường Tiểu học Đồng Rui" not in page


def test_an_editor_cannot_revoke(client, editor, publisher, draft):
    workflow.publish_decision(draft, by=publisher)
    client.force_login(editor)

    url = reverse("admin:awards_commendation_revoke", args=[draft.awards.get().pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"revoked_on": "2025-03-01", "reason": "x"}).status_code == 403


def test_revoking_is_refused_for_a_draft_twice_or_without_a_reason(publisher, draft):
    award = draft.awards.get()
    with pytest.raises(ValidationError, match="Only a published award"):
        workflow.revoke_award(award, datetime.date(2025, 3, 1), "Sai", None, by=publisher)
    workflow.publish_decision(draft, by=publisher)
    with pytest.raises(ValidationError, match="Write the reason"):
        workflow.revoke_award(award, datetime.date(2025, 3, 1), " ", None, by=publisher)
    workflow.revoke_award(award, datetime.date(2025, 3, 1), "Sai", None, by=publisher)
    with pytest.raises(ValidationError, match="already revoked"):
        workflow.revoke_award(award, datetime.date(2025, 3, 2), "Sai", None, by=publisher)


def test_an_empty_or_published_decision_cannot_be_published(publisher):
    empty = make_decision()
    with pytest.raises(ValidationError, match="confers no award"):
        workflow.publish_decision(empty, by=publisher)
    published = make_decision(status=Decision.Status.PUBLISHED)
    with pytest.raises(ValidationError, match="already published"):
        workflow.publish_decision(published, by=publisher)


def test_the_history_shows_who_changed_what(client, editor, publisher, draft):
    client.force_login(editor)
    change_url = reverse("admin:awards_decision_change", args=[draft.pk])
    form = client.get(change_url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "document"}
    data.update(
        subject="Về việc khen thưởng (sửa)",
        **{"awards-TOTAL_FORMS": "0", "awards-INITIAL_FORMS": "0"},
    )
    assert client.post(change_url, data).status_code == 302
    workflow.publish_decision(draft, by=publisher)
    client.force_login(publisher)

    page = client.get(reverse("admin:awards_decision_history", args=[draft.pk]))

    text = page.content.decode()
    assert "bien-tap" in text and "phe-duyet" in text


def test_entering_an_award_in_the_admin_checks_the_rules_and_warns_with_the_evidence(client):
    from tests.awards.test_admin_entry import decision_form, with_awards
    from tests.makers import title

    person = make_person()
    client.force_login(make_member("bien-tap", "editor"))

    response = client.post(
        reverse("admin:awards_decision_add"),
        with_awards(
            decision_form(number="23/QĐ-UBND", **DISTRICT),
            {"title": title("chien-si-thi-dua-co-so").pk, "person": person.pk},
        ),
        follow=True,
    )

    assert "Advanced Worker missing for 2024" in response.content.decode()
    award = Decision.objects.get(number="23/QĐ-UBND").awards.get()
    assert award.needs_justification


def test_the_revoke_page_opens_for_a_published_award(client, publisher, draft):
    workflow.publish_decision(draft, by=publisher)
    award = draft.awards.get()
    client.force_login(publisher)

    change = client.get(reverse("admin:awards_commendation_change", args=[award.pk]))
    revoke = client.get(reverse("admin:awards_commendation_revoke", args=[award.pk]))

    assert reverse("admin:awards_commendation_revoke", args=[award.pk]) in change.content.decode()
    assert revoke.status_code == 200
    assert "Revoking decision" in revoke.content.decode()


def failing_award(number: str) -> Commendation:
    """An award of a draft whose eligibility rule fails: it needs a justification."""
    award = make_award(
        make_person(), "chien-si-thi-dua-co-so", decision=make_decision(number=number, **DISTRICT)
    )
    workflow.check_eligibility([award])
    return award


def post_change(client, award: Commendation, **changes):
    change_url = reverse("admin:awards_commendation_change", args=[award.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(changes)
    return client.post(change_url, data)


def test_a_publisher_withdraws_a_justification_and_the_decision_waits_for_one_again(
    client, publisher
):
    award = failing_award("24/QĐ-UBND")
    workflow.justify_award(award, "Hồ sơ năm 2024 bị thất lạc.", by=publisher)
    client.force_login(publisher)

    response = post_change(client, award, eligibility_justification="")

    assert response.status_code == 302
    award.refresh_from_db()
    assert award.eligibility_justification == ""
    assert (award.eligibility_overridden_by, award.eligibility_overridden_at) == (None, None)
    assert award.needs_justification
    assert award.history.first().history_user == publisher
    client.post(publish_url(award.decision))
    award.decision.refresh_from_db()
    assert award.decision.status == Decision.Status.DRAFT


def test_justifying_and_withdrawing_in_the_admin_are_one_step_of_the_history_each(
    client, publisher
):
    award = failing_award("25/QĐ-UBND")
    client.force_login(publisher)
    before = award.history.count()

    post_change(client, award, eligibility_justification="Đã xác minh.")
    justified = award.history.first()
    post_change(client, award, eligibility_justification="")
    withdrawn = award.history.first()

    assert award.history.count() == before + 2
    assert (justified.eligibility_justification, justified.eligibility_overridden_by) == (
        "Đã xác minh.",
        publisher,
    )
    assert (withdrawn.eligibility_justification, withdrawn.eligibility_overridden_by) == ("", None)
    assert {justified.history_user, withdrawn.history_user} == {publisher}


def test_a_justification_given_with_other_changes_is_a_step_of_its_own(client, publisher):
    award = failing_award("26/QĐ-UBND")
    client.force_login(publisher)
    before = award.history.count()

    post_change(
        client, award, citation="Hoàn thành xuất sắc", eligibility_justification="Đã xác minh."
    )

    justified, edited = award.history.all()[:2]
    assert award.history.count() == before + 2
    assert (edited.citation, edited.eligibility_justification) == ("Hoàn thành xuất sắc", "")
    assert (justified.citation, justified.eligibility_overridden_by) == (
        "Hoàn thành xuất sắc",
        publisher,
    )


def test_a_published_awards_justification_cannot_be_withdrawn(publisher):
    award = failing_award("27/QĐ-UBND")
    workflow.justify_award(award, "Đã xác minh.", by=publisher)
    workflow.publish_decision(award.decision, by=publisher)

    with pytest.raises(ValidationError, match="stays on record"):
        workflow.withdraw_justification(award, by=publisher)

    award.refresh_from_db()
    assert (award.eligibility_justification, award.eligibility_overridden_by) == (
        "Đã xác minh.",
        publisher,
    )
