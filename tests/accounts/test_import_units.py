"""Naming the unit in an officer import: by code, English name or Khmer name,
whatever Word or Excel did to the text; and errors that say which units may be
named instead."""

from __future__ import annotations

import io
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import translation

from accounts.importing import apply_import, preview_import
from accounts.importing.columns import COLUMN_BY_KEY
from accounts.importing.units import LISTED_UNITS, UnitDirectory, text_key
from accounts.models import Organisation, User
from accounts.scope import Scope
from tests.accounts.import_files import HEADER, csv_bytes, make_world

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)
KHMER_A1 = "អង្គភាពអន្តោប្រវេសន៍ប៉ោយប៉ែត"


@pytest.fixture
def world():
    world = make_world()
    world.unit_a1.name = "Poipet Immigration Unit"
    world.unit_a1.name_km = KHMER_A1
    world.unit_a1.save()
    return world


def row(unit, staff_id="2001"):
    return [staff_id, "", "Sok Dara", "", unit, ""]


def check(units, *, scope=ADMIN):
    rows = [row(unit, staff_id=str(2001 + n)) for n, unit in enumerate(units)]
    return preview_import(csv_bytes([HEADER, *rows]), scope=scope, name="t.csv")


def unit_errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.mark.parametrize(
    "written",
    [
        "A1",
        "a1",
        "Poipet Immigration Unit",
        "POIPET IMMIGRATION UNIT",
        "  Poipet   Immigration\u00a0Unit ",
        "Poipet\u200b Immigration Unit",
        KHMER_A1,
        # Word's zero-width spaces between Khmer words, and spaces.
        "អង្គភាព\u200bអន្តោប្រវេសន៍\u200bប៉ោយប៉ែត",
        " អង្គភាព អន្តោប្រវេសន៍ ប៉ោយប៉ែត ",
        # The vowel ោ typed as េ + ា: the same to the eye, not to NFC.
        KHMER_A1.replace("\u17c4", "\u17c1\u17b6"),
        unicodedata.normalize("NFD", KHMER_A1),
    ],
)
def test_a_unit_is_found_by_code_or_name_as_people_write_it(world, written):
    scope = world.scope(world.reviewer_a)
    result = check([written], scope=scope)
    assert result.ok, unit_errors(result)
    assert result.rows[0].values["organisation_id"] == world.unit_a1.pk


def test_importing_by_name_saves_the_officers_in_that_unit(world):
    data = csv_bytes([HEADER, row("Poipet Immigration Unit"), row(KHMER_A1, "2002")])
    result = apply_import(data, scope=world.scope(world.reviewer_a), name="t.csv")
    assert result.applied, unit_errors(result)
    assert set(
        User.objects.filter(staff_id__in=["2001", "2002"]).values_list(
            "organisation_id", flat=True
        )
    ) == {world.unit_a1.pk}


def test_a_code_wins_over_a_name(world):
    # A unit whose English name is another unit's code.
    Organisation.objects.create(
        code="A-NAMED", name="A2", kind="unit", parent=world.ministry_a
    )
    result = check(["A2"], scope=world.scope(world.reviewer_a))
    assert result.rows[0].values["organisation_id"] == world.unit_a2.pk


def test_a_name_two_of_the_reviewers_units_share_asks_for_the_code(world):
    twin = Organisation.objects.create(
        code="A3", name="Poipet Immigration Unit", kind="unit", parent=world.ministry_a
    )
    result = check(["poipet immigration unit"], scope=world.scope(world.reviewer_a))
    ((number, column, message),) = unit_errors(result)
    assert (number, column) == (2, "unit")
    assert message == (
        "Several of the units you may use are called “poipet immigration unit”: "
        f"A1 — Poipet Immigration Unit — {KHMER_A1}; "
        "A3 — Poipet Immigration Unit. Write the code of the one you mean."
    )
    # The code settles it.
    assert check(["A3"], scope=world.scope(world.reviewer_a)).rows[0].values[
        "organisation_id"
    ] == (twin.pk)


