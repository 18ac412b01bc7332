"""``manage.py import_officers FILE [--dry-run] [--as USERNAME]``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEvent
from tests.accounts.import_files import HEADER, csv_bytes, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ["2001", "dara@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"],
    ["A-0001", "", "Chan Sophea", "", "A1", "Colonel"],
]


@pytest.fixture
def world():
    return make_world()


def write(tmp_path, rows, name="officers.csv"):
    path = tmp_path / name
    build = xlsx_bytes if name.endswith(".xlsx") else csv_bytes
    path.write_bytes(build([HEADER, *rows]))
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_officers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_counts(world, tmp_path):
    out, err = run(write(tmp_path, ROWS))
    assert "2 row(s): 1 were created, 1 were updated, 0 unchanged." in out
    assert "Import saved." in out and err == ""
    assert User.objects.filter(staff_id="2001").exists()
    out, _err = run(write(tmp_path, ROWS))
    assert "0 were created, 0 were updated, 2 unchanged." in out


def test_dry_run_saves_nothing(world, tmp_path):
    path = write(tmp_path, ROWS, "officers.xlsx")
    out, _err = run(path, "--dry-run", "--verbosity", "2")
    assert "1 would be created, 1 would be updated" in out
    assert "Dry run: nothing was saved." in out
    assert "row 3 (Chan Sophea): rank: '' -> 'Colonel'" in out
    assert not User.objects.filter(staff_id="2001").exists()
    assert User.objects.get(staff_id="A-0001").rank == ""
    assert AuditEvent.objects.filter(action="import.previewed").count() == 1


def test_bad_rows_are_listed_and_the_exit_code_is_not_zero(world, tmp_path):
    rows = [*ROWS, ["2002", "nope", "Keo", "", "A1", ""], ["2003", "", "", "", "", ""]]
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, rows))
    assert str(caught.value).startswith("2 of 4 row(s) have errors (3 in all)")
    assert not User.objects.filter(staff_id="2001").exists()


def test_each_bad_row_goes_to_stderr(world, tmp_path):
    rows = [*ROWS, ["2002", "nope", "Keo", "", "A1", ""]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_officers", write(tmp_path, rows), stderr=err)
    assert err.getvalue() == "Row 4, column email: Not a valid email address.\n"


def test_the_exit_code_seen_by_the_shell(world, tmp_path):
    """CommandError becomes exit status 1 when run from the command line."""
    from django.core.management import ManagementUtility

    bad = write(tmp_path, [["", "", "Keo", "", "A1", ""]])
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "import_officers", bad]).execute()
    assert exited.value.code == 1


def test_a_file_level_problem_is_one_clear_error(world, tmp_path):
    path = tmp_path / "officers.csv"
    path.write_bytes(b"name,unit\nSok,A1\n")
    with pytest.raises(CommandError, match="Unknown columns: name|Missing columns"):
        run(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_as_a_reviewer_the_scope_is_theirs(world, tmp_path):
    rows = [["3001", "", "Keo Vanna", "", "B1", ""]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_officers",
            write(tmp_path, rows),
            "--as",
            world.reviewer_a.username,
            stderr=err,
        )
    assert "“B1” is not the code or name of a unit you manage." in err.getvalue()
    out, _err = run(write(tmp_path, ROWS), "--as", world.reviewer_a.username)
    assert "1 were created" in out
    event = AuditEvent.objects.get(action="import.applied")
    assert event.actor == world.reviewer_a


def test_as_someone_who_may_not_import(world, tmp_path):
    with pytest.raises(CommandError, match="neither a platform admin nor"):
        run(write(tmp_path, ROWS), "--as", world.officer_a.username)
    with pytest.raises(CommandError, match="No user is called 'ghost'"):
        run(write(tmp_path, ROWS), "--as", "ghost")
