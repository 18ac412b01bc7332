"""The secrets behind activation: short codes to type, tokens to click, hashes.

A letter's code is 12 characters from :data:`ALPHABET`, which leaves out
every character that reads like another on paper or a phone screen (0/O,
1/I/L, 5/S, 2/Z, 8/B): 25 symbols, so 25^12, about 2^55, codes. That is
plenty for a secret that works once, expires, and is rate-limited per client
and per account. It is printed in groups of four (``K7QM-4XTR-9PWA``) and
typed any way: lower case, spaces, dashes or none (:func:`normalise`).

An invitation e-mail carries a long random token instead (nobody types it).

Only :func:`secret_hash` of a secret is stored: an HMAC-SHA256 keyed by the
project's ``SECRET_KEY``, so a copy of the database gives no working code
(and a plain hash of a 55-bit code could be brute-forced offline). Rotating
``SECRET_KEY`` therefore voids outstanding codes: re-issue them.
"""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 12
GROUP = 4
#: Bytes of randomness in an e-mailed link token (43 URL-safe characters).
TOKEN_BYTES = 32

_SALT = "accounts.activation.secret"
_SEPARATORS = frozenset(" -\t\r\n._")
_VALID = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh canonical short code from the operating system's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_token() -> str:
    """A fresh link token for an invitation e-mail."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise(typed: str) -> str | None:
    """The canonical short code for what someone typed, or ``None``.

    Case, spaces and dashes do not matter; a character that is not in the
    alphabet (a look-alike such as ``0`` or ``S``) means it is no code.
    """
    compact = "".join(ch for ch in (typed or "").upper() if ch not in _SEPARATORS)
    if len(compact) != LENGTH or not set(compact) <= _VALID:
        return None
    return compact


def display(code: str) -> str:
    """``code`` in groups of four, as printed: ``K7QM-4XTR-9PWA``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def canonical_secret(value: str) -> str:
    """A link's secret as stored: a short code normalised, a token as it is."""
    return normalise(value) or (value or "").strip()


def secret_hash(secret: str) -> str:
    """The stored form of ``secret`` (hex HMAC-SHA256, 64 characters)."""
    return salted_hmac(_SALT, secret, algorithm="sha256").hexdigest()
