"""Each group of staff does its part and no more; an editor can be limited to one commune."""

import pytest
from django.core.files.base import ContentFile
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
    make_person,
    make_unit,
    title,
    upload,
)
from units.models import StaffScope, Unit


def commune_form(**fields) -> dict:
    """The admin form of a decision of the commune's chair: what a commune's editor enters
    (the Giấy khen of the commune chair is his to confer, Law 06/2022 Art. 80 khoản 3)."""
    fields.setdefault("issuer_name", "Ủy ban nhân dân xã Đồng Rui")
    fields.setdefault("issuer_level", "grassroots")
    return decision_form(**fields)


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
            commune_form(number="41/QĐ-UBND"),
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
        with_awards(commune_form(number="43/QĐ-UBND"), {"title": merit, "unit": theirs.pk}),
    )
    accepted = client.post(
        reverse("admin:awards_decision_add"),
        with_awards(commune_form(number="44/QĐ-UBND"), {"title": merit, "unit": ours.pk}),
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
    client.post(reverse("admin:awards_decision_add"), commune_form(number="45/QĐ-UBND"))
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


def test_an_import_row_naming_a_unit_outside_the_scope_is_an_error_not_a_duplicate(
    client, two_communes
):
    dong_rui, _ours, theirs, _ = two_communes
    editor = make_member("bien-tap-dong-rui", "editor", commune=dong_rui)
    client.force_login(editor)
    client.post(reverse("admin:awards_decision_add"), commune_form(number="46/QĐ-UBND"))
    draft = Decision.objects.get(number="46/QĐ-UBND")
    person = make_person("Lý Thị Mai", unit=theirs)
    merit = "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã"
    rows = [
        # No commune column: read as Đồng Rui's, where neither is recorded.
        [theirs.name, "Tập thể", "", "", "", merit, 2024, "", ""],
        [person.full_name, "Cá nhân", "", "", "", merit, 2024, "", ""],
        ["Trường Mầm non Đồng Rui", "Tập thể", "", "", "", merit, 2024, "", ""],
    ]
    client.post(
        reverse("admin:awards_decision_import", args=[draft.pk]),
        {"file": upload("annex.xlsx", annex_xlsx(rows)), "default_year": "2024"},
    )
    imp = AnnexImport.objects.get()
    preview = client.get(reverse("admin:awards_decision_import_preview", args=[draft.pk, imp.pk]))
    rows = preview.context["report"]["rows"]

    assert [row["status"] for row in rows] == ["error", "error", "new"]
    assert rows[0]["errors"] == [
        "“Trường Tiểu học Hà Lâu” is already in the registry (Trường Tiểu học Hà Lâu, Xã Hà "
        "Lâu), outside the records you may edit (Xã Đồng Rui): it is not added a second time. "
        "Leave the row out, or ask whoever keeps that record."
    ]
    assert "Lý Thị Mai, Trường Tiểu học Hà Lâu" in rows[1]["errors"][0]
    assert rows[2]["commune"] == str(dong_rui)  # the new unit, in the editor's commune
    assert Unit.objects.filter(name=theirs.name).count() == 1


# Publishing only by publishers: an award joins or leaves a draft, never a published decision.


def award_form(decision: Decision, unit, **fields) -> dict:
    return {
        "decision": decision.pk,
        "title": title("giay-khen-chu-tich-xa").pk,
        "year": 2024,
        "method": "regular",
        "unit": unit.pk,
        **fields,
    }


def test_an_editor_cannot_add_an_award_to_a_published_decision(client, two_communes):
    _, ours, _, _ = two_communes
    published = make_decision(number="47/QĐ-UBND", status="published")
    client.force_login(make_member("bien-tap", "editor"))

    response = client.post(reverse("admin:awards_commendation_add"), award_form(published, ours))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["decision"] == [
        "Choose a draft decision: a published decision's awards are not changed here."
    ]
    assert not published.awards.exists()


def test_an_editor_cannot_move_a_draft_award_into_a_published_decision(client, two_communes):
    _, ours, _, draft = two_communes
    published = make_decision(number="48/QĐ-UBND", status="published")
    award = draft.awards.get(unit=ours)
    client.force_login(make_member("bien-tap", "editor"))

    url = reverse("admin:awards_commendation_change", args=[award.pk])
    response = client.post(url, award_form(published, ours, title=award.title_id))

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("decision")
    award.refresh_from_db()
    assert award.decision == draft
    assert not award.is_public


def test_a_published_award_cannot_be_moved_out_of_its_decision(client, two_communes):
    _, ours, _, _ = two_communes
    published = make_decision(number="49/QĐ-UBND", status="published")
    award = make_award(ours, "giay-khen-chu-tich-xa", decision=published)
    other_draft = make_decision(number="50/QĐ-UBND")
    client.force_login(make_member("bien-tap", "editor"))

    url = reverse("admin:awards_commendation_change", args=[award.pk])
    response = client.post(url, award_form(other_draft, ours))

    assert response.status_code == 403
    award.refresh_from_db()
    assert award.decision == published


def test_the_history_page_of_a_record_saves_nothing(client, two_communes):
    """simple-history's version page saves a POST even with revert disabled: not here."""
    _, ours, _, _ = two_communes
    published = make_decision(number="51/QĐ-UBND", status="published")
    award = make_award(ours, "giay-khen-chu-tich-xa", decision=published, citation="Đúng")
    client.force_login(make_member("xem", "viewer"))
    version = award.history.latest().history_id
    url = reverse("admin:awards_commendation_simple_history", args=[award.pk, version])

    assert client.get(url).status_code == 200
    response = client.post(url, award_form(published, ours, citation="Sửa lén"))

    assert response.status_code == 403
    award.refresh_from_db()
    assert award.citation == "Đúng"


# Scans of decisions


def test_a_decisions_scan_is_served_to_staff_who_may_see_the_decision_only(
    client, two_communes, settings
):
    dong_rui, _, theirs, shared = two_communes
    other = make_decision(number="52/QĐ-UBND")
    make_award(theirs, "giay-khen-chu-tich-xa", decision=other)
    for decision in (shared, other):
        decision.document.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    url = shared.document.url

    assert url.startswith("/en/admin/awards/decision/document/")
    assert client.get(url).status_code == 302  # to the login page: not public
    assert client.get(f"/{settings.MEDIA_URL}{shared.document.name}").status_code == 404

    client.force_login(make_member("xem", "viewer"))
    response = client.get(url)
    assert response.status_code == 200
    # Read to the end, which closes the file (response.close() would close the test's
    # database connection too, on PostgreSQL).
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    assert response["Content-Disposition"].startswith("attachment")

    client.force_login(make_member("bien-tap-dong-rui", "editor", commune=dong_rui))
    response = client.get(url)
    assert response.status_code == 200  # the shared draft holds their award
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    assert client.get(other.document.url).status_code == 404


def test_a_scan_must_be_a_pdf_or_an_image(client, two_communes):
    client.force_login(make_member("bien-tap", "editor"))
    data = commune_form(number="53/QĐ-UBND")
    data["document"] = upload("quyet-dinh.html", b"<script>alert(1)</script>")
    response = client.post(reverse("admin:awards_decision_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("document")
    assert not Decision.objects.filter(number="53/QĐ-UBND").exists()


def test_an_import_row_whose_award_would_land_in_another_commune_is_an_error(client, two_communes):
    """Someone of the commune's school registered in another commune: the award would go there."""
    dong_rui, ours, theirs, _ = two_communes
    editor = make_member("bien-tap-dong-rui", "editor", commune=dong_rui)
    client.force_login(editor)
    client.post(reverse("admin:awards_decision_add"), commune_form(number="54/QĐ-UBND"))
    draft = Decision.objects.get(number="54/QĐ-UBND")
    make_person("Trần Văn Đi", unit=ours, commune=theirs.commune)
    merit = "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã"
    rows = [
        ["Trần Văn Đi", "Cá nhân", "", ours.name, "", merit, 2024, "", ""],
        ["Lê Văn Mới", "Cá nhân", "", ours.name, "Hà Lâu", merit, 2024, "", ""],
    ]
    client.post(
        reverse("admin:awards_decision_import", args=[draft.pk]),
        {"file": upload("annex.xlsx", annex_xlsx(rows)), "default_year": "2024"},
    )
    report = imports.check(AnnexImport.objects.get(), StaffScope.objects.get(user=editor))

    assert [row.errors for row in report.rows] == [
        ["This recipient is outside the records you may edit (Xã Đồng Rui)."]
    ] * 2


def test_editors_record_a_split_units_successors_and_limited_ones_read_them(client):
    from tests.makers import make_commune, make_member, make_unit
    from units.models import UnitSuccessor

    commune = make_commune()
    old = make_unit("Ủy ban nhân dân huyện Tiên Yên", commune=commune)
    UnitSuccessor.objects.create(
        predecessor=old, successor=make_unit("Ủy ban nhân dân xã Tiên Yên")
    )
    url = reverse("admin:units_unit_change", args=[old.pk])

    client.force_login(make_member("editor", "editor"))
    [inline] = client.get(url).context["inline_admin_formsets"]
    assert inline.has_add_permission and inline.has_change_permission

    client.force_login(make_member("limited", "editor", commune=commune))
    [inline] = client.get(url).context["inline_admin_formsets"]
    assert inline.has_view_permission and not inline.has_change_permission
    assert not inline.has_add_permission
