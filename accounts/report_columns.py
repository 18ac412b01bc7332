"""The officer columns that every report and export starts with (a public contract).

A ministry files reports side by side, so every file that lists officers
(portal reports, plugin reports such as the quiz results, certificate
manifests, the officers export, cohort exports) starts with the same five
columns, in this order:

=============  ==========================================================
key            value
=============  ==========================================================
``staff_id``   the officer's staff ID ("" without one)
``name``       the name in Latin script (``User.get_full_name``)
``name_km``    the name in Khmer script ("" without one)
``unit``       the unit's name in the active language (Khmer falls back
               to English)
``province``   the province's name in the active language: the officer's
               own, else their unit's
=============  ==========================================================

Any app or plugin may import this module (it depends on ``accounts`` only):

- :func:`officer_core_columns` gives the keys, the translated headings and
  :meth:`CoreColumns.row` for a ``User`` (select ``organisation`` with it);
- reports that read rows with ``values_list`` ask for
  :meth:`CoreColumns.fields` (with the lookup to the user, e.g. ``"user__"``)
  and turn those values into the five cells with :meth:`CoreColumns.cells`,
  so no query runs per row.

Keys are stable (tests and machine-read manifests rely on them); headings
are translated when the file is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.geography import province_name

#: The stable keys of the core columns, in order.
CORE_KEYS = ("staff_id", "name", "name_km", "unit", "province")

_HEADINGS = (
    _("Staff ID"),
    _("Name (Latin)"),
    _("Name (Khmer)"),
    _("Unit"),
    _("Province"),
)

# What the five cells are computed from, relative to the user.
_FIELDS = (
    "staff_id",
    "full_name",
    "first_name",
    "last_name",
    "username",
    "full_name_km",
    "organisation__name",
    "organisation__name_km",
    "province",
    "organisation__province",
)


def latin_name(full_name: str, first_name: str, last_name: str, username: str) -> str:
    """What ``User.get_full_name`` returns, from the stored values."""
    return (
        full_name or f"{first_name or ''} {last_name or ''}".strip() or (username or "")
    )


def _unit_name(name: str | None, name_km: str | None) -> str:
    if get_language() == "km" and name_km:
        return name_km
    return name or ""


@dataclass(frozen=True)
class CoreColumns:
    """The core columns: ``keys``, ``headings`` and ways to fill them."""

    keys: tuple[str, ...]
    headings: tuple[Any, ...]

    def fields(self, prefix: str = "") -> tuple[str, ...]:
        """The ``values_list`` lookups :meth:`cells` needs, under ``prefix``
        (the lookup to the user followed by ``__``, e.g. ``"user__"``)."""
        return tuple(prefix + field for field in _FIELDS)

    def cells(self, values: Sequence) -> tuple:
        """The five cells from the values of :meth:`fields`, in that order."""
        (
            staff_id,
            full_name,
            first_name,
            last_name,
            username,
            full_name_km,
            unit,
            unit_km,
            province,
            unit_province,
        ) = values
        return (
            staff_id or "",
            latin_name(full_name, first_name, last_name, username),
            full_name_km or "",
            _unit_name(unit, unit_km),
            province_name(province or unit_province),
        )

    def row(self, user) -> tuple:
        """The five cells for ``user`` (``None`` gives five empty cells).

        Reads ``user.organisation``: select it with the users.
        """
        if user is None:
            return ("",) * len(self.keys)
        unit = user.organisation
        return (
            user.staff_id or "",
            user.get_full_name(),
            user.full_name_km or "",
            _unit_name(unit.name, unit.name_km) if unit else "",
            province_name(user.province or (unit.province if unit else "")),
        )


_CORE = CoreColumns(keys=CORE_KEYS, headings=_HEADINGS)


def officer_core_columns() -> CoreColumns:
    """The core columns every officer report starts with (see the module)."""
    return _CORE
