"""Verification codes: 140 random bits in Crockford's base32, URL-safe.

A code is 28 characters from ``0-9 A-Z`` without ``I L O U``, so it reads
aloud, survives a phone call and needs no escaping in a URL. It is printed in
groups of four (``7K3M-Q9TZ-...``); :func:`normalise` turns anything a person
types (spaces, hyphens, lower case, ``O`` for ``0``, ``I``/``L`` for ``1``)
back into the canonical form stored in the database.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28  # 28 x 5 = 140 bits of randomness (the issue asks for at least 128)
GROUP = 4

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh canonical code from the operating system's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The canonical code for what someone typed, or ``None`` if it cannot be one."""
    compact = "".join(ch for ch in typed.upper() if ch not in " -\t\r\n.")
    compact = compact.translate(_CONFUSABLE)
    if len(compact) != LENGTH or not set(compact) <= _VALID:
        return None
    return compact


def display(code: str) -> str:
    """``code`` in groups of four, as printed on the certificate."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
