"""Officers who have not activated yet, and codes for them, for activation tests."""

from __future__ import annotations

import re

from accounts.activation import issuing
from accounts.models import ActivationCode
from tests import factories

NEW_PASSWORD = "Border-checkpoint-2026!"


def never_activated(*, email: str | None = "", **fields):
    """An imported-like officer: active, no usable password, no e-mail by default."""
    user = factories.make_user("officer", **fields)
    user.set_unusable_password()
    user.email = email or ""
    user.save(update_fields=["password", "email"])
    return user


def letter_for(user, actor=None) -> issuing.Issued:
    """A fresh letter code for ``user`` (the plain code is on ``.secret``)."""
    return issuing.issue_letters([user], actor=actor)[0]


def link_path(link: str) -> str:
    """The path of an absolute activation link."""
    return re.sub(r"^https?://[^/]+", "", link)


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+/accounts/activate/[^/\s]+/", text)


def live_codes(user):
    return ActivationCode.objects.live().filter(user=user)
