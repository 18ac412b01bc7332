"""The portal's import pages: upload, check in the background, confirm once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.roles import revoke
from audit.models import AuditEvent
from portal import import_jobs
from portal.models import Job
from tests import factories
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

#: Session, user, scope (groups, assignments, organisation tree), the jobs.
MAX_QUERIES = 7

ROWS = [
    ["2001", "dara@example.gov.kh", "Sok Dara", "សុខ ដារា", "A1", "Major"],
    ["A-0001", "", "Chan Sophea", "", "A1", "Colonel"],
]


@pytest.fixture
def world():
    world = make_world()
    world.trainer = factories.make_user(
        "trainer", trains=[factories.make_course(modules=1, lessons=1)]
    )
    return world


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(client, data: bytes, name="officers.csv"):
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("portal:imports"), {"file": file})


def uploaded(world, user, rows, capture, *, name="officers.csv"):
    """Upload as ``user`` and run the check task; return the job."""
    build = xlsx_bytes if name.endswith(".xlsx") else csv_bytes
    with capture(execute=True):
        response = upload(client_for(user), build([HEADER, *rows]), name)
    assert response.status_code == 302, response.content[:500]
    return Job.objects.filter(requested_by=user).order_by("-created_at").first()


# Access ----------------------------------------------------------------------

ACTORS = ["anonymous", "officer", "trainer", "reviewer_a", "reviewer_b", "admin"]


def actor(world, name):
    return {
        "anonymous": None,
        "officer": world.officer_a,
        "trainer": world.trainer,
        "reviewer_a": world.reviewer_a,
        "reviewer_b": world.reviewer_b,
        "admin": world.admin,
    }[name]


@pytest.mark.parametrize("name", ACTORS)
def test_who_may_open_the_import_page(world, name):
    response = client_for(actor(world, name)).get(reverse("portal:imports"))
    expected = {"anonymous": 302, "officer": 403, "trainer": 403}.get(name, 200)
    assert response.status_code == expected
    if name == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ACTORS)
def test_who_may_see_a_reviewers_import(
    world, name, django_capture_on_commit_callbacks
):
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    response = client_for(actor(world, name)).get(
        reverse("portal:import", args=[job.pk])
    )
    expected = {
        "anonymous": 302,
        "officer": 403,
        "trainer": 403,
        "reviewer_b": 404,  # another reviewer's job does not exist for them
    }.get(name, 200)
    assert response.status_code == expected
    if name == "admin":  # sees it, may not confirm it
        assert reverse("portal:import_apply", args=[job.pk]) not in response.text


@pytest.mark.parametrize("name", ACTORS)
def test_only_the_requester_may_confirm(
    world, name, django_capture_on_commit_callbacks
):
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    client = client_for(actor(world, name))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:import_apply", args=[job.pk]))
    job.refresh_from_db()
    expected = {
        "anonymous": 302,
        "officer": 403,
        "trainer": 403,
        "reviewer_b": 404,
        "admin": 302,
        "reviewer_a": 302,
    }[name]
    assert response.status_code == expected
    if name == "reviewer_a":
        assert job.status == Job.Status.DONE
    else:
        assert job.status == Job.Status.PREVIEWED
        assert not User.objects.filter(staff_id="2001").exists()


def test_confirming_needs_a_post(world, django_capture_on_commit_callbacks):
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    response = client_for(world.reviewer_a).get(
        reverse("portal:import_apply", args=[job.pk])
    )
    assert response.status_code == 405


# The path ------------------------------------------------------------------


def test_upload_check_confirm_import(world, django_capture_on_commit_callbacks):
    client = client_for(world.reviewer_a)
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.PREVIEWED
    assert job.source_name == "officers.csv"
    assert job.result["counts"]["created"] == 1
    assert not User.objects.filter(staff_id="2001").exists()  # checked only

    page = client.get(reverse("portal:import", args=[job.pk]))
    assert page.status_code == 200
    assert 'data-count="created">1<' in page.text
    assert 'data-count="updated">1<' in page.text
    assert "Colonel" in page.text  # the planned change
    assert reverse("portal:import_apply", args=[job.pk]) in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:import_apply", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.params["stage"] == "apply"
    assert User.objects.get(staff_id="2001").full_name_km == "សុខ ដារា"
    assert User.objects.get(staff_id="A-0001").rank == "Colonel"
    page = client.get(reverse("portal:import", args=[job.pk]))
    assert "The officers were imported" in page.text
    assert reverse("portal:import_apply", args=[job.pk]) not in page.text
    actions = list(
        AuditEvent.objects.filter(action__startswith="import.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["import.previewed", "import.applied"]

    listing = client.get(reverse("portal:imports"))
    assert reverse("portal:import", args=[job.pk]) in listing.text


def test_bad_rows_are_listed_and_nothing_can_be_confirmed(
    world, django_capture_on_commit_callbacks
):
    rows = [
        *ROWS,
        ["2002", "nope", "Keo", "", "A1", ""],
        ["2003", "", "Ly", "", "B1", ""],
    ]
    job = uploaded(
        world, world.reviewer_a, rows, django_capture_on_commit_callbacks, name="x.xlsx"
    )
    assert job.status == Job.Status.FAILED
    assert job.result["errors"][0] == [4, "email", "Not a valid email address."]
    assert job.result["errors"][1][:2] == [5, "unit"]
    assert job.result["errors"][1][2].startswith(
        "“B1” is not the code or name of a unit you manage."
    )
    page = client_for(world.reviewer_a).get(reverse("portal:import", args=[job.pk]))
    assert "2 problems were found" in page.text
    assert '<th scope="row" class="num">4</th><td>email</td>' in page.text
    assert reverse("portal:import_apply", args=[job.pk]) not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.reviewer_a).post(reverse("portal:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not User.objects.filter(staff_id="2001").exists()


def test_a_file_that_cannot_be_read_says_why(world, django_capture_on_commit_callbacks):
    client = client_for(world.reviewer_a)
    data = "staff_id,full_name,unit\n1,Ren\xe9e,A1\n".encode("latin-1")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data)
    job = Job.objects.get(requested_by=world.reviewer_a)
    assert job.status == Job.Status.FAILED
    assert "not UTF-8" in job.error
    page = client.get(reverse("portal:import", args=[job.pk]))
    assert "The file cannot be imported" in page.text and "not UTF-8" in page.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("officers.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file"),
        ("officers.csv", b"", "The submitted file is empty."),
    ],
)
def test_the_upload_form_refuses_other_files(world, name, data, message):
    response = upload(client_for(world.reviewer_a), data, name)
    assert response.status_code == 400
    assert message in response.text
    assert not Job.objects.exists()


def test_a_running_import_shows_its_progress(world):
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=world.reviewer_a,
        status=Job.Status.RUNNING,
        params={"stage": "check"},
        progress_done=250,
        progress_total=1000,
        source_name="big.xlsx",
    )
    page = client_for(world.reviewer_a).get(reverse("portal:import", args=[job.pk]))
    assert '<progress aria-labelledby="import-progress-label"' in page.text
    assert 'max="1000" value="250"' in page.text
    assert "250 of 1000 rows" in page.text
    assert reverse("portal:job_status", args=[job.pk]) in page.text
    assert 'aria-live="polite"' in page.text


def test_long_lists_are_paginated(world, django_capture_on_commit_callbacks):
    job = uploaded(
        world, world.admin, officer_rows(150), django_capture_on_commit_callbacks
    )
    client = client_for(world.admin)
    first = client.get(reverse("portal:import", args=[job.pk]))
    second = client.get(reverse("portal:import", args=[job.pk]), {"page": 2})
    assert first.text.count("New officer<") == 100
    assert second.text.count("New officer<") == 50
    assert "Page 2 of 2" in second.text


# Twice, and later --------------------------------------------------------------


def test_confirming_twice_imports_once(world, django_capture_on_commit_callbacks):
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    client = client_for(world.reviewer_a)
    url = reverse("portal:import_apply", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True) as first:
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True) as second:
        response = client.post(url, follow=True)
    # The first queues the import (which, once it commits, may queue the
    # new officers' invitations); the second queues nothing.
    assert first and not second
    assert "This import was already confirmed." in response.text
    assert AuditEvent.objects.filter(action="import.applied").count() == 1
    # A task delivered twice runs once.
    assert import_jobs.run(job.pk, import_jobs.APPLY) == "skipped"


def previewed_job(world) -> Job:
    """A checked job of reviewer A's, made without a request (for threads)."""
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=world.reviewer_a,
        params={"stage": "check"},
        source_name="officers.csv",
    )
    data = csv_bytes([HEADER, *ROWS])
    job.source.save("officers.csv", SimpleUploadedFile("o.csv", data))
    assert import_jobs.run(job.pk, import_jobs.CHECK) == Job.Status.PREVIEWED
    job.refresh_from_db()
    return job


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_tabs_confirming_at_the_same_moment_import_once(world):
    job = previewed_job(world)
    url = reverse("portal:import_apply", args=[job.pk])

    def post(_index):
        return client_for(world.reviewer_a).post(url).status_code

    assert run_many(post, 10) == [302] * 10
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert AuditEvent.objects.filter(action="import.applied").count() == 1
    assert User.objects.filter(staff_id="2001").count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_many_simultaneous_confirmations_exactly_one_wins(world):
    job = previewed_job(world)
    outcomes = run_many(lambda _i: import_jobs.confirm(job, world.reviewer_a), 20)
    assert sorted(outcomes) == [False] * 19 + [True]
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert AuditEvent.objects.filter(action="import.applied").count() == 1


