"""Loading the demo data: once, then again without change; and the demo staff."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.demo import COUNTED, UPDATED, load_demo_data
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_history(settings):
    """The loader's work alone: the audit history would double its time, and none is read."""
    settings.SIMPLE_HISTORY_ENABLED = False


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model, _one, _plural in COUNTED
    }


def test_loading_twice_creates_and_changes_nothing_the_second_time(without_history):
    first = load_demo_data()
    before = snapshot()
    second = load_demo_data()

    assert first[UPDATED] == 0
    assert all(first[plural] for _model, _one, plural in COUNTED)
    assert set(second.values()) == {0}
    assert snapshot() == before


def test_the_command_says_when_nothing_changed():
    first, second = StringIO(), StringIO()
    call_command("load_demo_data", stdout=first)
    call_command("load_demo_data", stdout=second)

    assert first.getvalue().startswith("Demo data loaded: 15 communes, 32 units,")
    assert second.getvalue().strip() == "Demo data already loaded; nothing changed."


def test_an_edited_demo_record_is_put_back_without_a_duplicate(without_history):
    load_demo_data()
    Unit.objects.filter(name="Trường THCS Tiên Yên").update(is_demo=False)

    counts = load_demo_data()

    assert counts[UPDATED] == 1
    assert Unit.objects.get(name="Trường THCS Tiên Yên").is_demo


def test_the_demo_staff_command_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("create_demo_staff", stdout=StringIO())

    assert not User.objects.filter(username="demo").exists()


def test_the_demo_staff_command_creates_a_superuser_once(settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()

    call_command("create_demo_staff", stdout=first)
    password = User.objects.get(username="demo").password
    call_command("create_demo_staff", stdout=second)

    user = User.objects.get(username="demo")
    assert user.is_superuser and user.is_staff
    assert user.check_password("demo-thi-dua-2024")
    assert user.password == password
    for output in (first, second):
        assert "http://127.0.0.1:8000/admin/" in output.getvalue()
        assert "demo-thi-dua-2024" in output.getvalue()


def test_the_demo_never_takes_an_offices_namesake_for_its_own(without_history):
    """A household or a school of the same name elsewhere is the office's, not the demo's."""
    from tests.makers import make_commune, make_household

    elsewhere = make_commune("Bình Liêu")
    household = make_household("Hoàng Văn Páo", commune=elsewhere)
    school = Unit.objects.create(name="Trường THCS Tiên Yên", kind=Unit.Kind.SCHOOL)

    load_demo_data()

    household.refresh_from_db()
    school.refresh_from_db()
    assert (household.commune, household.is_demo) == (elsewhere, False)
    assert (school.commune, school.is_demo) == (None, False)
    assert Unit.objects.filter(name="Trường THCS Tiên Yên").count() == 2
