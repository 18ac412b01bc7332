"""What an import row may refer to: organisations, duty stations, provinces,
languages.

Loaded once per check in two queries (both tables are small: hundreds of
rows), then looked up in memory for every row. Organisations are matched by
code or name in ``accounts.importing.units``.
"""

from __future__ import annotations

from accounts.geography import find_province, province_name
from accounts.importing.units import Found, UnitDirectory, text_key

#: ``References.station()`` answer for a name that several stations share.
AMBIGUOUS = -1
_LANGUAGES = {
    "km": "km",
    "khmer": "km",
    "ខ្មែរ": "km",
    "ភាសាខ្មែរ": "km",
    "en": "en",
    "english": "en",
    "អង់គ្លេស": "en",
    "ភាសាអង់គ្លេស": "en",
}


# Duty station names and codes are compared like unit codes: NFC, no
# zero-width characters, spaces collapsed, case folded.
_key = text_key


class References:
    def __init__(self):
        from accounts.models import DutyStation

        self.units = UnitDirectory.load()
        self.unit_codes: dict[int, str] = {
            pk: unit.code for pk, unit in self.units.by_pk.items()
        }
        self.unit_provinces: dict[int, str] = {
            pk: unit.province for pk, unit in self.units.by_pk.items()
        }

        self._stations: dict[str, int] = {}
        self.station_codes: dict[int, str] = {}
        self.station_provinces: dict[int, str] = {}
        names: dict[str, set[int]] = {}
        for pk, code, name, name_km, province in DutyStation.objects.values_list(
            "pk", "code", "name", "name_km", "province"
        ):
            self.station_codes[pk] = code
            self.station_provinces[pk] = province
            for text in (name, name_km):
                if text:
                    names.setdefault(_key(text), set()).add(pk)
        for key, pks in names.items():
            self._stations[key] = next(iter(pks)) if len(pks) == 1 else AMBIGUOUS
        for pk, code in self.station_codes.items():
            self._stations[_key(code)] = pk  # a code wins over a name
        self._provinces: dict[str, str | None] = {}

    def unit(self, text: str, allowed=None) -> Found:
        """The organisation among ``allowed`` (None: all) that ``text`` names by
        code, English name or Khmer name (see ``accounts.importing.units``)."""
        return self.units.find(text, allowed)

    def station(self, text: str) -> int | None:
        """The duty station with this code or English/Khmer name, None, or
        :data:`AMBIGUOUS`."""
        return self._stations.get(_key(text))

    def province(self, text: str) -> str | None:
        """The province code for a number or a name in either script, or None."""
        if text not in self._provinces:
            self._provinces[text] = find_province(text)
        return self._provinces[text]

    @staticmethod
    def language(text: str) -> str | None:
        """``"km"`` or ``"en"`` for a code or a language name in either script."""
        return _LANGUAGES.get(text.strip().casefold())

    def default_province(self, station_id: int | None, unit_id: int | None) -> str:
        """The duty station's province, else the unit's, else ""."""
        return (
            self.station_provinces.get(station_id) if station_id else ""
        ) or self.unit_provinces.get(unit_id, "")

    def display(self, name: str, value) -> str:
        """A user field's value as a person reads it in a list of changes."""
        if value in (None, ""):
            return ""
        if name == "organisation_id":
            return self.unit_codes.get(value, str(value))
        if name == "duty_station_id":
            return self.station_codes.get(value, str(value))
        if name == "province":
            return f"{value} {province_name(value)}".strip()
        return str(value)
