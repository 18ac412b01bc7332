"""Checking an officer import: every row rule, matching, and the importer's scope."""

from __future__ import annotations

import pytest

from accounts.geography import province_name
from accounts.importing import CREATE, UNCHANGED, UPDATE, preview_import
from accounts.models import User
from accounts.scope import Scope
from tests import factories
from tests.accounts.import_files import HEADER, csv_bytes, make_world

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)
GOOD = ["2001", "new.officer@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"]


@pytest.fixture
def world():
    return make_world()


def check(rows, *, header=HEADER, scope=ADMIN):
    return preview_import(csv_bytes([header, *rows]), scope=scope, name="t.csv")


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def only_error(result):
    assert len(result.errors) == 1, errors_of(result)
    return result.errors[0]


def with_(**changes):
    row = dict(zip(HEADER, GOOD, strict=True))
    row.update(changes)
    return [row[key] for key in HEADER]


def test_a_good_row_plans_a_new_officer_and_saves_nothing(world):
    before = User.objects.count()
    result = check([GOOD])
    assert result.ok and not result.applied
    assert result.counts == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
    }
    plan = result.rows[0]
    assert plan.action == CREATE and plan.row == 2
    assert plan.values["full_name_km"] == "សុខ ដារា"
    assert plan.values["organisation_id"] == world.unit_a1.pk
    assert plan.values["province"] == "17"  # the unit's province
    assert plan.values["preferred_language"] == "km"
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"staff_id": "", "email": ""}, "staff_id", "Give a staff ID or an email"),
        ({"email": "not-an-email"}, "email", "Not a valid email address."),
        ({"email": "a@b@example.org"}, "email", "Not a valid email address."),
        ({"full_name": ""}, "full_name", "The full name is required."),
        ({"full_name": "សុខ ដារា"}, "full_name", "Latin script"),
        ({"full_name_km": "Sok Dara"}, "full_name_km", "Khmer script"),
        ({"unit": ""}, "unit", "The unit is required."),
        ({"unit": "NOPE"}, "unit", "No organisation has the code or name “NOPE”."),
        ({"rank": "x" * 101}, "rank", "At most 100 characters (this has 101)."),
        ({"staff_id": "9" * 41}, "staff_id", "At most 40 characters"),
        ({"full_name": "Sok\x07Dara"}, "full_name", "control character"),
    ],
)
def test_each_bad_value_is_named_by_row_and_column(world, changes, column, message):
    row = with_(**{"staff_id": "2002", "email": "b@example.org", **changes})
    result = check([GOOD, row])
    error = only_error(result)
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert not result.ok


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("duty_station", "Nowhere Post", "No duty station has the code or name"),
        ("province", "Atlantis", "No province is called or numbered Atlantis."),
        ("province", "26", "No province is called or numbered 26."),
        ("preferred_language", "fr", "Use km (Khmer) or en (English)."),
        ("position", "p" * 151, "At most 150 characters"),
    ],
)
def test_optional_columns_are_checked_too(world, column, value, message):
    result = check([[*GOOD, value]], header=[*HEADER, column])
    error = only_error(result)
    assert (error.row, error.column) == (2, column)
    assert message in error.message


def test_errors_use_the_heading_as_written_in_the_file(world):
    header = ["Staff ID", "E-mail", "Full Name", "ឈ្មោះខ្មែរ", "អង្គភាព", "Rank"]
    result = check([with_(full_name_km="Latin", unit="NOPE")], header=header)
    assert errors_of(result)[0] == (
        2,
        "ឈ្មោះខ្មែរ",
        "Write this name in Khmer script, or leave it empty.",
    )
    assert result.errors[1].column == "អង្គភាព"
    assert str(result.errors[1]).startswith(
        "Row 2, column អង្គភាព: No organisation has the code or name “NOPE”."
    )


def test_duplicates_within_the_file_name_both_rows(world):
    rows = [
        GOOD,
        with_(email="other@example.gov.kh"),  # same staff ID as row 2
        with_(staff_id="2003", email="NEW.Officer@example.gov.kh"),  # same email
    ]
    assert errors_of(check(rows)) == [
        (3, "staff_id", "Staff ID 2001 is also in row 2."),
        (4, "email", "Email address NEW.Officer@example.gov.kh is also in row 2."),
    ]


