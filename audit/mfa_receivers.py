"""Writes the multi-factor sign-in events (``accounts.signals.mfa_*``) to the log.

accounts sends the signals and never imports the audit app; this module is
connected from ``AuditConfig.ready``.
"""

from __future__ import annotations

from accounts import signals
from audit.log import record


def _device_details(device, kind: str) -> dict:
    return {
        "kind": kind,
        "device": getattr(device, "persistent_id", ""),
        "name": getattr(device, "name", ""),
    }


def device_added(sender, user, device, kind, request=None, **extra):
    record(
        "mfa.device_added",
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        **_device_details(device, kind),
        **({"replaced": extra["replaced"]} if "replaced" in extra else {}),
    )


def device_removed(sender, user, device, kind, request=None, **extra):
    actor = getattr(request, "user", None) if request is not None else None
    record(
        "mfa.device_removed",
        actor=actor or user,
        target=user,
        organisation=user.organisation,
        request=request,
        **_device_details(device, kind),
    )


def verified(sender, user, device, kind, request=None, **extra):
    record(
        "mfa.verified",
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        kind=kind,
        device=getattr(device, "persistent_id", ""),
    )


def failed(sender, user, kind, reason, request=None, **extra):
    record(
        "mfa.failed",
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        kind=kind,
        reason=str(reason),
    )


def reset(sender, user, actor=None, count=0, request=None, **extra):
    record(
        "mfa.reset",
        actor=actor,
        target=user,
        organisation=user.organisation,
        request=request,
        count=count,
    )


def connect() -> None:
    """Called from ``AuditConfig.ready``."""
    for signal, receiver in (
        (signals.mfa_device_added, device_added),
        (signals.mfa_device_removed, device_removed),
        (signals.mfa_verified, verified),
        (signals.mfa_failed, failed),
        (signals.mfa_reset, reset),
    ):
        signal.connect(receiver, dispatch_uid=f"audit.mfa.{receiver.__name__}")
