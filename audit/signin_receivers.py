"""Failed sign-ins, lockouts and unlocks, written to the audit log.

Django sends ``user_login_failed`` for every refused password, on any form
that authenticates (the officers' sign-in and the admin's), and also for each
try made while locked out; django-axes sends ``user_locked_out`` when a
username and address pair reaches the limit; ``accounts.lockout`` sends
``lockout_cleared`` when an admin lifts one.

The typed username is kept as it was typed (it may name nobody); the event
points at the account only when one has exactly that username. Passwords are
never in the event: Django passes them masked, and only the username is read.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

from accounts.models import User
from accounts.signals import lockout_cleared
from audit.log import record

SIGNIN_FAILED = "signin.failed"
SIGNIN_LOCKED_OUT = "signin.locked_out"
SIGNIN_UNLOCKED = "signin.unlocked"

#: Longest username kept in an event; anything longer is an attack, not a name.
USERNAME_KEPT = 150


def _account(username: str):
    if not username:
        return None
    return User.objects.filter(username=username).select_related("organisation").first()


def _typed(username) -> str:
    return str(username or "")[:USERNAME_KEPT]


def _where(request) -> str:
    path = getattr(request, "path", "") or ""
    return "admin" if path.startswith("/admin/") else "site"


def login_failed(sender, credentials=None, request=None, **kwargs):
    username = _typed((credentials or {}).get("username"))
    account = _account(username)
    record(
        SIGNIN_FAILED,
        target=account,
        organisation=account.organisation if account else None,
        request=request,
        username=username,
        where=_where(request),
    )


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    username = _typed(username)
    account = _account(username)
    record(
        SIGNIN_LOCKED_OUT,
        target=account,
        organisation=account.organisation if account else None,
        request=request,
        username=username,
        where=_where(request),
        # The limit in force, so the log can say "after 10 failed sign-ins".
        failures=settings.AXES_FAILURE_LIMIT,
    )


def unlocked(sender, username="", ip_address=None, actor=None, request=None, **kw):
    username = _typed(username)
    account = _account(username)
    record(
        SIGNIN_UNLOCKED,
        actor=actor,
        target=account,
        organisation=account.organisation if account else None,
        request=request,
        username=username,
        locked_address=ip_address or "",
    )


def connect() -> None:
    """Called from ``AuditConfig.ready``."""
    user_login_failed.connect(login_failed, dispatch_uid="audit.signin_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.signin_locked_out")
    lockout_cleared.connect(unlocked, dispatch_uid="audit.signin_unlocked")
