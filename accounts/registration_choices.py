"""The lists an officer picks from when asking for an account.

Units are shown as the tree people know (ministry › department › unit): one
``<optgroup>`` per parent, labelled with the path down to it, and only
*units* (``Organisation.Kind.UNIT``) selectable, since officers belong to
units and a reviewer of the unit (or above it) approves them. Duty stations
are grouped by province. Labels are in the active language (Khmer names when
the page is in Khmer and a unit has one) and sorted by that label.

Sorting is by code point after case folding: Khmer's consonants are encoded
in dictionary order, so this is close to a Khmer dictionary's order without
a collation library.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.geography import province_codes, province_name

#: Between the levels of a group's label: "Ministry › Department".
PATH_SEPARATOR = " › "


def _sort_key(text: str) -> str:
    return text.casefold()


def unit_choices() -> list:
    """Units grouped under the path of their parents, for a ``<select>``.

    One query: the organisation table holds hundreds of rows. A unit without
    a parent goes in a last group of its own.
    """
    from accounts.models import Organisation

    organisations = {
        o.pk: o
        for o in Organisation.objects.only("pk", "name", "name_km", "kind", "parent_id")
    }

    def path(pk) -> str:
        names, seen = [], set()
        while pk is not None and pk in organisations and pk not in seen:
            seen.add(pk)  # a broken tree must not loop forever
            names.append(organisations[pk].localized_name)
            pk = organisations[pk].parent_id
        return PATH_SEPARATOR.join(reversed(names))

    groups: dict[str, list] = {}
    orphans: list = []
    for organisation in organisations.values():
        if organisation.kind != Organisation.Kind.UNIT:
            continue
        option = (organisation.pk, organisation.localized_name)
        if organisation.parent_id in organisations:
            groups.setdefault(path(organisation.parent_id), []).append(option)
        else:
            orphans.append(option)
    choices: list = [("", _("Choose your unit"))]
    for label in sorted(groups, key=_sort_key):
        choices.append((label, _sorted_options(groups[label])))
    if orphans:
        choices.append((_("Other units"), _sorted_options(orphans)))
    return choices


def duty_station_choices() -> list:
    """Duty stations grouped by province, both sorted by name."""
    from accounts.models import DutyStation

    by_province: dict[str, list] = {}
    for station in DutyStation.objects.only("pk", "name", "name_km", "province"):
        by_province.setdefault(station.province, []).append(
            (station.pk, station.localized_name)
        )
    choices: list = [("", _("None: I do not serve at one of these"))]
    groups = [
        (province_name(code), _sorted_options(by_province[code]))
        for code in province_codes()
        if code in by_province
    ]
    return choices + sorted(groups, key=lambda group: _sort_key(group[0]))


def province_choices() -> list:
    """The 25 provinces by name in the active language, after an empty choice."""
    provinces = [(code, province_name(code)) for code in province_codes()]
    return [("", _("Choose your province")), *_sorted_options(provinces)]


def _sorted_options(options: list) -> list:
    return sorted(options, key=lambda option: _sort_key(str(option[1])))
