"""Who holds an e-mail address, and claiming one without a race.

There is no unique constraint on ``User.email``: older data and imports hold
shared addresses. Code that gives an account an address nobody else may hold
(self-registration, a confirmed change of address) checks :func:`holders`
inside a transaction that first took :func:`lock_address`: on PostgreSQL a
transaction-level advisory lock per address, so of two such transactions for
one address the second waits for the first, then sees its row. (SQLite lets
one writer in at a time anyway.)
"""

from __future__ import annotations

import hashlib

from django.db import connection
from django.db.models import Q


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def lock_address(email: str) -> None:
    """Serialise claims on ``email`` until the transaction ends (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(normalise_email(email).encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def holders(email: str, *, exclude_pk: int | None = None):
    """Accounts with ``email`` as address, or as username (self-registered ones)."""
    from accounts.models import User

    email = normalise_email(email)
    if not email:
        return User.objects.none()
    found = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found