def test_staff_id_of_one_officer_and_email_of_another_is_a_conflict(world):
    row = with_(staff_id="A-0001", email=world.officer_b.email)
    error = only_error(check([row]))
    assert (error.column, error.conflict) == ("email", True)
    assert error.message.startswith(
        "This email address belongs to another account (staff ID B-0001)."
    )


def test_an_email_of_an_officer_with_another_staff_id_is_a_conflict(world):
    row = with_(staff_id="A-9999", email="Existing.A@example.gov.kh")
    error = only_error(check([row]))
    assert (error.column, error.conflict) == ("email", True)
    assert error.message == (
        "This email address belongs to another account (staff ID A-0001). An "
        "import never moves an address from one account to another: correct "
        "the address or the staff ID."
    )


def test_two_rows_for_the_same_officer_are_an_error(world):
    rows = [
        with_(staff_id="A-0001", email="sophea@example.gov.kh"),
        with_(staff_id="A-0001", email="", full_name="Chan Sophea"),
    ]
    assert errors_of(check(rows))[0] == (
        3,
        "staff_id",
        "Staff ID A-0001 is also in row 2.",
    )


def test_an_email_shared_by_several_accounts_needs_the_staff_id(world):
    for _ in range(2):
        user = factories.make_user("officer", organisation=world.unit_a1)
        User.objects.filter(pk=user.pk).update(email="shared@example.gov.kh")
    error = only_error(check([with_(staff_id="", email="shared@example.gov.kh")]))
    assert (error.column, error.message) == (
        "email",
        "Several accounts use this email address; add the staff ID.",
    )


def test_matching_is_by_staff_id_and_by_email_only_for_accounts_without_one(world):
    world.officer_b.staff_id = None
    world.officer_b.save()
    rows = [
        ["A-0001", "", "Chan Sophea", "", "A1", ""],
        ["", "EXISTING.B@example.gov.kh", "Keo Vanna", "សុខ ដារា", "B1", ""],
    ]
    result = check(rows)
    assert result.ok, errors_of(result)
    by_row = {plan.row: plan for plan in result.rows}
    assert by_row[2].user_id == world.officer_a.pk
    assert by_row[3].user_id == world.officer_b.pk
    # Nothing new but the province, which A1 is in.
    assert by_row[2].changes == [("province", "", f"17 {province_name('17')}")]
    assert by_row[3].action == UPDATE
    assert by_row[3].changes == [("full_name_km", "", "សុខ ដារា")]


def test_an_update_lists_old_and_new_values(world):
    header = [*HEADER, "position", "duty_station", "province", "preferred_language"]
    row = [
        "A-0001",
        "sophea@example.gov.kh",
        "Chan Sophea",
        "ចាន់ សុភា",
        "A2",
        "Colonel",
        "Chief",
        "Test Border Checkpoint",
        "",
        "English",
    ]
    plan = check([row], header=header).rows[0]
    assert plan.action == UPDATE
    assert dict((f, (old, new)) for f, old, new in plan.changes) == {
        "email": ("existing.a@example.gov.kh", "sophea@example.gov.kh"),
        "full_name_km": ("", "ចាន់ សុភា"),
        "unit": ("A1", "A2"),
        "rank": ("", "Colonel"),
        "position": ("", "Chief"),
        "duty_station": ("", "test-checkpoint"),
        "province": ("", "01 Banteay Meanchey"),  # the duty station's
        # preferred_language: "English" is what it was, so no change
    }


def test_an_identical_row_is_unchanged_and_a_left_out_column_is_left_alone(world):
    world.officer_a.rank = "Major"
    world.officer_a.position = "Deputy"
    world.officer_a.province = "17"
    world.officer_a.save()
    row = ["A-0001", "existing.a@example.gov.kh", "Chan Sophea", "", "A1", "Major"]
    plan = check([row]).rows[0]  # no position column: "Deputy" stays
    assert (plan.action, plan.changes) == (UNCHANGED, [])


def test_an_empty_cell_clears_the_field_but_not_the_identifiers(world):
    world.officer_a.rank = "Major"
    world.officer_a.save()
    row = ["A-0001", "", "Chan Sophea", "", "A1", ""]
    plan = check([row]).rows[0]
    assert ("rank", "Major", "") in plan.changes
    assert "email" not in plan.values