def test_a_role_taken_away_before_the_check_runs_checks_nothing(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        upload(client_for(world.reviewer_a), csv_bytes([HEADER, *ROWS]))
    revoke(RoleAssignment.objects.get(user=world.reviewer_a))
    for callback in callbacks:
        callback()
    job = Job.objects.get(requested_by=world.reviewer_a)
    assert job.status == Job.Status.FAILED
    assert "no longer import officers" in job.error
    assert not AuditEvent.objects.filter(action__startswith="import.").exists()


def test_the_import_uses_the_scope_of_the_moment_it_runs(
    world, django_capture_on_commit_callbacks
):
    """Previewed by a reviewer of A; A's review is narrowed to unit A2 only."""
    job = uploaded(world, world.reviewer_a, ROWS, django_capture_on_commit_callbacks)
    RoleAssignment.objects.filter(user=world.reviewer_a).update(
        organisation=world.unit_a2
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.reviewer_a).post(reverse("portal:import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert [error[:2] for error in job.result["errors"]] == [
        [2, "unit"],
        [3, "unit"],
        [3, "staff_id"],
    ]
    assert not User.objects.filter(staff_id="2001").exists()


# Queries ---------------------------------------------------------------------


def test_pages_run_a_bounded_number_of_queries(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """The same queries with one small import as with three of 120 rows."""
    client = client_for(world.reviewer_a)

    def measure(job):
        counts = []
        for url in (reverse("portal:imports"), reverse("portal:import", args=[job.pk])):
            client.get(url)  # warm per-process and per-session caches
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    capture = django_capture_on_commit_callbacks
    small = measure(uploaded(world, world.reviewer_a, officer_rows(2), capture))
    for _ in range(3):
        job = uploaded(world, world.reviewer_a, officer_rows(120), capture)
    assert measure(job) == small
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse("portal:import", args=[job.pk]))
    # The upload page also lists the units (one query, whatever their number).
    with django_assert_max_num_queries(MAX_QUERIES + 1):
        client.get(reverse("portal:imports"))
