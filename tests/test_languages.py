"""The admin and the public pages speak Vietnamese (by default), English and Spanish."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["Quyết định", "Lượt khen thưởng"]),
        ("en", ["Decisions", "Awards"]),
        ("es", ["Decisiones", "Reconocimientos"]),
    ],
)
def test_the_admin_speaks_each_language_at_its_own_address(staff_client, language, words):
    with translation.override(language):
        url = reverse("admin:index")
    assert url == {"vi": "/admin/", "en": "/en/admin/", "es": "/es/admin/"}[language]
    page = staff_client.get(url).content.decode()
    for word in words:
        assert word in page


def test_vietnamese_is_the_language_of_unprefixed_addresses(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in response.content.decode()


def test_every_page_links_to_itself_in_the_other_languages(client):
    page = client.get("/es/titles/").content.decode()
    assert '<html lang="es">' in page
    assert 'href="/titles/" lang="vi"' in page
    assert 'href="/en/titles/" lang="en"' in page
