"""The registry's data in the page's language: the catalogue's names on every roll, the official
Vietnamese name beside them, and the open data's labels, never two languages on one line."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import Decision
from tests.makers import committed, make_award, make_decision, make_person, title

pytestmark = pytest.mark.django_db

VIETNAMESE = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
ENGLISH = "Provincial Chair&#x27;s Certificate of Merit"
SPANISH = "Certificado de Mérito del Presidente del Comité Popular Provincial"


@pytest.fixture
def award():
    decision = make_decision(number="4012/QĐ-UBND", status=Decision.Status.PUBLISHED)
    with committed():
        return make_award(make_person("Nguyễn Thị Hoa"), decision=decision)


def download(client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode("utf-8-sig")


def page(client, language: str, name: str, *args) -> str:
    with translation.override(language):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "name", "others"),
    [
        ("vi", VIETNAMESE, [ENGLISH, SPANISH]),
        ("en", ENGLISH, [SPANISH]),
        ("es", SPANISH, [ENGLISH]),
    ],
)
def test_the_rolls_name_a_title_in_the_pages_language(client, award, language, name, others):
    pages = [
        page(client, language, "home"),
        page(client, language, "honours_year", 2024),
        page(client, language, "decision_detail", award.decision_id),
        page(client, language, "person_detail", award.person_id),
    ]
    for text in pages:
        assert name in text
        assert not any(other in text for other in others)
    # The year's counts, the group's heading, the row: all in one language.
    assert pages[1].count(name) >= 3


def test_a_titles_roll_gives_the_official_vietnamese_name_under_its_own(client, award):
    text = page(client, "es", "honours_title", 2024, "bang-khen-chu-tich-tinh")
    heading = text.split("<h1", 1)[1].split("</p>", 1)[0]
    assert f"{SPANISH} — 2024</h1>" in heading
    assert f'<p class="official-name" lang="vi">{VIETNAMESE}' in heading
    # On the Vietnamese page the name is said once.
    assert "official-name" not in page(
        client, "vi", "honours_title", 2024, "bang-khen-chu-tich-tinh"
    )


def test_a_missing_spanish_name_falls_back_to_english_then_vietnamese(client, award):
    entry = title("bang-khen-chu-tich-tinh")
    with committed():
        entry.name_es = ""
        entry.save()
    assert ENGLISH in page(client, "es", "honours_year", 2024)
    with committed():
        entry.name_en = ""
        entry.save()
    text = page(client, "es", "honours_year", 2024)
    assert text.count(VIETNAMESE) >= 3 and "official-name" not in text


def test_the_filters_offer_the_titles_in_the_pages_language(client, award):
    text = page(client, "en", "honours_year", 2024)
    assert f'<option value="bang-khen-chu-tich-tinh">{ENGLISH}</option>' in text


def test_the_catalogue_heads_each_entry_in_the_pages_language_with_its_vietnamese_name(client):
    text = page(client, "en", "title_list")
    entry = text.split('id="title-bang-khen-chu-tich-tinh"', 1)[1].split("</section>", 1)[0]
    assert entry.startswith(f' class="h5 mb-1">{ENGLISH}</h2>')
    assert f'lang="vi">{VIETNAMESE}</p>' in entry


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("vi", [VIETNAMESE, "bộ, ngành hoặc tỉnh", "cá nhân"]),
        ("en", ["Provincial Chair's Certificate of Merit", "ministry or province", "individuals"]),
        ("es", [SPANISH, "ministerio o provincia", "individuos"]),
    ],
)
def test_the_open_data_keeps_its_codes_and_adds_labels_in_the_pages_language(
    client, award, language, labels
):
    with translation.override(language):
        url = reverse("honours_year", args=[2024])
    rows = list(csv.DictReader(io.StringIO(download(client, url + "?format=csv"))))
    [row] = rows
    # The stable columns are the same in every language.
    assert row["title"] == VIETNAMESE and row["title_slug"] == "bang-khen-chu-tich-tinh"
    assert row["level"] == "province" and row["recipient_kind"] == "individuals"
    assert [row["title_label"], row["level_label"], row["recipient_kind_label"]] == labels
    assert row["method_label"]
    [record] = json.loads(download(client, url + "?format=json"))
    assert record["title_label"] == labels[0] and record["level"] == "province"
