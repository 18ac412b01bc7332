"""Activation events sent by ``accounts.activation`` (which never imports audit).

- ``activation.letter_issued`` (details: code_id, expires_at): a reviewer
  printed an activation letter for the target officer.
- ``activation.invitation_sent`` (details: code_id, expires_at): an
  invitation e-mail went out (the actor is who asked: an importer, an admin,
  a reviewer; none when the officer asked through "Forgot your password?").
- ``activation.code_cancelled`` (details: code_id, channel, replaced_by):
  a newer letter or invitation replaced an officer's code.
- ``activation.redeemed`` (details: code_id, channel): the officer set a
  password with the code and was signed in.
- ``activation.failed`` (details: reason "unknown", "expired", "used",
  "cancelled", "inactive" or "throttled"): a code that could not be used;
  the officer is the target when the code was found. Never the typed code.
"""

from __future__ import annotations

from accounts.activation import signals
from accounts.models import ActivationCode
from audit.log import record

LETTER_ISSUED = "activation.letter_issued"
INVITATION_SENT = "activation.invitation_sent"
CODE_CANCELLED = "activation.code_cancelled"
REDEEMED = "activation.redeemed"
FAILED = "activation.failed"


def code_issued(sender, code, actor=None, cancelled=(), request=None, **kwargs):
    user = code.user
    for old in cancelled:
        record(
            CODE_CANCELLED,
            actor=actor,
            target=user,
            organisation=user.organisation,
            request=request,
            code_id=old.pk,
            channel=old.channel,
            replaced_by=code.pk,
        )
    action = (
        LETTER_ISSUED
        if code.channel == ActivationCode.Channel.LETTER
        else INVITATION_SENT
    )
    record(
        action,
        actor=actor,
        target=user,
        organisation=user.organisation,
        request=request,
        code_id=code.pk,
        expires_at=code.expires_at.isoformat(),
    )


def code_redeemed(sender, code, user, request=None, **kwargs):
    record(
        REDEEMED,
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        code_id=code.pk,
        channel=code.channel,
    )


def redemption_failed(sender, reason, user=None, request=None, **kwargs):
    record(
        FAILED,
        target=user,
        organisation=user.organisation if user is not None else None,
        request=request,
        reason=reason,
    )


def connect() -> None:
    """Called from ``AuditConfig.ready``."""
    pairs = [
        (signals.code_issued, code_issued),
        (signals.code_redeemed, code_redeemed),
        (signals.redemption_failed, redemption_failed),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"audit.activation.{receiver.__name__}")
