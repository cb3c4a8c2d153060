"""A deployment never serves the cached pages the previous one made (config.settings.RELEASE)."""

import pytest

from config.settings import code_release
from tests.makers import committed, make_award, make_decision, make_person

pytestmark = pytest.mark.django_db


def test_the_release_is_the_code_and_templates_it_serves(tmp_path):
    (tmp_path / "awards").mkdir()
    (tmp_path / "awards" / "views.py").write_text("x = 1\n")
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "base.html"
    page.write_text("<html>")
    first = code_release(tmp_path)
    assert code_release(tmp_path) == first  # the same code, the same release, on any machine
    page.write_text("<html lang>")
    assert code_release(tmp_path) != first


def test_a_new_release_makes_its_pages_again(client, settings):
    with committed():
        make_award(make_person("Người Đầu"), decision=make_decision(status="published"))
    assert client.get("/").context is not None
    assert client.get("/").context is None  # from the cache
    settings.RELEASE = "the-next-deployment"
    assert client.get("/").context is not None  # made again by the new code
