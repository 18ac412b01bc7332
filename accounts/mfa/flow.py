"""Steps shared by the code and passkey paths: where to go, what to note."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from accounts import signals
from accounts.mfa import policy
from accounts.navigation import landing_url


def safe_next(request, url: str | None) -> str:
    """``url`` if it stays on this site, else where sign-in lands this user."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    if request.user.is_authenticated:
        return landing_url(request.user)
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def after_verification(request, device, *, kind: str) -> None:
    """The session's second factor was given with ``device``."""
    otp_login(request, device)
    # A new session key for the raised privilege, as at sign-in.
    request.session.cycle_key()
    request.session[policy.OPTED_IN_SESSION_KEY] = True
    signals.mfa_verified.send(
        sender=type(device),
        user=request.user,
        device=device,
        kind=kind,
        request=request,
    )