def test_a_namesake_outside_the_reviewers_units_is_neither_found_nor_ambiguous(
    world,
):
    Organisation.objects.create(
        code="B2", name="Poipet Immigration Unit", kind="unit", parent=world.ministry_b
    )
    result = check(["Poipet Immigration Unit"], scope=world.scope(world.reviewer_a))
    assert result.ok, unit_errors(result)
    assert result.rows[0].values["organisation_id"] == world.unit_a1.pk
    # Reviewer B, by the same name, gets their own unit.
    result = check(["Poipet Immigration Unit"], scope=world.scope(world.reviewer_b))
    assert result.rows[0].values["organisation_id"] != world.unit_a1.pk


def test_an_unmanaged_unit_names_the_units_that_may_be_used(world):
    result = check(
        ["Unit B1", "B1", "Nowhere"],  # by name, by code, unknown
        scope=world.scope(world.reviewer_a),
    )
    errors = unit_errors(result)
    assert [(n, column) for n, column, _m in errors] == [
        (2, "unit"),
        (3, "unit"),
        (4, "unit"),
    ]
    first = errors[0][2]
    assert first == (
        "“Unit B1” is not the code or name of a unit you manage. Use the code, "
        "the English name or the Khmer name of one of these (code — English "
        f"name — Khmer name): A1 — Poipet Immigration Unit — {KHMER_A1}; "
        "A2 — Unit A2; A — Ministry A."
    )
    assert "B1 —" not in first  # nothing about units elsewhere
    # Later rows point to the list instead of repeating it; a unit that
    # exists elsewhere reads the same as one that does not exist at all.
    assert errors[1][2] == (
        "“B1” is not the code or name of a unit you manage. "
        "The units you may use are listed in row 2."
    )
    assert errors[2][2] == errors[1][2].replace("“B1”", "“Nowhere”")


def test_a_long_list_of_units_is_cut_and_says_where_to_see_the_rest(world):
    for n in range(LISTED_UNITS + 3):
        Organisation.objects.create(
            code=f"A-X{n:02}",
            name=f"Extra unit {n}",
            kind="unit",
            parent=world.ministry_a,
        )
    (error,) = check(["Nowhere"], scope=world.scope(world.reviewer_a)).errors
    listed = error.message.split(": ", 1)[1]
    assert listed.count(" — ") >= LISTED_UNITS
    assert "A-X00 — Extra unit 0" in listed  # units first, by code
    assert "Ministry A" not in listed
    # 15 units and 1 ministry in scope, 10 listed.
    assert error.message.endswith(
        "6 more units are not listed here: see “Your units and their codes” on "
        "the Import officers page."
    )


def test_an_admin_may_name_any_unit_and_is_told_when_none_matches(world):
    assert check(["Unit B1"]).rows[0].values["organisation_id"] == world.unit_b1.pk
    (error,) = check(["Nowhere"]).errors
    assert error.message.startswith(
        "No organisation has the code or name “Nowhere”. Use the code"
    )


def test_errors_are_in_the_importers_language(world):
    with translation.override("km"):
        result = check(["Nowhere", "Nowhere"], scope=world.scope(world.reviewer_a))
        text = str(result.errors[1])
    assert text.startswith("ជួរដេកទី 3 ជួរឈរ unit៖ “Nowhere” មិនមែនជាលេខកូដ"), text
    assert "Nowhere" in text
    assert "is not the code" not in text
    assert "ជួរដេកទី 2" in result.errors[1].message  # "listed in row 2"


def test_the_unit_columns_help_shows_a_real_example():
    column = COLUMN_BY_KEY["unit"]
    assert "GDI-PP" not in column.describe()
    assert "e.g. XYZ-9" in column.describe("XYZ-9")
    assert "e.g." not in column.describe("")


def test_keys_fold_what_word_and_excel_change():
    assert text_key(" Ünit\u00a0\u00a0A1\u200b ") == text_key("u\u0308nit a1")
    directory = UnitDirectory([])
    assert directory.find("anything").unit is None


def test_the_command_lists_the_units_a_reviewer_may_name(world):
    out = io.StringIO()
    call_command(
        "import_officers", "--list-units", "--as", world.reviewer_a.username, stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines == [
        f"A1 — Poipet Immigration Unit — {KHMER_A1}",
        "A2 — Unit A2",
        "A — Ministry A",
    ]
