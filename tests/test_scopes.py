"""Staff limited to one commune see and change only its records, on every path of the admin.

Two communes with a record of every kind each; an editor limited to the first walks every
admin URL over the second's records and finds nothing of them: a 403, a 404, a redirect to the
admin's index, or a page without them.
"""

import io
import json

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    AnnexImport,
    ClusterMembership,
    Commendation,
    Decision,
    EmulationCluster,
    EmulationMovement,
    EmulationTitle,
    Pact,
    PactSignatory,
    PactTarget,
    ReportingOffice,
    RuralStandardRecognition,
)
from reports.models import EmulationBody, EmulationOfficer, ExportJob, StatisticalRegime
from reports.official import OFFICIAL_FORMS
from tests.awards.test_admin_entry import form_data
from tests.makers import (
    make_award,
    make_commune,
    make_decision,
    make_household,
    make_member,
    make_person,
    make_unit,
    title,
)
from units.models import SCOPE_PATHS, Commune, Household, Person, StaffScope, Unit

pytestmark = pytest.mark.django_db

# Records every member of staff reads, whatever their scope: the map, the catalogue, the
# movements launched for all.
SHARED = {Commune, EmulationTitle, EmulationMovement}


class Place:
    """A commune with one record of every kind, and its names to look for on pages."""

    def __init__(self, name: str, shared_draft: Decision, cluster: EmulationCluster) -> None:
        self.commune = make_commune(name)
        self.unit = make_unit(f"Trường Tiểu học {name}", commune=self.commune)
        self.sub_unit = make_unit(f"Tổ chuyên môn {name}", parent=self.unit, commune=self.commune)
        self.person = make_person(f"Nguyễn Văn {name}", unit=self.unit)
        self.household = make_household(f"Hoàng Văn {name}", commune=self.commune)
        # The commune chair's: he confers what its editor enters (Law 06/2022 Art. 80 khoản 3).
        commune_chair = {"issuer_name": f"Ủy ban nhân dân xã {name}", "issuer_level": "grassroots"}
        self.published = make_decision(number=f"1/QĐ-{name}", status="published", **commune_chair)
        self.draft = make_decision(number=f"2/QĐ-{name}", **commune_chair)
        self.awards = [
            make_award(self.unit, "tap-the-lao-dong-tien-tien", decision=shared_draft),
            make_award(self.person, "lao-dong-tien-tien", decision=self.published),
            make_award(self.household, "gia-dinh-van-hoa", decision=self.published),
            make_award(self.commune, "co-thi-dua-cua-tinh", decision=self.published),
            make_award(self.sub_unit, "tap-the-lao-dong-tien-tien", decision=self.draft),
        ]
        self.recognition = RuralStandardRecognition.objects.create(
            commune=self.commune, year=2024, standard="advanced"
        )
        self.cluster = EmulationCluster.objects.create(name=f"Cụm {name}")
        self.membership = ClusterMembership.objects.create(
            cluster=self.cluster, unit=self.unit, year=2024
        )
        ClusterMembership.objects.create(cluster=cluster, unit=self.unit, year=2024)
        self.pact = Pact.objects.create(year=2025, title=f"Giao ước {name}")
        PactSignatory.objects.create(pact=self.pact, unit=self.unit)
        PactTarget.objects.create(pact=self.pact, indicator="Thu ngân sách", target_value=14)
        self.names = [self.unit.name, self.sub_unit.name, self.person.full_name]

    def records(self) -> list:
        return [
            self.unit,
            self.sub_unit,
            self.person,
            self.household,
            self.published,
            self.draft,
            *self.awards,
            self.recognition,
            self.cluster,
            self.membership,
            self.pact,
        ]


@pytest.fixture
def places():
    shared_draft = make_decision(number="9/QĐ-UBND")
    shared_cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    ours = Place("Đồng Rui", shared_draft, shared_cluster)
    theirs = Place("Hà Lâu", shared_draft, shared_cluster)
    return ours, theirs, shared_draft


