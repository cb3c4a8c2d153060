"""Staff accounts: login throttling (django-axes) and two-step login (django-otp, TOTP).

Everything goes through the real login URL with the test client, as a browser would.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.timezone import localtime
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.admin import client_ip_address

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def clerk(django_user_model) -> User:
    return django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)


@pytest.fixture
def require_otp(settings):
    settings.ADMIN_REQUIRE_OTP = True


def make_device(user: User, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    """What the staff member's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code the device refuses: none of those it accepts around now (its tolerance)."""
    accepted = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
        for drift in range(-device.tolerance, device.tolerance + 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def log_in(client, password: str = PASSWORD, code: str = "", username: str = "clerk", **extra):
    # `next` as the login page's hidden field sends it.
    data = {"username": username, "password": password, "otp_token": code}
    data["next"] = reverse("admin:index")
    return client.post(reverse("admin:login"), data, **extra)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def is_verified(client, device: TOTPDevice) -> bool:
    return client.session.get(DEVICE_ID_SESSION_KEY) == device.persistent_id


# The login form


def test_the_login_form_asks_for_the_code_from_the_authenticator_app(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert 'name="otp_token"' in response.text
    assert "Code from your authenticator app" in response.text


def test_staff_without_two_step_verification_log_in_with_their_password_alone(client, clerk):
    response = log_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_with_two_step_verification_log_in_with_password_and_code(client, clerk):
    device = make_device(clerk)
    code = current_code(device)
    response = log_in(client, code=f"{code[:3]} {code[3:]}")  # as the apps show it
    assert response.status_code == 302
    assert is_logged_in(client)
    assert is_verified(client, device)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_password_without_the_code_does_not_log_in_once_two_step_is_on(client, clerk):
    make_device(clerk)
    response = log_in(client)
    assert response.status_code == 200
    assert not is_logged_in(client)
    # The same answer as a wrong password: the form never confirms a guessed password.
    assert "Please enter the correct username and password" in response.text


def test_a_wrong_code_does_not_log_in_and_counts_as_a_failed_login(client, clerk):
    device = make_device(clerk)
    response = log_in(client, code=wrong_code(device))
    assert response.status_code == 200
    assert not is_logged_in(client)
    assert "Please enter the correct username and password" in response.text
    assert AccessAttempt.objects.get(username="clerk").failures_since_start == 1


def test_an_unconfirmed_device_plays_no_part_in_logging_in(client, clerk):
    make_device(clerk, confirmed=False)
    assert log_in(client).status_code == 302


# Enrolment


def test_the_user_tools_lead_to_two_step_verification(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert reverse("admin:two_step") in response.text
    assert "Emulation and commendation registry" in response.text


def test_the_enrolment_page_shows_the_secret_as_text_and_as_a_qr_code(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("admin:two_step"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert '<img src="data:image/svg+xml;base64,' in response.text
    # Reloading the page keeps the same secret: the app may already hold it.
    client.get(reverse("admin:two_step"))
    assert TOTPDevice.objects.get(user=clerk).pk == device.pk


def test_staff_turn_on_two_step_verification_with_a_code_from_their_app(client, clerk):
    client.force_login(clerk)
    client.get(reverse("admin:two_step"))
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(reverse("admin:two_step"), {"otp_token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(client, device)


@pytest.mark.parametrize("kind", ["wrong", "not digits"])
def test_a_wrong_code_does_not_turn_on_two_step_verification(client, clerk, kind):
    client.force_login(clerk)
    client.get(reverse("admin:two_step"))
    device = TOTPDevice.objects.get(user=clerk)
    code = wrong_code(device) if kind == "wrong" else "12ab56"
    response = client.post(reverse("admin:two_step"), {"otp_token": code})
    assert response.status_code == 200
    assert response.context["form"].has_error("otp_token")
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_staff_turn_off_two_step_verification_with_a_current_code(client, clerk):
    device = make_device(clerk)
    client.force_login(clerk)
    response = client.get(reverse("admin:two_step"))
    assert "Turn off two-step verification" in response.text
    assert "secret" not in response.context  # the secret is shown only to enrol
    response = client.post(reverse("admin:two_step"), {"otp_token": current_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()


def test_the_code_that_logged_in_cannot_be_used_again(client, clerk):
    device = make_device(clerk)
    code = current_code(device)
    log_in(client, code=code)
    response = client.post(reverse("admin:two_step"), {"otp_token": code})
    assert response.context["form"].has_error("otp_token", "invalid_token")
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_wrong_code_does_not_turn_off_two_step_verification(client, clerk):
    device = make_device(clerk)
    client.force_login(clerk)
    response = client.post(reverse("admin:two_step"), {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_the_enrolment_page_is_for_staff_only(client, django_user_model):
    assert client.get(reverse("admin:two_step")).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password=PASSWORD))
    response = client.get(reverse("admin:two_step"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not TOTPDevice.objects.exists()


# ADMIN_REQUIRE_OTP


def test_when_required_staff_without_a_device_are_sent_to_enrolment_after_their_password(
    client, clerk, require_otp
):
    response = log_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:two_step")
    response = client.get(reverse("admin:two_step"))
    assert response.status_code == 200
    assert "This site requires two-step verification" in response.text


@pytest.mark.parametrize(
    "page", ["admin:index", "admin:auth_user_changelist", "admin:password_change"]
)
def test_when_required_other_admin_pages_are_refused_until_enrolment(
    client, clerk, require_otp, page
):
    clerk.is_superuser = True
    clerk.save()
    log_in(client)
    response = client.get(reverse(page), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:two_step")


def test_when_required_enrolment_verifies_the_session_and_opens_the_admin(
    client, clerk, require_otp
):
    log_in(client)
    client.get(reverse("admin:two_step"))
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(reverse("admin:two_step"), {"otp_token": current_code(device)})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_when_required_staff_who_must_enrol_can_still_log_out(client, clerk, require_otp):
    log_in(client)
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_when_required_a_session_not_verified_by_the_device_is_asked_to_log_in_again(
    client, clerk, require_otp
):
    make_device(clerk)
    client.force_login(clerk)  # e.g. a session from before the device
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert 'name="otp_token"' in response.text


def test_when_not_required_staff_without_a_device_use_the_admin(staff_client):
    assert staff_client.get(reverse("admin:index")).status_code == 200


# Lockout


def fail_until_locked_out(client, **extra):
    """The failures before the limit show the form again; the last one the lockout page."""
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, password="wrong", **extra).status_code == 200
    return log_in(client, password="wrong", **extra)


def test_repeated_failed_logins_lock_out_with_a_page_that_says_when_to_try_again(client, clerk):
    response = fail_until_locked_out(client)
    assert response.status_code == 429
    assert "Too many failed attempts to log in as “clerk”" in response.text
    minutes = round(django_settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    retry_at = time_format(localtime(response.context["retry_at"]))
    assert f"Try again after {retry_at}, in {minutes} minutes." in response.text
    assert "Emulation and commendation registry" in response.text  # the admin's own page
    # Even the right password is refused now.
    response = log_in(client)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_wrong_codes_lock_out_like_wrong_passwords(client, clerk):
    device = make_device(clerk)
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, code=wrong_code(device)).status_code == 200
    assert log_in(client, code=wrong_code(device)).status_code == 429


def test_the_lockout_is_for_one_username_from_one_address(client, clerk, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    fail_until_locked_out(client)
    # A colleague in the same office, and the clerk from elsewhere, are not locked out.
    assert log_in(client, username="colleague").status_code == 302
    client.logout()
    assert log_in(client, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, clerk):
    fail_until_locked_out(client)
    cool_off = django_settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= cool_off
        attempt.save()
    assert log_in(client).status_code == 302


def test_behind_a_proxy_a_forged_forwarded_address_does_not_dodge_the_lockout(
    client, clerk, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(django_settings.AXES_FAILURE_LIMIT - 1):
        forged = f"10.0.0.{number}, 203.0.113.7"
        assert log_in(client, "wrong", HTTP_X_FORWARDED_FOR=forged).status_code == 200
    response = log_in(client, "wrong", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "address"),
    [
        (0, "203.0.113.7", "127.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the left entry was forged
        (2, "203.0.113.7, 192.0.2.1", "203.0.113.7"),  # a CDN, then the TLS proxy
        (2, "203.0.113.7", "127.0.0.1"),  # did not come through both proxies
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies(
    settings, proxies, forwarded_for, address
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip_address(request) == address
