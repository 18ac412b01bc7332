"""Changing one's own e-mail address: asked with the password, confirmed by mail.

An officer's address is what the password-reset mail goes to (and, for those
who registered themselves, the name they sign in with), so nobody takes an
address they cannot read:

1. :func:`request_change` (the profile's "change e-mail" form, after the
   current password was checked) mails a link to the *new* address. When the
   address already belongs to another account, the new address gets a notice
   instead and the form says the same as always: the page never tells who has
   an account.
2. :func:`confirm` (the link, opened while signed in as the same user) writes
   the address, and the *old* address is told.

The link is a signed token (``django.core.signing``, salt :data:`SALT`),
not a database row: it carries the user's id, the old and the new address and
a fingerprint of the account's current address and password hash. It expires
after ``LMS_EMAIL_CHANGE_TIMEOUT`` seconds, and it stops working once the
address or the password changes, so it works once, and only the latest of two
links asked in two tabs can still apply after the other one did. No table, no
migration, nothing to clean up.

There is no unique constraint on ``User.email``, so the address is claimed
under ``accounts.addresses.lock_address``: of two confirmations (or a
confirmation and a registration) for one address, only one finds it free.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts import signals
from accounts.addresses import holders, lock_address, normalise_email
from accounts.models import User
from accounts.registration import absolute, build_email, language_of

logger = logging.getLogger(__name__)

SALT = "accounts.email_change"


class InvalidLink(Exception):
    """The link is forged, expired, used, superseded or for another account."""


class AddressTaken(Exception):
    """Another account took the new address since the link was sent."""


# Tokens -----------------------------------------------------------------------


def fingerprint(user) -> str:
    """Changes whenever the user's address or password does."""
    value = f"{user.pk}:{normalise_email(user.email)}:{user.password}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def make_token(user, new_email: str) -> str:
    payload = {
        "u": user.pk,
        "o": normalise_email(user.email),
        "n": normalise_email(new_email),
        "s": fingerprint(user),
    }
    return signing.dumps(payload, salt=SALT)


def read_token(token: str) -> dict:
    """The token's payload; :class:`InvalidLink` if forged or expired."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=settings.LMS_EMAIL_CHANGE_TIMEOUT
        )
    except signing.BadSignature:  # SignatureExpired is one too
        raise InvalidLink from None
    if not isinstance(payload, dict) or not {"u", "o", "n", "s"} <= payload.keys():
        raise InvalidLink
    return payload


def pending_address(token: str, user) -> str:
    """The new address a link for ``user`` offers; :class:`InvalidLink` if none."""
    payload = read_token(token)
    if payload["u"] != user.pk or not constant_time_compare(
        payload["s"], fingerprint(user)
    ):
        raise InvalidLink
    return payload["n"]


# Steps ------------------------------------------------------------------------


def request_change(user, new_email: str, *, request=None) -> None:
    """Mail the confirmation link (or, if the address is taken, a notice).

    The caller has checked the password and that ``new_email`` differs from
    the current address. The mail goes out at once (as Django's password
    reset does): a mail server that fails is an error the officer sees.
    """
    new_email = normalise_email(new_email)
    taken = holders(new_email, exclude_pk=user.pk).exists()
    context = {
        "user": user,
        "new_email": new_email,
        "hours": max(1, settings.LMS_EMAIL_CHANGE_TIMEOUT // 3600),
    }
    if taken:
        template = "email_change_taken"
    else:
        template = "email_change_confirm"
        path = reverse(
            "accounts:email_change_confirm", args=[make_token(user, new_email)]
        )
        context["confirm_url"] = absolute(path)
    build_email(template, context, to=new_email, language=language_of(user)).send()
    signals.email_change_requested.send(
        sender=User, user=user, new_email=new_email, request=request
    )


def confirm(user, token: str, *, request=None) -> str:
    """Give ``user`` the address the link offers; return it.

    Raises :class:`InvalidLink` (forged, expired, used, superseded, another
    account's) or :class:`AddressTaken`; nothing changes then.
    """
    payload = read_token(token)
    if payload["u"] != user.pk:
        raise InvalidLink
    new_email = payload["n"]
    try:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            if not constant_time_compare(payload["s"], fingerprint(locked)):
                raise InvalidLink
            lock_address(new_email)
            if holders(new_email, exclude_pk=locked.pk).exists():
                raise AddressTaken
            old_email = locked.email
            fields = {"email": new_email}
            # Self-registered officers sign in with their address.
            if old_email and locked.username.lower() == old_email.lower():
                fields["username"] = new_email
            User.objects.filter(pk=locked.pk).update(**fields)
            for name, value in fields.items():
                setattr(user, name, value)
            signals.email_changed.send(
                sender=User,
                user=user,
                old_email=old_email,
                new_email=new_email,
                request=request,
            )
            if old_email:
                notice = build_email(
                    "email_changed",
                    {"user": user, "old_email": old_email, "new_email": new_email},
                    to=old_email,
                    language=language_of(user),
                )
                transaction.on_commit(lambda: send_quietly(notice))
    except IntegrityError:
        # The username is unique: someone registered with it a moment ago.
        raise AddressTaken from None
    return new_email


def send_quietly(message) -> None:
    """Send a notice; a mail server that fails must not undo a confirmed change."""
    try:
        message.send()
    except Exception:  # noqa: BLE001 (any mail backend error)
        logger.exception("Could not send %r", message.subject)
