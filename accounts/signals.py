"""Audit of group membership: every change, wherever it is made, is logged.

Group membership is what turns roles on and off (``accounts.scope`` honours
an assignment only while its user is in the role's group), so a change made
anywhere (the user admin, Wagtail's "assign role" bulk action,
``accounts.roles``, a shell) writes a ``group.changed`` event with the group
names added and removed.

Signals do not know who is acting. Views that do wrap their work in
:func:`acting_as`, a context-local "current user" that the handler reads;
it is cleared at the start of every request, so it can never leak from one
request into the next. Without it the event's actor is empty (a command or
a migration).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import Group
from django.core.signals import request_started
from django.db.models.signals import m2m_changed
from django.dispatch import Signal

_acting_user: ContextVar = ContextVar("lms_acting_user", default=None)

GROUP_CHANGED = "group.changed"

# Multi-factor sign-in (accounts.mfa). Sent by accounts, heard by whoever
# keeps records (the audit app); accounts never imports them. Arguments:
#
# - ``mfa_device_added``, ``mfa_device_removed``: ``user``, ``device`` (a
#   django-otp device: TOTP, passkey or the recovery codes), ``kind``
#   ("totp", "passkey", "recovery"), ``request`` (or None).
# - ``mfa_verified``: ``user``, ``device``, ``kind``, ``request``: the
#   session's second factor was given.
# - ``mfa_failed``: ``user``, ``kind`` ("code", "passkey"), ``reason``
#   ("wrong", "throttled", "passkey"), ``request``.
# - ``mfa_reset``: ``user`` (whose devices went), ``actor`` (an admin, or
#   None from a command), ``count``, ``request``.
mfa_device_added = Signal()
mfa_device_removed = Signal()
mfa_verified = Signal()
mfa_failed = Signal()
mfa_reset = Signal()

# Sign-in lockout (accounts.lockout): an admin lifted the lockout of
# ``username`` from ``ip_address``; ``actor`` (the admin), ``request``.
# Failed sign-ins and lockouts themselves are Django's ``user_login_failed``
# and django-axes' ``user_locked_out``.
lockout_cleared = Signal()

# E-mail addresses, registration and imports (accounts.email_change,
# accounts.registration, accounts.importing). Arguments:
#
# - ``email_change_requested``: ``user``, ``new_email``, ``request``; a link
#   (or, for an address in use, a notice) was mailed to ``new_email``.
# - ``email_changed``: ``user``, ``old_email``, ``new_email``, ``request``.
# - ``registration_refused``: ``owners`` (the accounts that already hold the
#   address or staff ID; they were told), ``email``, ``request``.
# - ``registration_decided``: ``registration``, ``by``, ``status``,
#   ``request``.
# - ``import_recorded``: ``action`` ("import.previewed", "import.applied",
#   "import.refused"), ``actor``, ``organisation`` (or None), ``details``.
#   Conflicts with existing accounts are among ``details["first_errors"]`` and
#   counted in ``details["conflicts"]``.
email_change_requested = Signal()
email_changed = Signal()
registration_refused = Signal()
registration_decided = Signal()
import_recorded = Signal()


@contextmanager
def acting_as(user):
    """Within the block, audit events from signals name ``user`` as the actor."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def acting_user():
    """The user named by the innermost :func:`acting_as`, or None."""
    return _acting_user.get()


def set_acting_user(user) -> None:
    """Name ``user`` as the actor until the end of the request (or ``None``).

    For code that cannot wrap its work in :func:`acting_as`, such as a pair of
    before/after hooks; the next request starts afresh anyway.
    """
    _acting_user.set(user)


def _forget_acting_user(**kwargs) -> None:
    _acting_user.set(None)


def _member_ids(through, instance, reverse: bool, pk_set) -> set[int]:
    """Of ``pk_set``, the ids that are members now (groups, or users if reverse)."""
    if reverse:
        rows = through.objects.filter(group_id=instance.pk, user_id__in=pk_set)
        return set(rows.values_list("user_id", flat=True))
    rows = through.objects.filter(user_id=instance.pk, group_id__in=pk_set)
    return set(rows.values_list("group_id", flat=True))


def _record(user, added: list[str], removed: list[str]) -> None:
    from audit.log import record

    record(
        GROUP_CHANGED,
        actor=acting_user(),
        target=user,
        organisation=user.organisation,
        added=sorted(added),
        removed=sorted(removed),
    )


def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``m2m_changed`` on ``User.groups``: log who joined or left which group."""
    from accounts.models import User

    # Django's remove() reports every id asked for, members or not, and
    # clear() reports none: look at the table before it changes.
    if action in {"pre_remove", "pre_clear"}:
        if action == "pre_clear":
            current = sender.objects.filter(
                **({"group_id": instance.pk} if reverse else {"user_id": instance.pk})
            )
            field = "user_id" if reverse else "group_id"
            instance._lms_leaving = set(current.values_list(field, flat=True))
        else:
            instance._lms_leaving = _member_ids(sender, instance, reverse, pk_set)
        return
    if action == "post_add":
        changed, adding = set(pk_set or ()), True
    elif action in {"post_remove", "post_clear"}:
        changed, adding = getattr(instance, "_lms_leaving", set()), False
        instance._lms_leaving = set()
    else:
        return
    if not changed:
        return
    if reverse:
        # group.user_set.add(...): one event per user.
        users = User.objects.filter(pk__in=changed).select_related("organisation")
        for user in users:
            _record(
                user,
                [instance.name] if adding else [],
                [] if adding else [instance.name],
            )
        return
    names = list(Group.objects.filter(pk__in=changed).values_list("name", flat=True))
    _record(instance, names if adding else [], [] if adding else names)


def connect() -> None:
    """Called from ``AccountsConfig.ready``."""
    from accounts.models import User

    m2m_changed.connect(
        groups_changed,
        sender=User.groups.through,
        dispatch_uid="accounts.audit_group_membership",
    )
    request_started.connect(
        _forget_acting_user, dispatch_uid="accounts.forget_acting_user"
    )
    from accounts.mfa import sessions

    sessions.connect()