@pytest.mark.parametrize(
    ("station", "province", "expected"),
    [
        ("test-checkpoint", "", "01"),
        ("TEST BORDER CHECKPOINT", "", "01"),
        ("ច្រកព្រំដែនសាកល្បង", "", "01"),
        ("", "", "17"),  # the unit's
        ("test-checkpoint", "Siem Reap", "17"),
        ("", "សៀមរាប", "17"),
        ("", "៨", "08"),
        ("", "kampong cham", "03"),
    ],
)
def test_duty_station_and_province_resolve(world, station, province, expected):
    header = [*HEADER, "duty_station", "province"]
    result = check([[*GOOD, station, province]], header=header)
    assert result.ok, errors_of(result)
    assert result.rows[0].values["province"] == expected
    if station:
        assert result.rows[0].values["duty_station_id"] == world.station.pk


def test_a_duty_station_name_shared_by_two_stations_needs_the_code(world):
    world.station.__class__.objects.create(
        code="test-other", name="Test Border Checkpoint", kind="land", province="02"
    )
    header = [*HEADER, "duty_station"]
    error = only_error(check([[*GOOD, "Test Border Checkpoint"]], header=header))
    assert "use the code" in error.message


@pytest.mark.parametrize(
    ("value", "expected"), [("", "km"), ("EN", "en"), ("Khmer", "km"), ("ខ្មែរ", "km")]
)
def test_language_of_new_officers(world, value, expected):
    result = check([[*GOOD, value]], header=[*HEADER, "preferred_language"])
    assert result.rows[0].values["preferred_language"] == expected


def test_an_empty_language_leaves_an_existing_officer_alone(world):
    row = ["A-0001", "", "Chan Sophea", "", "A1", ""]
    result = check([[*row, ""]], header=[*HEADER, "preferred_language"])
    assert "preferred_language" not in result.rows[0].values


# Scope ----------------------------------------------------------------------


def test_a_reviewer_imports_into_their_own_units(world):
    scope = world.scope(world.reviewer_a)
    rows = [GOOD, with_(staff_id="2002", email="", unit="a2")]
    result = check(rows, scope=scope)
    assert result.ok, errors_of(result)
    assert result.count(CREATE) == 2


def test_a_reviewer_cannot_import_into_another_organisation(world):
    scope = world.scope(world.reviewer_a)
    rows = [with_(unit="B1"), with_(staff_id="2002", email="", unit="NOPE")]
    errors = errors_of(check(rows, scope=scope))
    # The same words whether the unit exists elsewhere (B1) or not at all.
    assert [(row, column) for row, column, _message in errors] == [
        (2, "unit"),
        (3, "unit"),
    ]
    assert errors[0][2].startswith(
        "“B1” is not the code or name of a unit you manage. Use the code, "
    )
    assert errors[1][2] == (
        "“NOPE” is not the code or name of a unit you manage. "
        "The units you may use are listed in row 2."
    )


@pytest.mark.parametrize(
    ("staff_id", "email", "column", "message"),
    [
        (
            "B-0001",
            "",
            "staff_id",
            "This staff ID belongs to an account outside your units.",
        ),
        (
            "",
            "existing.b@example.gov.kh",
            "email",
            "This email address belongs to an account outside your units.",
        ),
        (
            "A-0042",
            "existing.b@example.gov.kh",
            "email",
            "This email address belongs to an account outside your units.",
        ),
    ],
)
def test_a_reviewer_cannot_update_another_organisations_officer(
    world, staff_id, email, column, message
):
    scope = world.scope(world.reviewer_a)
    row = [staff_id, email, "Keo Vanna", "", "A1", ""]
    error = only_error(check([row], scope=scope))
    assert (error.column, error.message, error.conflict) == (column, message, True)
    assert "B-0001" not in error.message
    assert "Keo" not in error.message and "B1" not in error.message


def test_a_reviewer_cannot_update_a_platform_admin_in_their_unit(world):
    world.admin.organisation = world.unit_a1
    world.admin.staff_id = "ADM-1"
    world.admin.save()
    row = ["ADM-1", "", "Admin", "", "A1", ""]
    error = only_error(check([row], scope=world.scope(world.reviewer_a)))
    assert error.message == "This staff ID belongs to an account outside your units."


def test_someone_without_a_reviewer_role_may_import_nothing(world):
    officer_scope = world.scope(world.officer_a)
    error = only_error(check([GOOD], scope=officer_scope))
    assert error.column == "unit"


def test_an_admin_may_move_an_officer_between_organisations(world):
    row = ["B-0001", "", "Keo Vanna", "", "A1", ""]
    plan = check([row], scope=world.scope(world.admin)).rows[0]
    assert ("unit", "B1", "A1") in plan.changes
