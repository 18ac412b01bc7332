"""Helpers for the multi-factor sign-in tests: devices, codes, signing in.

Codes are computed as an authenticator app would (``django_otp.oath.totp``
on the device's key); nothing of ours is mocked.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

STAFF_ROLES = ["admin", "lead_trainer", "trainer", "reviewer", "admin_access"]
VERIFY_URL = reverse("accounts:mfa_verify")
SETUP_URL = reverse("accounts:mfa_setup")
MANAGE_URL = reverse("accounts:mfa_manage")
TOTP_ADD_URL = reverse("accounts:mfa_totp_add")


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows now (``steps`` periods later or earlier)."""
    device.refresh_from_db()
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps,
    )
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A six-digit code that none of the accepted windows shows."""
    taken = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in taken)


def enrol_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app")


def sign_in(client, user) -> None:
    """The password step, through the platform's login page."""
    client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": factories.PASSWORD},
    )


def verify(client, device, steps: int = 0, next_url: str = "/"):
    return client.post(VERIFY_URL, {"code": code_for(device, steps), "next": next_url})


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())
