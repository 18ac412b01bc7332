"""An import never takes over an account through its e-mail address.

The review's case: an officer put a new colleague's address on their own
account; the reviewer's import of the colleague (new staff ID, that address)
renamed and moved the officer instead of creating the colleague. Rows are
matched by staff ID; an address held by another account is a conflict,
reported by row and column, and nothing is saved.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.importing import UNCHANGED, apply_import, preview_import
from accounts.models import User
from accounts.scope import Scope
from audit.models import AuditEvent
from portal.models import Job
from tests.accounts.import_files import HEADER, csv_bytes, make_world

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)


@pytest.fixture
def world():
    return make_world()


def snapshot():
    return sorted(
        User.objects.values_list(
            "pk", "username", "email", "full_name", "staff_id", "organisation_id"
        )
    )


def errors_of(result):
    return [(e.row, e.column, e.message, e.conflict) for e in result.errors]


def test_the_reviewed_incident_is_a_conflict_and_saves_nothing(world):
    """Officer A (no staff ID yet) took the new colleague's address."""
    officer = world.officer_a
    User.objects.filter(pk=officer.pk).update(
        staff_id=None, email="new.colleague@example.gov.kh"
    )
    before = snapshot()
    rows = [
        ["A-0500", "new.colleague@example.gov.kh", "Keo Dara", "", "A2", ""],
        ["A-0501", "another@example.gov.kh", "Ly Sokha", "", "A1", ""],
    ]

    result = apply_import(
        csv_bytes([HEADER, *rows]), scope=world.scope(world.reviewer_a), name="t.csv"
    )

    assert not result.applied
    assert errors_of(result) == [
        (
            2,
            "email",
            "This email address belongs to another account, which has no staff "
            "ID. An import never moves an address from one account to another: "
            "correct the address, or have that account's staff ID set first.",
            True,
        )
    ]
    assert result.conflicts == 1
    assert snapshot() == before  # not renamed, not moved; the good row not saved
    officer.refresh_from_db()
    assert (officer.full_name, officer.organisation) == ("Chan Sophea", world.unit_a1)


def test_a_row_without_staff_id_never_moves_an_account_to_another_unit(world):
    User.objects.filter(pk=world.officer_a.pk).update(staff_id=None)
    before = snapshot()
    row = ["", "existing.a@example.gov.kh", "Keo Dara", "", "A2", ""]

    result = apply_import(csv_bytes([HEADER, row]), scope=ADMIN, name="t.csv")

    ((number, column, message, conflict),) = errors_of(result)
    assert (number, column, conflict) == (2, "email", True)
    assert message.startswith("This email address belongs to an account in unit A1.")
    assert snapshot() == before


def test_an_address_of_an_account_with_a_staff_id_needs_that_staff_id(world):
    row = ["", "existing.a@example.gov.kh", "Chan Sophea", "", "A1", ""]

    result = preview_import(csv_bytes([HEADER, row]), scope=ADMIN, name="t.csv")

    assert errors_of(result) == [
        (
            2,
            "email",
            "This email address belongs to the account with staff ID A-0001; add "
            "that staff ID to the row.",
            True,
        )
    ]


def test_a_staff_id_outside_the_reviewers_units_tells_nothing_more(world):
    rows = [["B-0001", "", "Someone Else", "", "A1", ""]]

    result = preview_import(
        csv_bytes([HEADER, *rows]), scope=world.scope(world.reviewer_a), name="t.csv"
    )

    assert errors_of(result) == [
        (
            2,
            "staff_id",
            "This staff ID belongs to an account outside your units.",
            True,
        )
    ]


def test_an_address_held_outside_the_reviewers_units_tells_nothing_more(world):
    rows = [["A-0777", "EXISTING.B@example.gov.kh", "Keo Dara", "", "A1", ""]]

    result = preview_import(
        csv_bytes([HEADER, *rows]), scope=world.scope(world.reviewer_a), name="t.csv"
    )

    ((_row, column, message, conflict),) = errors_of(result)
    assert (column, conflict) == ("email", True)
    assert message == "This email address belongs to an account outside your units."


def test_matching_by_staff_id_within_scope_still_updates_and_reimports_idempotently(
    world,
):
    User.objects.filter(pk=world.officer_b.pk).update(staff_id=None)
    rows = [
        ["A-0001", "sophea@example.gov.kh", "Chan Sophea", "", "A2", "Major"],
        ["A-0600", "new@example.gov.kh", "Sok Dara", "", "A1", ""],
        ["", "existing.b@example.gov.kh", "Keo Vanna", "", "B1", "Captain"],
    ]
    data = csv_bytes([HEADER, *rows])

    first = apply_import(data, scope=ADMIN, name="t.csv")
    assert first.applied, first.errors
    world.officer_a.refresh_from_db()
    assert (world.officer_a.email, world.officer_a.organisation) == (
        "sophea@example.gov.kh",
        world.unit_a2,
    )
    before = snapshot()

    second = apply_import(data, scope=ADMIN, name="t.csv")

    assert second.applied
    assert [plan.action for plan in second.rows] == [UNCHANGED] * 3
    assert snapshot() == before


def test_conflicts_are_audited(world):
    rows = [["A-0500", "existing.a@example.gov.kh", "Keo Dara", "", "A1", ""]]

    apply_import(csv_bytes([HEADER, *rows]), scope=ADMIN, name="t.csv", actor=None)

    refused = AuditEvent.objects.get(action="import.refused")
    assert refused.details["conflicts"] == 1
    conflict = AuditEvent.objects.get(action="import.conflict")
    assert conflict.details["conflicts"] == 1
    assert conflict.details["file"] == "t.csv"


def test_the_command_reports_the_conflict(world, tmp_path):
    path = tmp_path / "officers.csv"
    rows = [["A-0500", "existing.a@example.gov.kh", "Keo Dara", "", "A1", ""]]
    path.write_bytes(csv_bytes([HEADER, *rows]))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_officers", str(path), stdout=io.StringIO(), stderr=err)

    assert (
        "Row 2, column email (conflict with an existing account): This email "
        "address belongs to another account (staff ID A-0001)."
    ) in err.getvalue()
    assert not User.objects.filter(staff_id="A-0500").exists()


def test_the_portal_preview_lists_the_conflict(
    world, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.reviewer_a)
    rows = [["A-0500", "existing.a@example.gov.kh", "Keo Dara", "", "A1", ""]]
    upload = SimpleUploadedFile("officers.csv", csv_bytes([HEADER, *rows]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:imports"), {"file": upload})

    assert response.status_code == 302
    job = Job.objects.filter(requested_by=world.reviewer_a).get()
    assert job.status == Job.Status.FAILED
    assert job.result["conflicts"] == 1
    ((row, column, message),) = job.result["errors"]
    assert (row, column) == (2, "email")
    page = client.get(reverse("portal:import", args=[job.pk]))
    assert "belongs to another account (staff ID A-0001)" in page.text
