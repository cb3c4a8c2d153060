"""Today's law, and the law of each earlier day: the catalogue's periods, who may confer what
and when, the reward money (awards/law/*.toml, loaded by the migrations)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import imports
from awards.models import Authority, Decision, EmulationTitle, RewardMoney
from tests.makers import annex_xlsx, make_decision, make_person, title, upload

pytestmark = pytest.mark.django_db

date = datetime.date
DISTRICT = {"issuer_name": "Ủy ban nhân dân huyện Tiên Yên", "issuer_level": "district"}
COMMUNE = {"issuer_name": "Ủy ban nhân dân xã Tiên Yên", "issuer_level": "grassroots"}
PROVINCE = {"issuer_name": "Ủy ban nhân dân tỉnh Quảng Ninh", "issuer_level": "province"}


def refusal(decision, slug: str) -> str | None:
    return decision.refusals([title(slug)]).get(title(slug).pk)


# The catalogue -------------------------------------------------------------------------------


def test_every_entry_has_its_three_names_and_the_article_it_rests_on():
    for entry in EmulationTitle.objects.all():
        assert entry.name and entry.name_en and entry.name_es, entry.slug
        assert "Điều" in entry.legal_basis, entry.slug


def test_every_order_has_its_classes_and_the_armed_forces_have_their_titles():
    slugs = set(EmulationTitle.objects.values_list("slug", flat=True))
    for order in ("doc-lap", "quan-cong", "lao-dong", "bao-ve-to-quoc", "chien-cong"):
        for grade in ("nhat", "nhi", "ba"):
            assert f"huan-chuong-{order}-hang-{grade}" in slugs
    armed = EmulationTitle.objects.filter(armed_forces=True).values_list("slug", flat=True)
    assert {"chien-si-tien-tien", "don-vi-quyet-thang", "don-vi-tien-tien"} <= set(armed)


def test_the_district_chairs_certificate_ends_with_the_district_level():
    certificate = title("giay-khen-chu-tich-huyen")

    assert certificate.valid_until == date(2025, 6, 30)
    assert certificate.in_force_on(date(2025, 6, 30))
    assert not certificate.in_force_on(date(2025, 7, 1))


def test_the_model_commune_title_is_renamed_on_1_july_2025_and_old_awards_keep_their_name():
    old, new = title("xa-phuong-thi-tran-tieu-bieu"), title("xa-phuong-dac-khu-tieu-bieu")

    assert (old.valid_until, old.successor) == (date(2025, 6, 30), new)
    assert (new.name, new.valid_from) == ("Xã, phường, đặc khu tiêu biểu", date(2025, 7, 1))
    assert list(EmulationTitle.objects.in_force_on(date(2025, 7, 1)).filter(pk=old.pk)) == []
    # Refused after its end, the message naming its successor.
    after = make_decision(signed_on=date(2025, 9, 1), **PROVINCE)
    assert refusal(after, "xa-phuong-thi-tran-tieu-bieu") == (
        "“Xã, phường, thị trấn tiêu biểu” could not be conferred on 01/09/2025: it ended on "
        "30/06/2025. It was replaced by “Xã, phường, đặc khu tiêu biểu”."
    )
    assert refusal(after, "xa-phuong-dac-khu-tieu-bieu") is None


# Who may confer what, and when -------------------------------------------------------------


def test_a_district_decision_after_the_district_level_ended_is_refused_with_the_reason():
    decision = make_decision(signed_on=date(2025, 9, 1), **DISTRICT)

    assert refusal(decision, "lao-dong-tien-tien").startswith(
        "Chủ tịch Ủy ban nhân dân cấp huyện confers nothing on 01/09/2025: it existed until "
        "30/06/2025"
    )
    assert refusal(decision, "giay-khen-chu-tich-huyen").endswith("it ended on 30/06/2025.")


def test_the_district_chair_conferred_the_grassroots_titles_until_30_june_2025():
    for day in (date(2022, 12, 26), date(2024, 12, 26), date(2025, 6, 30)):
        decision = make_decision(signed_on=day, **DISTRICT)
        for slug in ("lao-dong-tien-tien", "chien-si-thi-dua-co-so", "thon-to-dan-pho-van-hoa"):
            assert refusal(decision, slug) is None, (day, slug)


def test_a_commune_chair_conferring_cultural_villages_in_2023_is_refused_citing_the_article():
    chair = Authority.objects.get(code="commune_chair")
    in_2023 = make_decision(signed_on=date(2023, 12, 15), authority=chair, **COMMUNE)
    since_july_2025 = make_decision(signed_on=date(2025, 8, 20), authority=chair, **COMMUNE)

    message = refusal(in_2023, "thon-to-dan-pho-van-hoa")

    assert message.startswith(
        "On 15/12/2023 “Thôn, tổ dân phố văn hóa” is conferred by Chủ tịch Ủy ban nhân dân cấp "
        "huyện (Luật Thi đua, khen thưởng số 15/2003/QH11"
    )
    assert message.endswith("not by Chủ tịch Ủy ban nhân dân cấp xã.")
    assert refusal(since_july_2025, "thon-to-dan-pho-van-hoa") is None  # Decree 129/2025


def test_orders_are_the_presidents_to_confer_not_a_provinces():
    province = make_decision(signed_on=date(2024, 8, 1), **PROVINCE)
    president = make_decision(
        signed_on=date(2024, 8, 1), issuer_name="Chủ tịch nước", issuer_level="state",
        authority=Authority.objects.get(code="president"),
    )  # fmt: skip

    assert "Chủ tịch nước (Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 77)" in refusal(
        province, "huan-chuong-lao-dong-hang-ba"
    )
    assert refusal(president, "huan-chuong-lao-dong-hang-ba") is None


def test_an_offices_own_form_without_powers_in_the_law_data_is_not_refused():
    own = EmulationTitle.objects.create(
        name="Giấy khen của Giám đốc Công ty Than Hạ Long", name_en="Coal company's certificate",
        slug="giay-khen-than-ha-long", kind="certificate_of_commendation", level="grassroots",
        for_individuals=True, rank=990, legal_basis="Quy chế thi đua, Điều 5",
    )  # fmt: skip

    assert make_decision(signed_on=date(2025, 8, 1), **PROVINCE).refusals([own]) == {}


def test_one_decisions_awards_ask_the_law_once(django_assert_max_num_queries):
    decision = make_decision(signed_on=date(2024, 12, 26), **DISTRICT)
    workers, villages = title("lao-dong-tien-tien"), title("thon-to-dan-pho-van-hoa")
    # The powers' links, the powers, and whether the issuer's level has an authority that day.
    with django_assert_max_num_queries(4):
        decision.refusals([workers, villages])

    with django_assert_max_num_queries(0):
        assert decision.refusals([workers]) == decision.refusals([villages]) == {}


def test_the_admin_refuses_an_award_its_decision_may_not_confer(staff_client):
    from tests.awards.test_admin_entry import decision_form, errors_of, with_awards

    data = with_awards(
        decision_form(signed_on="2025-09-01", **DISTRICT),
        {"title": title("lao-dong-tien-tien").pk, "person": make_person().pk},
    )

    response = staff_client.post(reverse("admin:awards_decision_add"), data)

    assert response.status_code == 200
    assert "confers nothing on 01/09/2025: it existed until 30/06/2025" in errors_of(response)


def test_a_decision_form_with_a_level_of_its_own_gets_messages_not_a_server_error(staff_client):
    from tests.awards.test_admin_entry import decision_form, with_awards

    award = {"title": title("lao-dong-tien-tien").pk, "person": make_person().pk}
    data = with_awards(decision_form(issuer_level="huyện"), award)

    response = staff_client.post(reverse("admin:awards_decision_add"), data)

    assert response.status_code == 200
    assert "Select a valid choice. huyện is not one of the available choices." in (
        response.content.decode()
    )


def test_an_import_row_its_decision_may_not_confer_is_in_error_with_the_article():
    decision = make_decision(signed_on=date(2023, 12, 15), **COMMUNE)
    rows = [["Thôn Khe Tiền", "Tập thể", "", "", "", "Thôn, tổ dân phố văn hóa", 2023, "", ""]]
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(rows)), decision, 2023, None)

    (row,) = imports.check(imp).rows

    assert any("“Thôn, tổ dân phố văn hóa” is conferred by" in error for error in row.errors)


# Reward money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "slug", "kind", "amount"),
    [
        # Decree 91/2017 (0.3), base 1,490,000: 447,000 rounded up to 450,000.
        (date(2023, 3, 1), "lao-dong-tien-tien", "individuals", 450_000),
        # Decree 98/2023 from 1 January 2024, base 1,800,000 until 30 June 2024.
        (date(2024, 3, 1), "lao-dong-tien-tien", "individuals", 540_000),
        # Base 2,340,000 from 1 July 2024: 702,000, rounded up.
        (date(2024, 8, 1), "lao-dong-tien-tien", "individuals", 710_000),
        (date(2024, 8, 1), "chien-si-thi-dua-co-so", "individuals", 2_340_000),
        (date(2024, 8, 1), "bang-khen-chu-tich-tinh", "individuals", 3_510_000),
        # The commune chair's certificate: 0.15 under Decree 98/2023, 0.3 under 152/2025.
        (date(2024, 8, 1), "giay-khen-chu-tich-xa", "individuals", 360_000),
        (date(2025, 8, 1), "giay-khen-chu-tich-xa", "individuals", 710_000),
        (date(2025, 8, 1), "giay-khen-chu-tich-xa", "collectives", 1_410_000),
        # No rate for a Cultural Family in the decrees read.
        (date(2025, 8, 1), "gia-dinh-van-hoa", "households", None),
    ],
)
def test_the_money_of_an_award_is_the_rate_times_the_base_salary_of_the_day(
    day, slug, kind, amount
):
    assert RewardMoney.on(day).amount(title(slug).pk, kind) == amount


def test_the_rate_is_explained_with_its_article():
    money = RewardMoney.on(date(2024, 8, 1))

    assert money.explain(title("lao-dong-tien-tien").pk, "individuals") == (
        "0.3 × 2,340,000 đ = 710,000 đ (Nghị định số 98/2023/NĐ-CP, Điều 54 khoản 1 điểm d)"
    )


def test_an_import_proposes_the_rates_amount_and_says_when_a_typed_one_differs():
    decision = make_decision(signed_on=date(2024, 12, 26), **DISTRICT)
    rows = [
        ["Người Một", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""],
        ["Người Hai", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", "500.000"],
    ]
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(rows)), decision, 2024, None)

    empty, typed = imports.check(imp).rows

    assert (empty.amount, empty.amount_rate) == (
        710_000,
        "0.3 × 2,340,000 đ = 710,000 đ (Nghị định số 98/2023/NĐ-CP, Điều 54 khoản 1 điểm d)",
    )
    assert (typed.amount, typed.amount_rate) == (500_000, "")
    assert typed.notes == [
        "The amount 500,000 đ differs from the rate: 0.3 × 2,340,000 đ = 710,000 đ (Nghị định "
        "số 98/2023/NĐ-CP, Điều 54 khoản 1 điểm d)."
    ]


def test_an_award_entered_without_an_amount_gets_the_rates_and_a_typed_one_is_said(staff_client):
    from tests.awards.test_admin_entry import decision_form, errors_of, with_awards

    data = with_awards(
        decision_form(number="77/QĐ-UBND", signed_on="2024-12-26", **DISTRICT),
        {"title": title("lao-dong-tien-tien").pk, "person": make_person("Người Một").pk},
        {
            "title": title("lao-dong-tien-tien").pk,
            "person": make_person("Người Hai").pk,
            "amount": "500000",
        },
    )

    response = staff_client.post(reverse("admin:awards_decision_add"), data, follow=True)

    assert response.status_code == 200, errors_of(response)
    amounts = dict(
        Decision.objects.get(number="77/QĐ-UBND").awards.values_list("recipient_name", "amount")
    )
    assert amounts == {"Người Một": 710_000, "Người Hai": 500_000}
    said = [str(message) for message in response.context["messages"]]
    assert "Người Hai: the amount 500,000 đ differs from the rate: 0.3 × 2,340,000 đ" in (
        " ".join(said)
    )
    assert not any("Người Một" in message for message in said)


def test_the_yearly_summary_totals_the_money_paid_by_title_and_by_fund():
    from reports.summaries import summarise
    from tests.makers import make_award, make_unit

    district = make_decision(signed_on=date(2024, 12, 26), status="published", **DISTRICT)
    province = make_decision(signed_on=date(2024, 12, 24), status="published", **PROVINCE)
    for name in ("Người Một", "Người Hai"):
        make_award(make_person(name), "lao-dong-tien-tien", decision=district, amount=710_000)
    make_award(make_unit(), "bang-khen-chu-tich-tinh", decision=province, amount=7_020_000)
    make_award(make_person(), "lao-dong-tien-tien", decision=district, year=2023, amount=540_000)

    tables = {str(table.title): table for table in summarise(2024).tables}
    by_title = tables["Reward money paid (đồng), by title or form"]
    by_fund = tables["Reward money paid (đồng), by fund"]

    assert [(row.label, row.count, row.previous) for row in by_title.rows] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 7_020_000, 0),
        ("Lao động tiên tiến", 1_420_000, 540_000),
    ]
    assert [(row.label, row.count) for row in by_fund.rows] == [
        ("fund of the ministry or province level", 7_020_000),
        ("fund of the district level", 1_420_000),
    ]
    assert (by_title.total.count, by_fund.total.count) == (8_440_000, 8_440_000)


@pytest.mark.parametrize(
    ("prefix", "name", "criteria"),
    [
        ("", None, "Người hoàn thành tốt nhiệm vụ được giao"),
        ("/en", "Advanced Worker", "Someone who completes the assigned tasks well"),
        ("/es", "Trabajador Avanzado", "Persona que cumple bien sus tareas"),
    ],
)
def test_the_catalogue_page_speaks_the_pages_language_and_says_what_ended(
    client, prefix, name, criteria
):
    page = client.get(f"{prefix}/titles/").content.decode()
    worker = page[page.index('id="title-lao-dong-tien-tien"') :]
    worker = worker[: worker.index("</section>")]

    assert criteria in worker
    if name:
        assert name in worker
    village = page[page.index('id="title-xa-phuong-thi-tran-tieu-bieu"') :]
    assert 'href="#title-xa-phuong-dac-khu-tieu-bieu"' in village[: village.index("</section>")]


def test_a_decision_before_the_law_data_begins_is_not_checked():
    """The powers begin with the Law of 2003 (1 July 2004): an archive's decision of 1990 is
    entered as it was signed."""
    decision = make_decision(signed_on=date(1990, 5, 1), **PROVINCE)

    assert (
        decision.refusals([title("lao-dong-tien-tien"), title("huan-chuong-lao-dong-hang-ba")])
        == {}
    )


def test_an_award_recorded_before_the_law_data_keeps_its_decision_editable(staff_client):
    """The registry holds awards the law data refuses (a commune chair's cultural village of
    2022): editing their draft decision's subject re-checks nothing, and fills no amount."""
    from tests.awards.test_admin_entry import errors_of
    from tests.makers import make_award, make_unit

    draft = make_decision(signed_on=date(2022, 12, 15), **COMMUNE)
    village = make_award(make_unit("Thôn Khe Tiền"), "thon-to-dan-pho-van-hoa", decision=draft)
    url = reverse("admin:awards_decision_change", args=[draft.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "document"
    }
    data.update(
        {
            "subject": "Về việc công nhận Thôn văn hóa năm 2022 (sửa)",
            "signed_on": "15/12/2022",
            "awards-TOTAL_FORMS": "1", "awards-INITIAL_FORMS": "1",
            "awards-MIN_NUM_FORMS": "0", "awards-MAX_NUM_FORMS": "1000",
            "awards-0-id": village.pk, "awards-0-decision": draft.pk,
            "awards-0-title": village.title_id, "awards-0-year": "2022",
            "awards-0-unit": village.unit_id, "awards-0-method": "regular",
        }
    )  # fmt: skip

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    village.refresh_from_db()
    assert village.amount is None
    # Its title changed, it is checked as a new award would be.
    data["awards-0-title"] = title("giay-khen-chu-tich-huyen").pk
    assert "not by an authority of the grassroots level" in errors_of(staff_client.post(url, data))


def test_a_kept_preview_is_checked_again_when_its_decisions_date_or_issuer_changes():
    """What the decision may confer, and the rate, depend on them."""
    from awards.imports.stored import fingerprint

    decision = make_decision(signed_on=date(2024, 12, 26), **DISTRICT)
    rows = [["Người Một", "Cá nhân", "", "", "", "Lao động tiên tiến", 2024, "", ""]]
    imp = imports.read_import(upload("a.xlsx", annex_xlsx(rows)), decision, 2024, None)
    before = fingerprint(imp, None)

    decision.signed_on = date(2025, 9, 1)
    after_date = fingerprint(imp, None)
    decision.authority = Authority.objects.get(code="commune_chair")

    assert len({before, after_date, fingerprint(imp, None)}) == 3


def test_a_draft_whose_issuer_may_not_confer_an_award_is_not_published():
    """An award that came in without the check (by a script, or before the law data) stops
    its draft at publishing, with the article."""
    from awards import workflow
    from tests.makers import make_award, make_member

    draft = make_decision(signed_on=date(2025, 9, 1), **DISTRICT)
    make_award(make_person(), "lao-dong-tien-tien", decision=draft)

    problems = workflow.publishing_problems(draft)

    assert any("confers nothing on 01/09/2025" in problem for problem in problems)
    with pytest.raises(ValidationError):
        workflow.publish_decision(draft, by=make_member("phe-duyet", "publisher"))
