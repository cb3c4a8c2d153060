"""Each group of staff does its part and no more; an editor can be limited to one commune."""

import pytest
from django.urls import reverse

from awards import imports
from awards.models import AnnexImport, Decision
from tests.awards.test_admin_entry import decision_form, with_awards
from tests.makers import (
    annex_xlsx,
    make_award,
    make_commune,
    make_decision,
    make_member,
    make_unit,
    title,
    upload,
)
from units.models import StaffScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes():
    dong_rui, ha_lau = make_commune("Đồng Rui"), make_commune("Hà Lâu")
    ours = make_unit("Trường Tiểu học Đồng Rui", commune=dong_rui)
    theirs = make_unit("Trường Tiểu học Hà Lâu", commune=ha_lau)
    decision = make_decision(number="40/QĐ-UBND")
    make_award(ours, "tap-the-lao-dong-tien-tien", decision=decision)
    make_award(theirs, "tap-the-lao-dong-tien-tien", decision=decision)
    return dong_rui, ours, theirs, decision


def test_a_viewer_reads_everything_and_changes_nothing(client, two_communes):
    *_, decision = two_communes
    client.force_login(make_member("xem", "viewer"))

    assert client.get(reverse("admin:awards_commendation_changelist")).status_code == 200
    change = client.get(reverse("admin:awards_decision_change", args=[decision.pk]))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert client.get(reverse("admin:awards_decision_add")).status_code == 403
    assert (
        client.get(reverse("admin:awards_decision_import", args=[decision.pk])).status_code == 403
    )
    assert (
        client.post(reverse("admin:awards_decision_publish", args=[decision.pk])).status_code == 403
    )


def test_an_editor_enters_a_draft_decision_with_awards(client, two_communes):
    _, ours, *_ = two_communes
    client.force_login(make_member("bien-tap", "editor"))

    response = client.post(
        reverse("admin:awards_decision_add"),
        with_awards(
            decision_form(number="41/QĐ-UBND"),
            {"title": title("giay-khen-chu-tich-xa").pk, "unit": ours.pk},
        ),
    )

    assert response.status_code == 302
    decision = Decision.objects.get(number="41/QĐ-UBND")
    assert decision.status == Decision.Status.DRAFT
    assert decision.awards.get().unit == ours


def test_an_editor_limited_to_a_commune_sees_only_its_records(client, two_communes):
    dong_rui, ours, theirs, _ = two_communes
    make_decision(number="42/QĐ-UBND")  # someone else's empty draft
    client.force_login(make_member("bien-tap-dong-rui", "editor", commune=dong_rui))

    awards = client.get(reverse("admin:awards_commendation_changelist")).context["cl"]
    units = client.get(reverse("admin:units_unit_changelist")).context["cl"]
    decisions = client.get(reverse("admin:awards_decision_changelist")).context["cl"]

    assert [award.unit for award in awards.result_list] == [ours]
    assert list(units.result_list) == [ours]
    assert [decision.number for decision in decisions.result_list] == ["40/QĐ-UBND"]
    other = theirs.awards.get()
    assert (
        client.get(reverse("admin:awards_commendation_change", args=[other.pk])).status_code == 302
    )


def test_an_editor_limited_to_a_commune_cannot_award_outside_it(client, two_communes):
    dong_rui, ours, theirs, _ = two_communes
    client.force_login(make_member("bien-tap-dong-rui", "editor", commune=dong_rui))
    merit = title("giay-khen-chu-tich-xa").pk

    refused = client.post(
        reverse("admin:awards_decision_add"),
        with_awards(decision_form(number="43/QĐ-UBND"), {"title": merit, "unit": theirs.pk}),
    )
    accepted = client.post(
        reverse("admin:awards_decision_add"),
        with_awards(decision_form(number="44/QĐ-UBND"), {"title": merit, "unit": ours.pk}),
    )

    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert accepted.status_code == 302
    # The decision they started stays theirs to see, whatever its awards.
    decisions = client.get(reverse("admin:awards_decision_changelist")).context["cl"]
    assert "44/QĐ-UBND" in [decision.number for decision in decisions.result_list]


def test_an_import_by_an_editor_limited_to_a_commune_refuses_rows_outside_it(client, two_communes):
    dong_rui, *_ = two_communes
    editor = make_member("bien-tap-dong-rui", "editor", commune=dong_rui)
    client.force_login(editor)
    client.post(reverse("admin:awards_decision_add"), decision_form(number="45/QĐ-UBND"))
    draft = Decision.objects.get(number="45/QĐ-UBND")
    rows = [
        ["Trường Tiểu học Đồng Rui", "Tập thể", "", "", "", "Giấy khen của Chủ tịch Ủy ban "
         "nhân dân cấp xã", 2024, "", ""],
        ["Trường Tiểu học Hà Lâu", "Tập thể", "", "", "Hà Lâu", "Giấy khen của Chủ tịch Ủy ban "
         "nhân dân cấp xã", 2024, "", ""],
    ]  # fmt: skip

    client.post(
        reverse("admin:awards_decision_import", args=[draft.pk]),
        {"file": upload("annex.xlsx", annex_xlsx(rows)), "default_year": "2024"},
    )
    report = imports.check(AnnexImport.objects.get(), StaffScope.objects.get(user=editor))

    assert [row.errors for row in report.rows] == [
        [],
        ["This recipient is outside the records you may edit (Xã Đồng Rui)."],
    ]
