"""Which organisation an import row names, and the units an importer may use.

People preparing an officer list know their units by name, not by the
platform's internal code, so the ``unit`` column accepts the code, the
English name or the Khmer name. Text copied from Word or Excel is often not
what it looks like: Khmer may arrive decomposed (NFD, or a vowel typed in two
parts), with zero-width spaces (U+200B, which Khmer word processors insert
between words) or with non-breaking or doubled spaces. :func:`text_key`
folds all of that away before comparing.

Matching (:meth:`UnitDirectory.find`) only ever considers the organisations
the importer may use, so a reviewer learns nothing about units elsewhere:
a unit outside their scope and one that does not exist get the same answer.
A code wins over a name; a name that two of the importer's units share is
ambiguous and the row must give the code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.utils.translation import get_language

from lms.khmer import normalise_for_matching

#: How many units an error message lists before saying how many more there are.
LISTED_UNITS = 10


def text_key(text: str) -> str:
    """``text`` as compared (:func:`lms.khmer.normalise_for_matching`): NFC,
    no zero-width characters, Khmer vowels and subscripts in one order, Khmer
    digits as Latin ones, spaces collapsed, case folded. ``" Unit\u00a0 a1 "``
    and ``"UNIT A1"`` give the same key."""
    return normalise_for_matching(str(text or ""))


def name_key(text: str) -> str:
    """A name's key with no spaces at all.

    Khmer separates words inconsistently (a space, a zero-width space or
    nothing), so ``"ក្រសួង មហាផ្ទៃ"`` and ``"ក្រសួងមហាផ្ទៃ"`` must meet; two real
    names that differ only in their spacing do not exist.
    """
    return text_key(text).replace(" ", "")


@dataclass(frozen=True)
class Unit:
    """One organisation as the import sees it (plain values, no model instance)."""

    pk: int
    code: str
    name: str
    name_km: str = ""
    kind: str = "unit"
    parent_id: int | None = None
    province: str = ""

    @property
    def localized_name(self) -> str:
        if get_language() == "km" and self.name_km:
            return self.name_km
        return self.name

    def describe(self) -> str:
        """``"GDI-POIPET — Poipet … Unit — អង្គភាព…"``: what a person can type."""
        return " — ".join(part for part in (self.code, self.name, self.name_km) if part)


@dataclass
class Found:
    """The answer of :meth:`UnitDirectory.find`.

    ``unit`` when the text names exactly one allowed organisation;
    otherwise ``ambiguous`` lists the allowed organisations sharing that name
    (two or more), or both are empty: nothing allowed has that code or name.
    """

    unit: Unit | None = None
    ambiguous: list[Unit] = field(default_factory=list)


def _sort_key(unit: Unit):
    # Units (where officers belong) before the ministries and departments
    # above them, then by code: the order people scan a list of codes in.
    return (unit.kind != "unit", unit.code.casefold())


class UnitDirectory:
    """Every organisation, indexed by code and by English and Khmer name."""

    def __init__(self, units: Iterable[Unit]):
        self.by_pk: dict[int, Unit] = {}
        self._codes: dict[str, int] = {}
        self._names: dict[str, set[int]] = {}
        for unit in units:
            self.by_pk[unit.pk] = unit
            self._codes[text_key(unit.code)] = unit.pk
            for name in (unit.name, unit.name_km):
                if key := name_key(name):
                    self._names.setdefault(key, set()).add(unit.pk)

    @classmethod
    def load(cls) -> UnitDirectory:
        """All organisations, in one query (the table holds hundreds of rows)."""
        from accounts.models import Organisation

        rows = Organisation.objects.values_list(
            "pk", "code", "name", "name_km", "kind", "parent_id", "province"
        )
        return cls(Unit(*row) for row in rows)

    def find(self, text: str, allowed: Collection[int] | None = None) -> Found:
        """The organisation ``text`` names among ``allowed`` (None: all).

        The code first (any case), then the English or Khmer name. A code
        that matches nothing allowed still lets a name match, so a unit
        called like another one's code is found by its name.
        """

        def permitted(pk: int) -> bool:
            return allowed is None or pk in allowed

        pk = self._codes.get(text_key(text))
        if pk is not None and permitted(pk):
            return Found(unit=self.by_pk[pk])
        named = self._names.get(name_key(text), ())
        matches = sorted(
            (self.by_pk[pk] for pk in named if permitted(pk)), key=_sort_key
        )
        if len(matches) == 1:
            return Found(unit=matches[0])
        return Found(ambiguous=matches if len(matches) > 1 else [])

    def allowed(self, allowed: Collection[int] | None = None) -> list[Unit]:
        """The organisations in ``allowed`` (None: all), units first, by code."""
        units = (
            self.by_pk.values()
            if allowed is None
            else [self.by_pk[pk] for pk in allowed if pk in self.by_pk]
        )
        return sorted(units, key=_sort_key)


def units_in_scope(scope) -> list[Unit]:
    """The organisations an importer with ``scope`` may name, units first."""
    directory = UnitDirectory.load()
    return directory.allowed(None if scope.is_admin else scope.organisation_ids)


def example_code(units: list[Unit]) -> str:
    """A real code to show in help texts: the first unit's, "" if none."""
    return units[0].code if units else ""