@pytest.fixture
def editor(client, places):
    ours, *_ = places
    user = make_member("bien-tap-dong-rui", "editor", commune=ours.commune)
    client.force_login(user)
    return user


def admin_url(record, view: str = "change") -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk])


def refused(response) -> bool:
    """A 403, a 404, or Django's redirect to the index for a record it cannot find."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


# The reporting office's own records, for its forms.
REPORTS_OWN = (StatisticalRegime, EmulationBody, EmulationOfficer)


def test_every_list_holds_only_the_editors_records(client, places, editor):
    _ours, theirs, _ = places
    foreign = {(type(record), record.pk) for record in theirs.records()}
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        # No business of editors at all: users, groups, who reports (the office's own) and
        # the task queue (the administrator's).
        if model in (User, Group, ReportingOffice, DBTaskResult, *REPORTS_OWN):
            assert response.status_code == 403
            continue
        assert response.status_code == 200, model
        listed = {(model, record.pk) for record in response.context["cl"].result_list}
        if model not in SHARED:
            assert not listed & foreign, model
            assert not any(name in response.text for name in theirs.names), model


def test_every_page_of_another_communes_record_is_refused(client, places, editor):
    _, theirs, _ = places
    for record in theirs.records():
        urls = [admin_url(record, "change"), admin_url(record, "delete")]
        model_admin = admin.site._registry[type(record)]
        urls.append(admin_url(record, "history"))
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = record.history.latest("history_date").history_id
            opts = record._meta
            urls.append(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                    args=[record.pk, version],
                )
            )
        for url in urls:
            assert refused(client.get(url)), url
            assert refused(client.post(url, {"post": "yes"})), url
    assert Commendation.objects.filter(pk__in=[a.pk for a in theirs.awards]).count() == 5


def test_history_pages_of_deleted_records_outside_the_scope_are_refused(client, places, editor):
    _, theirs, _ = places
    person = make_person("Lê Thị Xóa", commune=theirs.commune)
    pk = person.pk
    person.delete()
    url = reverse("admin:units_person_history", args=[pk])
    assert refused(client.get(url))


def test_autocomplete_offers_only_the_editors_records(client, places, editor):
    _ours, theirs, _ = places
    foreign = {Unit: {str(theirs.unit.pk), str(theirs.sub_unit.pk)}}
    foreign[Person] = {str(theirs.person.pk)}
    foreign[Household] = {str(theirs.household.pk)}
    foreign_communes = {str(theirs.commune.pk)}
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.get_autocomplete_fields(None):
            field = model._meta.get_field(field_name)
            response = client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                },
            )
            if response.status_code == 403:
                continue
            ids = {result["id"] for result in json.loads(response.content)["results"]}
            if field.related_model in foreign:
                assert not ids & foreign[field.related_model], (model, field_name)
            chosen_in_scope = model_admin.scope_choices.get(field_name)
            if field.related_model is Commune and chosen_in_scope:
                assert not ids & foreign_communes, (model, field_name)


def test_a_shared_decisions_annex_lists_only_the_editors_awards(client, places, editor):
    ours, theirs, shared = places
    xlsx = client.get(reverse("admin:reports_annex", args=[shared.pk, "xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert ours.unit.name in cells
    assert theirs.unit.name not in cells

    # Laid out in the background, for the requester's scope as it is when the worker runs.
    job_page = client.get(reverse("admin:reports_annex", args=[shared.pk, "pdf"]))["Location"]
    pdf = b"".join(client.get(job_page, {"download": 1}).streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert ours.unit.name in text
    assert theirs.unit.name not in text


def test_the_shared_draft_shows_and_takes_only_the_editors_awards(client, places, editor):
    ours, theirs, shared = places
    response = client.get(admin_url(shared))
    assert response.status_code == 200
    assert ours.unit.name in response.text
    assert theirs.unit.name not in response.text
    # Neither can it be deleted: the confirmation page would list the other commune's awards.
    assert client.get(admin_url(shared, "delete")).status_code == 403


def test_a_draft_with_another_communes_awards_is_not_the_editors_to_publish(client, places):
    ours, _, shared = places
    publisher = make_member("phe-duyet-dong-rui", "publisher", commune=ours.commune)
    client.force_login(publisher)
    url = reverse("admin:awards_decision_publish", args=[shared.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    shared.refresh_from_db()
    assert shared.is_draft


def test_another_members_import_and_export_are_out_of_reach(client, places, editor):
    _, theirs, shared = places
    someone = make_member("bien-tap", "editor")
    imp = AnnexImport.objects.create(
        decision=shared,
        file_name="ha-lau.xlsx",
        uploaded_by=someone,
        headers=["Họ và tên"],
        rows=[[5, "", [theirs.person.full_name]]],
        mapping={"name": 0},
        default_year=2024,
    )
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.SUMMARY_PDF, parameters={"year": 2024}, requested_by=someone
    )
    preview = reverse("admin:awards_decision_import_preview", args=[shared.pk, imp.pk])
    row = reverse("admin:awards_decision_import_row", args=[shared.pk, imp.pk, 0])
    assert client.get(preview).status_code == 404
    assert client.get(row).status_code == 404
    assert client.post(preview, {"confirm": "1"}).status_code == 404
    imports_page = client.get(reverse("admin:awards_decision_import", args=[shared.pk]))
    assert "ha-lau.xlsx" not in imports_page.text
    assert client.get(reverse("admin:reports_export", args=[job.pk])).status_code == 404


def test_the_summary_is_of_the_editors_commune_only(client, places, editor):
    ours, theirs, _ = places
    url = reverse("admin:reports_summary")
    response = client.get(url)
    assert response.context["summary"].scope == str(ours.commune)
    response = client.get(url, {"year": 2024, "commune": theirs.commune.pk})
    assert response.context["summary"] is None
    assert response.context["form"].has_error("commune")
    response = client.get(url, {"year": 2024, "cluster": theirs.cluster.pk})
    assert response.context["summary"].scope == str(ours.commune)  # no cluster for them
    # The background PDF covers the same commune, not the whole registry.
    response = client.get(url, {"year": 2024, "commune": ours.commune.pk, "format": "pdf"})
    job = ExportJob.objects.get()
    assert job.parameters["commune"] == ours.commune.pk
    for code in OFFICIAL_FORMS:  # the reporting office's, over the whole registry
        official = reverse("admin:reports_official_form", args=[code])
        assert client.get(official, {"year": 2024}).status_code == 403


def test_a_unit_editor_has_no_commune_summary(client, places):
    ours, *_ = places
    client.force_login(make_member("bien-tap-truong", "editor", unit=ours.unit))
    assert client.get(reverse("admin:reports_summary")).status_code == 403


def test_another_communes_recognition_cannot_be_changed_or_added(client, places, editor):
    _, theirs, _ = places
    recognition = theirs.recognition
    data = {"commune": theirs.commune.pk, "year": 2023, "standard": "model"}
    assert refused(client.post(admin_url(recognition), data))
    recognition.refresh_from_db()
    assert (recognition.year, recognition.standard) == (2024, "advanced")
    response = client.post(reverse("admin:awards_ruralstandardrecognition_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("commune")
    assert not RuralStandardRecognition.objects.filter(year=2023).exists()


def test_pacts_clusters_and_movements_are_read_not_changed(client, places, editor):
    ours, *_ = places
    for record in [ours.pact, ours.cluster, ours.membership]:
        response = client.get(admin_url(record))
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
    for model in [Pact, EmulationCluster, ClusterMembership, EmulationMovement]:
        opts = model._meta
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert client.get(add).status_code == 403
    response = client.post(admin_url(ours.pact), {"title": "Đổi tên", "year": 2025})
    assert response.status_code == 403
    ours.pact.refresh_from_db()
    assert ours.pact.title == "Giao ước Đồng Rui"


def test_a_record_cannot_be_moved_out_of_the_scope(client, places, editor):
    ours, theirs, _ = places
    person = ours.person
    base = {"full_name": person.full_name, "category": "other", "listed": "on"}
    # To another commune: not a choice.
    response = client.post(admin_url(person), {**base, "commune": theirs.commune.pk})
    assert response.context["adminform"].form.has_error("commune")
    # Out of every commune and unit: refused in words.
    response = client.post(admin_url(person), base)
    assert response.status_code == 200
    assert "outside the records you may edit" in response.text
    person.refresh_from_db()
    assert person.unit == ours.unit


def test_an_awards_commune_follows_its_recipient_for_a_limited_editor(client, places, editor):
    ours, theirs, _ = places
    response = client.post(
        reverse("admin:awards_commendation_add"),
        {
            "decision": ours.draft.pk,
            "title": title("giay-khen-chu-tich-xa").pk,
            "year": 2024,
            "method": "regular",
            "unit": ours.unit.pk,
            "locality": theirs.commune.pk,  # not a field for them: ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    award = Commendation.objects.get(title__slug="giay-khen-chu-tich-xa")
    assert award.locality == ours.commune


def test_each_scope_reads_the_same_in_python_as_in_the_database(places):
    """StaffScope.holds() (forms) and StaffScope.condition() (querysets) never disagree."""
    ours, theirs, _ = places
    querysets = {
        "units": Unit.objects.all(),
        "people": Person.objects.all(),
        "households": Household.objects.all(),
        "communes": Commune.objects.all(),
        "places": Commune.objects.all(),
        "awards": Commendation.objects.all(),
        "recognitions": RuralStandardRecognition.objects.all(),
    }
    assert set(querysets) == set(SCOPE_PATHS)
    user = make_member("somebody", "editor")
    for scope in [
        StaffScope(user=user, commune=ours.commune),
        StaffScope(user=user, unit=ours.unit),
        StaffScope(user=user, unit=theirs.sub_unit),
    ]:
        for records, queryset in querysets.items():
            within = set(queryset.filter(scope.condition(records)).values_list("pk", flat=True))
            assert within == {r.pk for r in queryset if scope.holds(records, r)}, records
            assert within != {r.pk for r in queryset} or records == "places"


def test_an_award_entered_inline_must_land_within_the_scope(client, places, editor):
    """A person of the commune's school registered in another commune: the award would go there."""
    ours, theirs, _ = places
    commuter = make_person("Trần Văn Đi", unit=ours.unit, commune=theirs.commune)
    url = reverse("admin:awards_decision_change", args=[ours.draft.pk])
    page = client.get(url)
    data = form_data(page)
    data["awards-TOTAL_FORMS"] = str(int(data["awards-TOTAL_FORMS"]) + 1)
    new = int(data["awards-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"awards-{new}-title": title("lao-dong-tien-tien").pk,
            f"awards-{new}-year": "2024",
            f"awards-{new}-method": "regular",
            f"awards-{new}-person": commuter.pk,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "outside the records you may edit" in response.text
    assert not Commendation.objects.filter(person=commuter).exists()


def test_a_delete_page_does_not_name_another_communes_records(client, places, editor):
    """Deleting our person is refused by their award in the other commune's draft."""
    ours, theirs, _ = places
    commuter = make_person("Trần Văn Đi", unit=ours.unit, commune=theirs.commune)
    make_award(commuter, "lao-dong-tien-tien", decision=theirs.draft)
    response = client.get(admin_url(commuter, "delete"))
    assert response.status_code == 200
    assert "Records kept in the registry, such as awards, refer to it." in response.text
    assert "Lao động tiên tiến 2024" not in response.text


def test_the_cluster_filter_names_only_the_editors_clusters(client, places, editor):
    _, theirs, _ = places
    for model in ("clustermembership", "pact"):
        response = client.get(reverse(f"admin:awards_{model}_changelist"))
        assert theirs.cluster.name not in response.text, model
