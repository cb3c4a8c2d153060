"""The admin and the public pages speak Vietnamese (by default), English and Spanish."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["Quyết định", "Lượt khen thưởng"]),
        ("en", ["Decisions", "Awards"]),
        ("es", ["Decisiones", "Reconocimientos"]),
    ],
)
def test_the_admin_speaks_the_visitors_language(staff_client, language, words):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    for word in words:
        assert word in page


def test_vietnamese_is_the_default_language(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="")
    assert '<html lang="vi">' in response.content.decode()


def test_the_language_switcher_remembers_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)
    assert '<html lang="es">' in response.content.decode()
