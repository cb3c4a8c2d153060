"""The admin in Vietnamese and Spanish has no English left where Django 6.1's own catalogues
lack a translation (config/django_strings.py names those strings for ours)."""

import pytest

from awards.models import Decision
from tests.makers import make_decision, make_staff

pytestmark = pytest.mark.django_db

# What Django writes in English on these pages when its catalogue has nothing for them.
ENGLISH = [
    "Skip to main content",
    "Filter navigation items",
    "Add link",
    "Change or view list link",
    "Filter by ",
    "- Select an option -",
    "Select all objects on this page for an action",
    "Select this object for an action",
    'alt="Search"',
    "After you’ve created a user",
    "Whether the user will be able to authenticate",
]
PAGES = [
    "admin/",
    "admin/awards/decision/",  # its date filter, counts, checkboxes and search
    "admin/awards/decision/add/",  # a select's empty choice
    "admin/auth/user/add/",
]


@pytest.mark.parametrize(("prefix", "language"), [("", "vi"), ("/es", "es")])
def test_no_english_is_left_in_the_admin_of_another_language(client, prefix, language):
    make_decision(status=Decision.Status.PUBLISHED)
    client.force_login(make_staff())
    for page in PAGES:
        response = client.get(f"{prefix}/{page}")
        assert response.status_code == 200, page
        text = response.content.decode()
        assert f'<html lang="{language}"' in text
        left = [english for english in ENGLISH if english in text]
        assert not left, (page, left)


def test_in_english_the_same_pages_show_those_strings(client):
    """What the test above looks for is there to find: the English pages say it."""
    make_decision(status=Decision.Status.PUBLISHED)
    client.force_login(make_staff())
    text = "".join(client.get(f"/en/{page}").content.decode() for page in PAGES)
    assert [english for english in ENGLISH if english not in text] == []
