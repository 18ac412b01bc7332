"""A user's second-factor devices: TOTP apps, passkeys and recovery codes.

All three are django-otp devices. A TOTP device is created unconfirmed and
counts only once a code from the app confirms it. Recovery codes are one
``StaticDevice`` per user holding ten single-use tokens; making new ones
replaces the old. Every change sends an ``accounts.signals`` signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import signals

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_DEVICE_NAME = "Authenticator app"

KIND_LABELS = {
    "totp": _("Authenticator app"),
    "passkey": _("Passkey"),
    "recovery": _("Recovery codes"),
}


def kind_of(device: Device) -> str:
    if isinstance(device, TOTPDevice):
        return "totp"
    if isinstance(device, StaticDevice):
        return "recovery"
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    return type(device)._meta.label_lower


@dataclass
class DeviceRow:
    """One line of the "Two-step sign-in" page."""

    device: Device
    kind: str
    label: str
    created: object
    last_used: object
    remaining: int | None = None

    @property
    def key(self) -> str:
        return self.device.persistent_id


def confirmed_devices(user) -> list[Device]:
    return list(django_otp.devices_for_user(user, confirmed=True))


def primary_devices(user) -> list[Device]:
    """The TOTP apps and passkeys (what recovery codes stand in for)."""
    return [d for d in confirmed_devices(user) if kind_of(d) != "recovery"]


def rows(user) -> list[DeviceRow]:
    result = []
    for device in confirmed_devices(user):
        kind = kind_of(device)
        label = KIND_LABELS.get(kind, device.name)
        if kind == "passkey" and device.name:
            label = f"{KIND_LABELS['passkey']} ({device.name})"
        result.append(
            DeviceRow(
                device=device,
                kind=kind,
                label=str(label),
                created=getattr(device, "created_at", None),
                last_used=getattr(device, "last_used_at", None),
                remaining=device.token_set.count() if kind == "recovery" else None,
            )
        )
    return result


def pending_totp(user) -> TOTPDevice:
    """The TOTP device being set up: the unconfirmed one, or a new one.

    Reloading the set-up page keeps the same secret, so a code from an app
    that already scanned it still confirms it.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


class CodeResult:
    """What became of a code: the device that took it, or why none did."""

    def __init__(self, device=None, *, throttled_until=None):
        self.device = device
        self.throttled_until = throttled_until

    @property
    def ok(self) -> bool:
        return self.device is not None

    @property
    def seconds_to_wait(self) -> int:
        if self.throttled_until is None:
            return 0
        return max(1, int((self.throttled_until - timezone.now()).total_seconds()) + 1)


def _throttled_until(devices) -> object | None:
    """When every device that could take a code is throttled: until when."""
    until = None
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if allowed:
            return None
        if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            locked = data.get("locked_until")
            if locked and (until is None or locked < until):
                until = locked
    return until


def check_code(user, code: str) -> CodeResult:
    """Check a TOTP code or a recovery code against ``user``'s devices.

    Six digits go to the TOTP devices, anything else to the recovery codes.
    django-otp does the rest: a TOTP code is refused if it (or a later one)
    was used before, a recovery code is deleted when used, and each failure
    doubles the wait before the next try on that device.
    """
    code = normalise_code(code)
    if not code:
        return CodeResult()
    model = TOTPDevice if re.fullmatch(r"\d{6,8}", code) else StaticDevice
    devices = list(model.objects.devices_for_user(user, confirmed=True))
    if not devices:
        return CodeResult()
    until = _throttled_until(devices)
    if until is not None:
        return CodeResult(throttled_until=until)
    for device in devices:
        accepted = django_otp.verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return CodeResult(accepted)
    return CodeResult()


def confirm_totp(device: TOTPDevice, code: str, *, request=None) -> bool:
    """Confirm a new TOTP device with a code from the app; True if it counts."""
    code = normalise_code(code)
    if not re.fullmatch(r"\d{6,8}", code):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    signals.mfa_device_added.send(
        sender=TOTPDevice,
        user=device.user,
        device=device,
        kind="totp",
        request=request,
    )
    return True


def make_recovery_codes(user, *, request=None) -> list[str]:
    """Ten new single-use recovery codes for ``user``; the old ones stop working."""
    with transaction.atomic():
        device, created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        codes = []
        while len(codes) < RECOVERY_CODE_COUNT:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=token) for token in codes]
        )
    signals.mfa_device_added.send(
        sender=StaticDevice,
        user=user,
        device=device,
        kind="recovery",
        request=request,
        replaced=not created,
    )
    return codes


def format_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def find_device(user, persistent_id: str) -> Device | None:
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


def remove_device(device: Device, *, request=None) -> None:
    user, kind = device.user, kind_of(device)
    with transaction.atomic():
        device.delete()
        if not primary_devices(user):
            # Recovery codes stand in for a device; without one they go too.
            StaticDevice.objects.filter(user=user).delete()
    signals.mfa_device_removed.send(
        sender=type(device), user=user, device=device, kind=kind, request=request
    )


def reset(user, *, actor=None, request=None) -> int:
    """Remove every device of ``user`` (a lost phone); returns how many went.

    At their next sign-in (or request) they set up a new one if their role
    requires it.
    """
    count = 0
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            _total, per_model = model.objects.filter(user=user).delete()
            count += per_model.get(model._meta.label, 0)
    signals.mfa_reset.send(
        sender=type(user), user=user, actor=actor, count=count, request=request
    )
    return count
