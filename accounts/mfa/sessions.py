"""At each sign-in, note in the session whether the user has opted in.

Read by ``policy.owes_second_factor`` on every request, so an officer's
requests cost no device lookups (staff roles are checked on each request).
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in

from accounts.mfa import policy


def _note_opt_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        policy.remember_opt_in(request, user)


def connect() -> None:
    """Called from ``accounts.signals.connect`` (``AccountsConfig.ready``)."""
    user_logged_in.connect(_note_opt_in, dispatch_uid="accounts.mfa.note_opt_in")
