"""Where each officer stands with activation, for lists, filters and pages.

- ``activated``: the officer has a usable password (set by a code, a reset,
  an admin or the demo loader: existing accounts count as activated);
- ``pending``: no usable password yet, and a code that still works;
- ``expired``: no usable password, and the latest code expired unused;
- ``none``: no usable password and no code issued (or none left).

An activated officer may also have a pending code (a new letter after a
forgotten password): :func:`statuses_for` reports it as ``pending_code``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ActivationCode

ACTIVATED = "activated"
PENDING = "pending"
EXPIRED = "expired"
NONE = "none"

LABELS = {
    ACTIVATED: _("Activated"),
    PENDING: _("Not activated (code pending)"),
    EXPIRED: _("Not activated (code expired)"),
    NONE: _("Not activated (no code issued)"),
}
CHOICES = [(key, LABELS[key]) for key in (ACTIVATED, PENDING, EXPIRED, NONE)]


def not_activated_q(prefix: str = "") -> Q:
    """Users (reached by ``prefix``) without a usable password."""
    return Q(**{f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX}) | Q(
        **{f"{prefix}password": ""}
    )


def filter_users(users, status: str, now=None):
    """``users`` (a ``User`` queryset) narrowed to one activation status."""
    if not status:
        return users
    now = now or timezone.now()
    codes = ActivationCode.objects.filter(user_id=OuterRef("pk"))
    pending = Exists(codes.pending(now))
    expired = Exists(codes.expired(now))
    if status == ACTIVATED:
        return users.exclude(not_activated_q())
    users = users.filter(not_activated_q())
    if status == PENDING:
        return users.filter(pending)
    if status == EXPIRED:
        return users.filter(~pending, expired)
    if status == NONE:
        return users.filter(~pending, ~expired)
    return users.none()


@dataclass(frozen=True)
class Standing:
    """One officer's activation: ``status`` and the live code's dates."""

    status: str
    #: Expiry of the live code (pending or expired), if any.
    expires_at: object = None
    channel: str = ""
    #: A working code exists (also for an activated officer with a new letter).
    pending_code: bool = False

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def activated(self) -> bool:
        return self.status == ACTIVATED


def with_live_code(users):
    """``users`` annotated with their live code's expiry and channel, so that
    :func:`statuses_for` needs no query of its own (a page of a list)."""
    live = ActivationCode.objects.live().filter(user_id=OuterRef("pk"))
    return users.annotate(
        live_code_expires_at=Subquery(live.values("expires_at")[:1]),
        live_code_channel=Subquery(live.values("channel")[:1]),
    )


def _live_codes(users) -> dict[int, tuple]:
    if users and all(hasattr(user, "live_code_expires_at") for user in users):
        return {
            user.pk: (user.live_code_expires_at, user.live_code_channel)
            for user in users
            if user.live_code_expires_at is not None
        }
    return {
        user_id: (expires_at, channel)
        for user_id, expires_at, channel in ActivationCode.objects.live()
        .filter(user_id__in=[user.pk for user in users])
        .values_list("user_id", "expires_at", "channel")
    }


def statuses_for(users, now=None) -> dict[int, Standing]:
    """Each of ``users``' :class:`Standing`, by user id: one query, or none
    for users from :func:`with_live_code`."""
    now = now or timezone.now()
    users = list(users)
    live = _live_codes(users)
    result = {}
    for user in users:
        expires_at, channel = live.get(user.pk, (None, ""))
        working = expires_at is not None and expires_at > now
        if user.has_usable_password() and user.password:
            status = ACTIVATED
        elif working:
            status = PENDING
        elif expires_at is not None:
            status = EXPIRED
        else:
            status = NONE
        result[user.pk] = Standing(
            status=status,
            expires_at=expires_at,
            channel=channel,
            pending_code=working,
        )
    return result


def standing_of(user, now=None) -> Standing:
    return statuses_for([user], now)[user.pk]
