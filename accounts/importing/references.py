"""What an import row may refer to: organisations, duty stations, provinces,
languages.

Loaded once per check in two queries (both tables are small: hundreds of
rows), then looked up in memory for every row.
"""

from __future__ import annotations

import unicodedata

from accounts.geography import find_province, province_name

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


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


class References:
    def __init__(self):
        from accounts.models import DutyStation, Organisation

        self._units: dict[str, int] = {}
        self.unit_codes: dict[int, str] = {}
        self.unit_provinces: dict[int, str] = {}
        for pk, code, province in Organisation.objects.values_list(
            "pk", "code", "province"
        ):
            self._units[code.casefold()] = pk
            self.unit_codes[pk] = code
            self.unit_provinces[pk] = province

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
            self._stations[code.casefold()] = pk  # a code wins over a name
        self._provinces: dict[str, str | None] = {}

    def unit(self, code: str) -> int | None:
        """The organisation with ``code`` (any case), or None."""
        return self._units.get(code.casefold())

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
