"""The registry's admin site: two-step login (django-otp) and the lockout page (django-axes).

`admin.site` is a RegistryAdminSite (installed by config.apps.RegistryAdminConfig), so the apps'
`@admin.register` lands here.
"""

import functools
from base64 import b32encode, b64encode
from collections.abc import Callable
from textwrap import wrap

import qrcode
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

TOKEN_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})


class LoginForm(AdminAuthenticationForm):
    """The admin's login form, which also asks staff with an authenticator app for its code.

    A missing or wrong code gets the same answer as a wrong password, so that the form never
    confirms a guessed password, and it counts as a failed login towards the lockout.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s and password for a staff account, and the "
            "code from your authenticator app if you set up two-step verification. Note that "
            "the username and password may be case-sensitive."
        ),
    }

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. Leave empty if you have not set up two-step verification."),
        required=False,
        widget=TOKEN_WIDGET,
    )

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        token = self.cleaned_data.get("otp_token", "").replace(" ", "")
        with transaction.atomic():
            # Locked, so that two logins racing with one code cannot both use it.
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
            device = devices.select_for_update().first()
            if device is None:
                return
            verified = bool(token) and device.verify_token(token)
        if not verified:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        # django-otp's user_logged_in handler marks the new session as verified by this device.
        user.otp_device = device


class TokenForm(forms.Form):
    """A code the authenticator app shows now, checked against the staff member's device."""

    otp_token = forms.RegexField(
        regex=r"^\d{3} ?\d{3}$",  # as the apps show it, "123 456", or without the space
        label=_("Code"),
        error_messages={"invalid": _("Type the six digits the app shows.")},
        widget=TOKEN_WIDGET,
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].replace(" ", "")
        if not self.device.verify_is_allowed()[0]:
            raise ValidationError(
                _("Too many wrong codes in a row: wait a minute, then type the current code."),
                code="throttled",
            )
        if not self.device.verify_token(token):
            raise ValidationError(
                _("This code is not right, or was just used. Type the code the app shows next."),
                code="invalid_token",
            )
        return token


def is_verified(user) -> bool:
    """Whether this session passed two-step login.

    Read from `otp_device` rather than `user.is_verified()`: right after logging in, the user
    object comes from the login form, not from django-otp's middleware, and has no is_verified.
    """
    return getattr(user, "otp_device", None) is not None


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI, which the CSP allows in <img> without any script."""
    # The filled variant has a white background, readable in the admin's dark theme too.
    svg = qrcode.make(text, image_factory=SvgPathFillImage).to_string()
    return "data:image/svg+xml;base64," + b64encode(svg).decode()


class RegistryAdminSite(admin.AdminSite):
    site_header = _("Emulation and commendation registry")
    site_title = _("Emulation registry")
    index_title = _("Records")
    login_form = LoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_REQUIRE_OTP or is_verified(request.user)

    def must_enrol(self, request: HttpRequest) -> bool:
        """Staff let in by password alone who must set up two-step verification first."""
        user = request.user
        return (
            settings.ADMIN_REQUIRE_OTP
            and user.is_active
            and user.is_staff
            and not is_verified(user)
            and not user_has_device(user)
        )

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        wrapped = super().admin_view(view, cacheable)

        @functools.wraps(wrapped)
        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # Trap: Django's change and delete views check `_to_field` only when it is not
            # empty, then look up the field it names: "?_to_field=" was a FieldDoesNotExist
            # (a 500) on every model's change page. A 400, as for a field not allowed.
            if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
                raise DisallowedModelAdminToField("An empty _to_field names no field.")
            return wrapped(request, *args, **kwargs)

        return inner

    def staff_view(self, view: Callable) -> Callable:
        """Like admin_view, but open to staff whose session is not verified yet.

        They need enrolment and logout before anything else; admin_view would send them back
        to the login page (and its logout to the index) in a loop.
        """

        def inner(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not (request.user.is_active and request.user.is_staff):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            return view(request, *args, **kwargs)

        return never_cache(inner)

    def get_urls(self) -> list:
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "logout"]
        return [
            path("two-step/", self.staff_view(self.two_step), name="two_step"),
            path("logout/", self.staff_view(self.logout), name="logout"),
            *urls,
        ]

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        if self.must_enrol(request):
            return HttpResponseRedirect(reverse("admin:two_step", current_app=self.name))
        return response

    def two_step(self, request: HttpRequest) -> HttpResponse:
        """Set up an authenticator app (TOTP), or remove it; a current code confirms either."""
        devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=None)
        device = devices.order_by("-confirmed", "pk").first()
        if device is None:
            # Unconfirmed until a code proves the app holds the secret; never used to log in.
            device = TOTPDevice.objects.create(
                user=request.user, name=gettext("Authenticator app"), confirmed=False
            )
        form = TokenForm(device, request.POST or None)
        if form.is_valid():
            if device.confirmed:
                devices.delete()
                messages.success(request, _("Two-step verification is off."))
                return HttpResponseRedirect(reverse("admin:two_step", current_app=self.name))
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request,
                _("Two-step verification is on: log in with your password and a code from now on."),
            )
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Two-step verification"),
            "device": device,
            "form": form,
            "required": settings.ADMIN_REQUIRE_OTP,
        }
        if not device.confirmed:  # the secret is shown only to enrol
            secret = b32encode(device.bin_key).decode()
            context["secret"] = " ".join(wrap(secret, 4))
            context["qr_code"] = qr_code_data_uri(device.config_url)
        request.current_app = self.name
        return TemplateResponse(request, "admin/two_step.html", context)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes, as the outermost trusted proxy saw it.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client's is
    TRUSTED_PROXY_COUNT entries from the right; anything left of it was sent by the client and
    could be forged to dodge the lockout. A request that did not pass every proxy counts as
    coming from REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page django-axes shows instead of the login form while a login is locked out."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        # Every attempt during the lockout starts the wait again, this one included.
        "retry_at": timezone.now() + cool_off,
        "cool_off_minutes": round(cool_off.total_seconds() / 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)
