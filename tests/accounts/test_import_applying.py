"""Applying an officer import: all or nothing, idempotent, audited, re-checked."""

from __future__ import annotations

import pytest

from accounts.importing import apply_import, preview_import
from accounts.models import User
from accounts.scope import Scope
from audit.models import AuditEvent
from tests.accounts.import_files import (
    HEADER,
    csv_bytes,
    make_world,
    officer_rows,
    xlsx_bytes,
)
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)
ROWS = [
    ["2001", "dara@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"],
    ["2002", "", "Keo Sophal", "កែវ សុផល", "A2", ""],
    ["", "Lim.Vichea@Example.GOV.kh", "Lim Vichea", "", "A2", "Lieutenant"],
]


@pytest.fixture
def world():
    return make_world()


def run(rows, *, header=HEADER, scope=ADMIN, actor=None, dry_run=False):
    go = preview_import if dry_run else apply_import
    return go(csv_bytes([header, *rows]), scope=scope, name="t.csv", actor=actor)


def snapshot():
    return list(
        User.objects.order_by("pk").values_list(
            "pk",
            "username",
            "staff_id",
            "email",
            "full_name",
            "full_name_km",
            "organisation_id",
            "rank",
            "province",
            "preferred_language",
        )
    )


def test_new_officers_are_created_ready_for_a_password_reset(world):
    result = run(ROWS)
    assert result.ok and result.applied
    assert result.counts["created"] == 3
    dara = User.objects.get(staff_id="2001")
    assert dara.username == "2001"
    assert (dara.full_name, dara.full_name_km) == ("Sok Dara", "សុខ ដារា")
    assert dara.organisation == world.unit_a1
    assert dara.province == "17"
    assert dara.preferred_language == "km"
    assert dara.is_active and not dara.is_staff and not dara.is_superuser
    assert not dara.has_usable_password()
    lim = User.objects.get(email="Lim.Vichea@example.gov.kh")  # domain lowered
    assert lim.username == "lim.vichea@example.gov.kh"
    assert lim.staff_id is None  # NULL, not "": the unique constraint allows many
    assert User.objects.get(staff_id="2002").email == ""


def test_importing_the_same_file_again_changes_nothing(world):
    run(ROWS)
    before = snapshot()
    again = run(ROWS)
    assert again.applied
    assert again.counts == {
        "rows": 3,
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "errors": 0,
    }
    assert snapshot() == before


def test_updates_change_only_the_named_fields(world):
    officer = world.officer_a
    officer.position = "Deputy chief"
    officer.save()
    rows = [["A-0001", "", "Chan Sophea", "ចាន់ សុភា", "A2", "Colonel"]]
    result = run(rows)
    assert result.counts["updated"] == 1
    officer.refresh_from_db()
    assert officer.full_name_km == "ចាន់ សុភា"
    assert officer.organisation == world.unit_a2
    assert officer.rank == "Colonel"
    assert officer.position == "Deputy chief"  # no position column
    assert officer.email == "existing.a@example.gov.kh"  # empty cell: kept


def test_one_bad_row_and_nothing_is_saved(world):
    before = snapshot()
    rows = [*ROWS, ["A-0001", "", "Chan Sophea", "", "A1", "Colonel"]]
    rows.append(["2004", "", "", "", "A1", ""])  # no name
    result = run(rows)
    assert not result.applied
    assert [(e.row, e.column) for e in result.errors] == [(6, "full_name")]
    assert snapshot() == before
    event = AuditEvent.objects.get(action="import.refused")
    assert event.details["errors"] == 1 and event.details["created"] == 3


def test_a_dry_run_saves_nothing_but_the_audit_event(world):
    before = snapshot()
    result = run(
        ROWS, dry_run=True, actor=world.reviewer_a, scope=world.scope(world.reviewer_a)
    )
    assert result.ok and not result.applied
    assert result.counts["created"] == 3
    assert snapshot() == before
    event = AuditEvent.objects.get(action__startswith="import.")
    assert event.action == "import.previewed"
    assert event.actor == world.reviewer_a
    assert event.details["created"] == 3 and event.details["dry_run"] is True
    assert event.organisation_id == world.ministry_a.pk  # the reviewer's


def test_an_applied_import_is_audited_with_its_counts(world):
    run(
        [ROWS[0], ["A-0001", "", "Chan Sophea", "", "A1", "Colonel"]], actor=world.admin
    )
    event = AuditEvent.objects.get(action="import.applied")
    assert event.actor == world.admin
    assert event.organisation_id == world.unit_a1.pk  # every row's unit
    assert {k: event.details[k] for k in ("rows", "created", "updated")} == {
        "rows": 2,
        "created": 1,
        "updated": 1,
    }
    assert event.details["file"] == "t.csv"


def test_apply_checks_again_because_the_database_moved_on(world):
    """Previewed by a reviewer of A; the officer moves to B before confirming."""
    scope = world.scope(world.reviewer_a)
    rows = [ROWS[0], ["A-0001", "", "Chan Sophea", "", "A1", "Colonel"]]
    assert run(rows, scope=scope, dry_run=True).ok
    User.objects.filter(pk=world.officer_a.pk).update(organisation=world.unit_b1)
    before = snapshot()
    result = run(rows, scope=scope)
    assert not result.applied
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "staff_id", "This staff ID belongs to an account outside your units.")
    ]
    assert snapshot() == before


def test_generated_usernames_never_collide(world):
    world.officer_a.username = "2001"
    world.officer_a.save()
    User.objects.create_user(username="X-1-2")
    rows = [
        ["2001", "", "Sok Dara", "", "A1", ""],
        ["X 1", "", "Keo One", "", "A1", ""],
        ["x/1", "", "Keo Two", "", "A1", ""],
        ["X-1", "", "Keo Three", "", "A1", ""],
    ]
    result = run(rows)
    assert result.applied, result.errors
    names = User.objects.filter(staff_id__in=["X 1", "x/1", "X-1"])
    assert User.objects.get(staff_id="2001").username == "2001-2"
    assert sorted(names.values_list("username", flat=True)) == [
        "x-1",
        "x-1-3",
        "x-1-4",
    ]


def test_khmer_names_and_headings_survive_a_round_trip_through_xlsx(world):
    header = ["អត្តលេខ", "អ៊ីមែល", "ឈ្មោះឡាតាំង", "ឈ្មោះខ្មែរ", "អង្គភាព", "ខេត្ត"]
    rows = [[3001, None, "Sok Dara", "សុខ\u200bដារា", "A2", "បាត់ដំបង"]]
    result = apply_import(xlsx_bytes([header, *rows]), scope=ADMIN, name="x.xlsx")
    assert result.applied, result.errors
    officer = User.objects.get(staff_id="3001")
    assert officer.full_name_km == "សុខ\u200bដារា"
    assert officer.province == "02"  # Battambang


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_new_officers_imported_at_once_are_created_once(world):
    """Four imports of one file race: each is saved whole or refused whole."""
    data = csv_bytes([HEADER, *officer_rows(200)])
    before = User.objects.count()

    outcomes = run_many(lambda _i: apply_import(data, scope=ADMIN, name="race.csv"), 4)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert User.objects.count() == before + 200
    created = [o.counts["created"] for o in outcomes if o.applied]
    assert sorted(created)[-1] == 200 and sum(created) == 200
    for outcome in outcomes:
        if not outcome.applied:
            assert "at the same moment" in outcome.file_error
