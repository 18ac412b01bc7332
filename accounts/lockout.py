"""Sign-in lockout: django-axes configured for this platform.

Axes counts failed sign-ins per *username and client address* together
(``AXES_LOCKOUT_PARAMETERS``), on every form that authenticates: the
officers' sign-in page and the Wagtail admin's. After
``AXES_FAILURE_LIMIT`` failures that pair is refused, even with the right
password, until ``AXES_COOLOFF_TIME`` has passed or an admin unlocks it
(admin: Settings > Sign-in lockouts, see ``accounts.lockout_admin``).

Locking the pair rather than the username alone means a stranger cannot lock
an officer out of the platform from elsewhere; locking the pair rather than the
address alone means the officers behind one checkpoint's shared connection do
not lock each other out. The client address is :func:`lms.client_ip.client_ip`,
so the trusted-proxy setting applies here as everywhere.

This module holds what axes calls back (the locked-out page) and the queries
and actions the admin needs; failed sign-ins and lockouts reach the audit log
through Django's ``user_login_failed`` and axes' ``user_locked_out`` signals,
and an unlock through :data:`accounts.signals.lockout_cleared`.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from accounts.signals import lockout_cleared


def locked_out_response(request, original_response=None, credentials=None):
    """The page a locked-out person sees, in their language, with status 429.

    It says how long to wait, and what else to do (reset the password, ask an
    administrator); it never says whether the username exists.
    """
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": get_failure_limit(request, credentials)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def current_lockouts():
    """Username and address pairs refused right now, newest first."""
    rows = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = get_cool_off()
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=timezone.now() - cool_off)
    return rows.order_by("-attempt_time")


def unlocked_at(attempt: AccessAttempt):
    """When ``attempt``'s lockout ends by itself (None: only an admin ends it)."""
    cool_off = get_cool_off()
    return attempt.attempt_time + cool_off if cool_off is not None else None


def unlock(attempt_id: int, *, actor, request=None) -> AccessAttempt | None:
    """Lift one lockout; returns the lifted row, or None if it had gone already.

    Deleting the row resets its failure count as well, so the person gets the
    full number of tries again.
    """
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return None
    deleted, _ = AccessAttempt.objects.filter(pk=attempt.pk).delete()
    if not deleted:  # a second click, or the other admin, was first
        return None
    lockout_cleared.send(
        sender=AccessAttempt,
        username=attempt.username,
        ip_address=attempt.ip_address,
        actor=actor,
        request=request,
    )
    return attempt
