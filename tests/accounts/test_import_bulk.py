"""The issue's done-when test (5,000 officers from XLSX) and the query bound."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.importing import apply_import
from accounts.models import User
from accounts.scope import Scope
from tests.accounts.import_files import HEADER, make_world, officer_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

ADMIN = Scope(is_admin=True)
#: Generous for slow CI machines; on a laptop it takes about two seconds.
MAX_SECONDS = 30


@pytest.fixture
def world():
    return make_world()


def test_5000_officers_from_xlsx_refused_then_imported_then_unchanged(world):
    rows = officer_rows(5000)
    # Three bad rows of three kinds (sheet rows are list index + 2).
    bad = {
        1001: ("email", "Not a valid email address."),
        2502: ("unit", "No organisation has the code or name “NO-SUCH-UNIT”."),
        4999: ("full_name_km", "Write this name in Khmer script, or leave it empty."),
    }
    broken = [list(row) for row in rows]
    broken[1001 - 2][1] = "officer-at-example"
    broken[2502 - 2][4] = "NO-SUCH-UNIT"
    broken[4999 - 2][3] = "Sok Dara"
    users_before = User.objects.count()

    refused = apply_import(xlsx_bytes([HEADER, *broken]), scope=ADMIN, name="x.xlsx")
    assert not refused.applied
    assert [(e.row, e.column) for e in refused.errors] == [
        (row, column) for row, (column, _message) in bad.items()
    ]
    for error, (_column, message) in zip(refused.errors, bad.values(), strict=True):
        assert error.message.startswith(message)
    assert User.objects.count() == users_before  # nothing saved

    fixed = xlsx_bytes([HEADER, *rows])
    started = time.monotonic()
    imported = apply_import(fixed, scope=ADMIN, name="x.xlsx")
    seconds = time.monotonic() - started
    assert imported.applied, imported.errors[:5]
    assert imported.counts["created"] == 5000
    assert User.objects.count() == users_before + 5000
    print(f"5,000 rows imported in {seconds:.1f} s")
    assert seconds < MAX_SECONDS, f"5,000 rows took {seconds:.1f} s"
    sample = User.objects.get(staff_id="103000")
    assert (sample.full_name_km, sample.organisation_id) == (
        "សុខ ដារា 3000",
        world.unit_a1.pk,
    )

    with CaptureQueriesContext(connection) as queries:
        again = apply_import(fixed, scope=ADMIN, name="x.xlsx")
    assert again.applied
    assert again.counts == {
        "rows": 5000,
        "created": 0,
        "updated": 0,
        "unchanged": 5000,
        "errors": 0,
    }
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE")) and "accounts_user" in q["sql"]
    ]
    assert writes == []


def _queries(world, rows) -> int:
    from tests.accounts.import_files import csv_bytes

    with CaptureQueriesContext(connection) as captured:
        result = apply_import(csv_bytes([HEADER, *rows]), scope=ADMIN, name="q.csv")
    assert result.applied, result.errors[:3]
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_rows(world):
    """Creates, then updates, then unchanged rows: 5 rows cost what 30 cost.

    30 rows still fit in one INSERT batch on SQLite (999 parameters); beyond
    it, batches grow by one query per ~35 users, never one per row.
    """
    few, many = officer_rows(5, start=1), officer_rows(30, start=100)
    assert _queries(world, few) == _queries(world, many)  # all new

    def renamed(rows):
        return [[*row[:2], row[2] + " Jr", *row[3:]] for row in rows]

    assert _queries(world, renamed(few)) == _queries(world, renamed(many))
    assert _queries(world, renamed(few)) == _queries(world, renamed(many))


def test_5000_new_rows_take_a_bounded_number_of_queries(world):
    from tests.accounts.import_files import csv_bytes

    data = csv_bytes([HEADER, *officer_rows(5000)])
    with CaptureQueriesContext(connection) as captured:
        assert apply_import(data, scope=ADMIN, name="q.csv").applied
    # SQLite inserts ~35 users per statement (999 parameters): ~145 inserts;
    # a query per row would be 5,000 or more.
    assert len(captured.captured_queries) < 200
