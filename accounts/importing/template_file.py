"""Files that help people prepare an import: a blank workbook and the unit list.

:func:`template_workbook` is an XLSX whose first sheet has the import's
headings (the only sheet an import reads) and whose second sheet lists the
units the importer may name, with their codes; the ``unit`` column offers
those codes in a drop-down but accepts any text, since names work as well.
:func:`unit_rows` feeds the same list to a CSV download. Every text cell is
escaped by ``lms.spreadsheets`` (a unit name is typed by an administrator,
but a file we hand out must never carry a formula).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from accounts.importing.columns import COLUMNS
from accounts.importing.reading import max_rows
from accounts.importing.units import Unit
from lms.spreadsheets import escape_cell

OFFICERS_SHEET = "Officers"
UNITS_SHEET = "Units"


def unit_headings() -> list[str]:
    return [_("Code"), _("English name"), _("Khmer name"), _("Kind"), _("Under")]


def unit_rows(units: list[Unit]) -> list[list[str]]:
    """One row per unit: code, English name, Khmer name, kind, parent's name."""
    from accounts.models import Organisation

    kinds = dict(Organisation.Kind.choices)
    names = {unit.pk: unit.localized_name for unit in units}
    parents = _parent_names([u.parent_id for u in units if u.parent_id not in names])
    names.update(parents)
    return [
        [
            unit.code,
            unit.name,
            unit.name_km,
            str(kinds.get(unit.kind, unit.kind)),
            names.get(unit.parent_id, "") if unit.parent_id else "",
        ]
        for unit in units
    ]


def _parent_names(pks) -> dict[int, str]:
    """Names of parents outside the list (a reviewer's own ministry, say)."""
    from accounts.models import Organisation

    pks = sorted({pk for pk in pks if pk})
    if not pks:
        return {}
    return {o.pk: o.localized_name for o in Organisation.objects.filter(pk__in=pks)}


def template_workbook(units: list[Unit]) -> bytes:
    """A blank import file (XLSX) with the importer's units on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    officers = workbook.active
    officers.title = OFFICERS_SHEET
    officers.append([column.key for column in COLUMNS])
    for cell in officers[1]:
        cell.font = Font(bold=True)
        officers.column_dimensions[cell.column_letter].width = 22
    officers.freeze_panes = "A2"

    listing = workbook.create_sheet(UNITS_SHEET)
    listing.append(unit_headings())
    for row in unit_rows(units):
        # Escaped text never starts with "=", so openpyxl stores it as text.
        listing.append([escape_cell(value) for value in row])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 50, 50, 16, 40), strict=True):
        listing.column_dimensions[letter].width = width
    listing.freeze_panes = "A2"

    last_row = max_rows() + 1
    letters = {cell.value: cell.column_letter for cell in officers[1]}
    if units:
        # A suggestion, not a rule: names are accepted too, so no error box.
        codes = DataValidation(
            type="list",
            formula1=f"={UNITS_SHEET}!$A$2:$A${len(units) + 1}",
            showErrorMessage=False,
            allow_blank=True,
        )
        codes.add(f"{letters['unit']}2:{letters['unit']}{last_row}")
        officers.add_data_validation(codes)
    languages = DataValidation(
        type="list", formula1='"km,en"', showErrorMessage=False, allow_blank=True
    )
    column = letters["preferred_language"]
    languages.add(f"{column}2:{column}{last_row}")
    officers.add_data_validation(languages)

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
