import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_flag


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("On", True), ("0", False), ("no", False)]
)
def test_booleans_in_the_environment_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_flag("SOME_FLAG") is expected


def test_a_boolean_that_is_not_one_stops_the_app(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_flag("SOME_FLAG")


def test_debug_is_off_unless_asked(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_flag("SOME_FLAG") is False
