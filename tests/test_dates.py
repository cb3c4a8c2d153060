"""Dates are typed day first in every language: 05/12/2024 is 5 December, never 12 May."""

import datetime
import json
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from awards.models import Decision
from tests.awards.test_admin_entry import decision_form
from tests.makers import make_decision

pytestmark = pytest.mark.django_db

LANGUAGES = ["vi", "en", "es"]


def admin_url(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_typed_day_first_in_the_admin_is_that_day(staff_client, language):
    url = admin_url(language, "admin:awards_decision_add")
    response = staff_client.post(url, decision_form(signed_on="05/12/2024"))
    assert response.status_code == 302, response.content.decode()
    assert Decision.objects.get().signed_on == datetime.date(2024, 12, 5)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_typed_month_first_in_the_admin_is_refused(staff_client, language):
    url = admin_url(language, "admin:awards_decision_add")
    response = staff_client.post(url, decision_form(signed_on="12/27/2024"))
    assert response.status_code == 200
    assert "signed_on" in response.context["adminform"].form.errors
    assert not Decision.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["27/12/2024", "27-12-2024", "27.12.2024", "2024-12-27"])
def test_the_admin_reads_slashes_dashes_dots_and_iso(staff_client, language, typed):
    url = admin_url(language, "admin:awards_decision_add")
    response = staff_client.post(url, decision_form(signed_on=typed))
    assert response.status_code == 302, response.content.decode()
    assert Decision.objects.get().signed_on == datetime.date(2024, 12, 27)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_saved_date_is_shown_day_first_in_the_change_form(staff_client, language):
    decision = make_decision(signed_on=datetime.date(2024, 12, 5))
    response = staff_client.get(admin_url(language, "admin:awards_decision_change", decision.pk))
    assert response.status_code == 200
    field = re.search(r'<input [^>]*name="signed_on"[^>]*>', response.content.decode()).group()
    assert 'value="05/12/2024"' in field


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_calendar_writes_the_date_day_first(staff_client, language):
    """The calendar's script writes the first of DATE_INPUT_FORMATS from the admin's jsi18n."""
    response = staff_client.get(admin_url(language, "admin:jsi18n"))
    formats = json.loads(re.search(r"django\.formats = (\{.*?\});", response.text, re.S)[1])
    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert all("%m/%d" not in entry for entry in formats["DATE_INPUT_FORMATS"])
    assert all("%m/%d" not in entry for entry in formats["DATETIME_INPUT_FORMATS"])


class Moment(forms.Form):
    on = forms.DateField()
    at = forms.DateTimeField()


@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_forms_read_dates_and_times_day_first(language):
    with translation.override(language):
        form = Moment({"on": "05/12/2024", "at": "05/12/2024 14:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["on"] == datetime.date(2024, 12, 5)
        assert form.cleaned_data["at"].date() == datetime.date(2024, 12, 5)
        assert 'value="05/12/2024"' in str(Moment(initial={"on": datetime.date(2024, 12, 5)}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_two_digit_year_is_refused(language):
    """05/12/68 would be 2068 to Python: a birth date a century out."""
    with translation.override(language):
        assert "on" in Moment({"on": "05/12/68", "at": "05/12/2024 14:30"}).errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_decision_list_and_its_date_drill_down_still_work(staff_client, language):
    """The list writes a date in digits, day first, in every language (it fits an office's
    screen: tests/browser/test_admin_fit.py)."""
    shown = "05/12/2024"
    make_decision(signed_on=datetime.date(2024, 12, 5))
    url = admin_url(language, "admin:awards_decision_changelist")
    response = staff_client.get(url, {"signed_on__year": "2024", "signed_on__month": "12"})
    assert response.status_code == 200
    assert shown in response.content.decode()
