"""Redeeming a code: find it, then set the password once.

:func:`find` looks a typed code or a link's secret up by its hash and says
why it cannot be used (:class:`Refused`); the messages never name an
account. :func:`redeem` sets the password in a transaction that locks the
code's row and re-checks it, so a double submit, or the same code used on two
devices at once, sets a password once: the other is told the code was used.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.activation import codes, signals
from accounts.models import ActivationCode

UNKNOWN = "unknown"
EXPIRED = "expired"
USED = "used"
CANCELLED = "cancelled"
INACTIVE = "inactive"

MESSAGES = {
    UNKNOWN: _(
        "This activation code is not right. Check it against your letter "
        "(or e-mail) and type it again."
    ),
    EXPIRED: _(
        "This activation code has expired. Ask your unit's reviewer for a new "
        "activation letter."
    ),
    USED: _(
        "This activation code has already been used. Sign in with the password "
        "you chose, or ask your unit's reviewer for a new activation letter."
    ),
    CANCELLED: _(
        "This activation code was replaced by a newer one. Use the latest "
        "letter or e-mail you received."
    ),
    # An account switched off by an administrator: said like an unknown code.
    INACTIVE: _(
        "This activation code is not right. Check it against your letter "
        "(or e-mail) and type it again."
    ),
}


class Refused(Exception):
    """The code cannot be used; ``reason`` is one of the constants above."""

    def __init__(self, reason: str, code: ActivationCode | None = None):
        super().__init__(reason)
        self.reason = reason
        self.code = code

    @property
    def message(self):
        return MESSAGES[self.reason]


def check(code: ActivationCode, now=None) -> None:
    """Raise :class:`Refused` unless ``code`` still works."""
    now = now or timezone.now()
    if code.used_at is not None:
        raise Refused(USED, code)
    if code.cancelled_at is not None:
        raise Refused(CANCELLED, code)
    if code.expires_at <= now:
        raise Refused(EXPIRED, code)
    if not code.user.is_active:
        raise Refused(INACTIVE, code)


def find(secret: str) -> ActivationCode:
    """The working code for ``secret`` (typed or from a link), or :class:`Refused`."""
    canonical = codes.canonical_secret(secret)
    if not canonical or len(canonical) > 200:
        raise Refused(UNKNOWN)
    code = (
        ActivationCode.objects.select_related("user", "user__organisation")
        .filter(secret_hash=codes.secret_hash(canonical))
        .first()
    )
    if code is None:
        raise Refused(UNKNOWN)
    check(code)
    return code


def working(code_id) -> ActivationCode:
    """The code with this id if it still works (the session holds the id)."""
    code = (
        ActivationCode.objects.select_related("user", "user__organisation")
        .filter(pk=code_id)
        .first()
    )
    if code is None:
        raise Refused(UNKNOWN)
    check(code)
    return code


def redeem(code_id, password: str, *, request=None):
    """Set ``password`` for the code's officer and mark the code used.

    ``password`` has passed Django's validators (the form). Returns the user.
    Raises :class:`Refused` when the code stopped working meanwhile (used by
    a concurrent request, replaced, expired): nothing changes then.
    """
    with transaction.atomic():
        code = (
            ActivationCode.objects.select_for_update()
            .select_related("user")
            .filter(pk=code_id)
            .first()
        )
        if code is None:
            raise Refused(UNKNOWN)
        now = timezone.now()
        check(code, now)
        # The conditional update is what makes it once, on any database.
        claimed = ActivationCode.objects.filter(
            pk=code.pk, used_at__isnull=True, cancelled_at__isnull=True
        ).update(used_at=now)
        if not claimed:
            raise Refused(USED, code)
        code.used_at = now
        user = code.user
        user.set_password(password)
        user.save(update_fields=["password"])
        signals.code_redeemed.send(
            sender=ActivationCode, code=code, user=user, request=request
        )
    return user


def record_failure(reason: str, *, code=None, request=None) -> None:
    signals.redemption_failed.send(
        sender=ActivationCode,
        reason=reason,
        user=code.user if code is not None else None,
        request=request,
    )
