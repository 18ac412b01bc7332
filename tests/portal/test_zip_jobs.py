"""Certificate ZIP jobs: what the archive and its manifests hold, the scope
checked again when the job runs and when its file is downloaded, progress,
and the job pages (status, JSON, download) for every role."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.roles import revoke
from audit.models import AuditEvent
from certificates.bulk import archive_name
from certificates.models import Certificate, CertificateEvent
from portal import zip_jobs
from portal.models import Job
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate
from tests.portal.test_certificates_views import World, client_for, codes
from tests.portal.test_certificates_views import world as world  # noqa: F401, PLC0414

pytestmark = pytest.mark.django_db

NO_FILTERS = {
    "course": None,
    "unit": None,
    "issued_from": None,
    "issued_to": None,
    "status": "",
}


def make_job(user, **filters) -> Job:
    return Job.objects.create(
        kind=Job.Kind.CERTIFICATES_ZIP,
        requested_by=user,
        params={**NO_FILTERS, **filters},
    )


def run_job(user, **filters) -> Job:
    job = make_job(user, **filters)
    zip_jobs.run(job.pk)
    job.refresh_from_db()
    return job


def open_output(job: Job):
    """``(archive, csv rows, xlsx rows)`` of a finished job's file."""
    with job.output.open("rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    assert archive.testzip() is None
    text = archive.read("manifest.csv").decode("utf-8-sig")
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("manifest.xlsx")))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    xlsx_rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    return archive, csv_rows, xlsx_rows, sheet


def pdfs_in(archive) -> set[str]:
    return {n for n in archive.namelist() if not n.startswith("manifest.")}


# The archive ----------------------------------------


def test_a_reviewer_gets_the_pdfs_and_manifests_of_their_officers_only(world: World):
    job = run_job(world.reviewer_a)

    assert job.status == Job.Status.DONE, job.error
    archive, csv_rows, xlsx_rows, _ = open_output(job)
    with_pdf = world.of_a() - {world.a2_pending}
    assert pdfs_in(archive) == {archive_name(c) for c in with_pdf}
    for certificate in with_pdf:
        with certificate.pdf.open("rb") as stored:
            assert archive.read(archive_name(certificate)) == stored.read()
    # Every certificate is listed, the pending one without a file.
    assert {r["code"] for r in csv_rows} == codes(world.of_a())
    assert {r["code"] for r in xlsx_rows} == codes(world.of_a())
    by_code = {r["code"]: r for r in csv_rows}
    assert by_code[world.a2_pending.code]["file"] == ""
    assert by_code[world.a2_pending.code]["pdf_state"] == "pending"
    # None of B's, anywhere.
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert world.b_valid.code.encode() not in everything
    assert b"Keo Bopha" not in everything
    assert archive_name(world.b_valid) not in archive.namelist()
    assert job.result == {
        "count": 4,
        "files": 3,
        "without_pdf": 1,
        "certificate_ids": job.result["certificate_ids"],
    }
    assert set(job.result["certificate_ids"]) == {c.pk for c in with_pdf}
    assert job.output_name == f"certificates-{timezone.localdate().isoformat()}.zip"
    assert job.output.name.startswith(f"jobs/{job.pk}/")


def test_the_manifests_have_the_columns_a_reviewer_needs(world: World):
    job = run_job(world.reviewer_a, course=world.course_x.pk)

    _, csv_rows, xlsx_rows, _ = open_output(job)
    certificate = world.a1_valid
    for rows in (csv_rows, xlsx_rows):
        row = next(r for r in rows if r["code"] == certificate.code)
        assert row["officer"] == "Sok Dara"
        assert row["officer_km"] == "សុខ ដារា"
        assert row["course"] == "Border checks"
        assert row["verification_url"] == certificate.get_verification_url()
        assert row["status"] == "valid"
        assert row["unit"] == "Unit A1"
        assert row["file"] == archive_name(certificate)
    csv_row = next(r for r in csv_rows if r["code"] == certificate.code)
    assert csv_row["issued_on"] == certificate.issued_on.isoformat()
    xlsx_row = next(r for r in xlsx_rows if r["code"] == certificate.code)
    assert xlsx_row["issued_on"].date() == certificate.issued_on  # a real date
    assert list(csv_rows[0]) == list(zip_jobs.MANIFEST_COLUMNS)


def test_the_job_applies_the_filters(world: World):
    cases = [
        ({"status": "revoked"}, {world.a1_revoked}),
        ({"status": "expired"}, {world.a2_expired}),
        ({"unit": world.unit_a2.pk}, {world.a2_expired, world.a2_pending}),
        ({"course": world.course_y.pk, "unit": world.unit_a1.pk}, {world.a1_revoked}),
        (
            {"issued_from": timezone.localdate().isoformat()},
            world.of_a() - {world.a2_expired},
        ),
    ]
    for filters, expected in cases:
        job = run_job(world.reviewer_a, **filters)
        _, rows, _, _ = open_output(job)
        assert {r["code"] for r in rows} == codes(expected), filters


def test_names_that_look_like_formulas_stay_text(world: World):
    dangerous = '=HYPERLINK("http://evil.example","click")'
    officer = factories.make_user(
        "officer", full_name=dangerous, organisation=world.unit_a1
    )
    attach_pdf(
        make_certificate(
            user=officer,
            course=world.course_x,
            officer_name=dangerous,
            officer_name_km="+SUM(1,2)",
        )
    )

    job = run_job(world.reviewer_a, course=world.course_x.pk)

    _, csv_rows, xlsx_rows, sheet = open_output(job)
    for rows in (csv_rows, xlsx_rows):
        row = next(r for r in rows if r["officer"].endswith(dangerous))
        assert row["officer"] == "'" + dangerous
        assert row["officer_km"] == "'+SUM(1,2)"
    for sheet_row in sheet.iter_rows():
        for cell in sheet_row:
            assert cell.data_type != "f", cell.value


def test_an_admin_gets_every_certificate(world: World):
    job = run_job(world.admin)

    _, rows, _, _ = open_output(job)
    assert {r["code"] for r in rows} == codes(world.of_a() | {world.b_valid})


def test_a_pdf_missing_from_storage_is_listed_but_left_out(world: World):
    world.a1_valid.pdf.storage.delete(world.a1_valid.pdf.name)

    job = run_job(world.reviewer_a, unit=world.unit_a1.pk)

    archive, rows, _, _ = open_output(job)
    assert pdfs_in(archive) == {archive_name(world.a1_revoked)}
    assert {r["code"]: r["file"] for r in rows}[world.a1_valid.code] == ""
    assert job.result["files"] == 1 and job.result["without_pdf"] == 1


# The scope, again, when the job runs --------------------------------------------------


def test_a_role_revoked_after_queuing_fails_the_job_and_makes_no_file(world: World):
    job = make_job(world.reviewer_a)
    revoke(RoleAssignment.objects.get(user=world.reviewer_a))

    zip_jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no longer have access" in job.error
    assert not job.output.name
    assert job.progress_total == 0
    assert not job.output.storage.exists(f"jobs/{job.pk}")


def test_a_unit_no_longer_reviewed_fails_the_job(world: World):
    other = factories.make_organisation(name="Elsewhere")
    factories.make_user("reviewer", reviews=other)
    job = make_job(world.reviewer_a, unit=world.unit_a1.pk)
    # The reviewer now reviews only another organisation.
    from accounts.roles import grant

    grant(world.reviewer_a, "reviewer", organisation=other)
    revoke(
        RoleAssignment.objects.get(user=world.reviewer_a, organisation=world.ministry)
    )

    zip_jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no longer match" in job.error
    assert not job.output.name


def test_an_inactive_requester_gets_no_file(world: World):
    job = make_job(world.reviewer_a)
    world.reviewer_a.is_active = False
    world.reviewer_a.save()

    zip_jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.output.name


def test_a_selection_that_became_empty_fails_with_a_reason(world: World):
    job = make_job(world.reviewer_a, status="revoked")
    Certificate.objects.filter(pk=world.a1_revoked.pk).update(revoked_at=None)

    zip_jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "No certificate" in job.error


def test_the_error_is_in_the_requesters_language(world: World):
    world.reviewer_a.preferred_language = "km"
    world.reviewer_a.save()
    job = make_job(world.reviewer_a)
    revoke(RoleAssignment.objects.get(user=world.reviewer_a))

    zip_jobs.run(job.pk)

    job.refresh_from_db()
    from django.utils import translation

    with translation.override("km"):
        expected = translation.gettext(
            "You no longer have access to these certificates, so no file was made."
        )
    assert job.error == expected


class BrokenStorage(FileSystemStorage):
    """Private storage whose disk is full."""

    def _save(self, name, content):
        raise OSError(28, "No space left on device")


def test_a_storage_failure_fails_the_job_and_leaves_no_file(
    world: World, monkeypatch, tmp_path
):
    field = Job._meta.get_field("output")
    monkeypatch.setattr(field, "storage", BrokenStorage(location=tmp_path))

    job = run_job(world.reviewer_a)

    assert job.status == Job.Status.FAILED
    assert "could not be made" in job.error
    assert not job.output.name
    assert list(tmp_path.iterdir()) == []


def test_a_job_runs_once(world: World):
    job = make_job(world.reviewer_a)

    assert zip_jobs.run(job.pk) == Job.Status.DONE
    assert zip_jobs.run(job.pk) == "skipped"
    assert (
        zip_jobs.run(
            Job.objects.create(kind="report_export", requested_by=world.admin).pk
        )
        == "skipped"
    )


# Progress ----------------------------------------


def test_progress_ends_at_the_total(world: World):
    for _ in range(30):
        officer = factories.make_user("officer", organisation=world.unit_a2)
        attach_pdf(make_certificate(user=officer, course=world.course_y))

    job = run_job(world.reviewer_a)

    assert job.progress_total == 34
    assert job.progress_done == 34
    assert job.percent == 100
    assert job.started_at <= job.finished_at


def test_progress_is_written_every_n_files_and_never_backwards(world: World):
    job = make_job(world.reviewer_a)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress_total=10)
    progress = zip_jobs.Progress(job.pk, every_files=3, every_seconds=3600)

    seen = []
    for done in range(1, 11):
        progress(done)
        seen.append(Job.objects.values_list("progress_done", flat=True).get(pk=job.pk))

    assert seen == [0, 0, 3, 3, 3, 6, 6, 6, 9, 9]
    Job.objects.filter(pk=job.pk).update(progress_done=9)
    progress.written = 0
    progress(5)  # a late writer never moves the bar back
    assert Job.objects.get(pk=job.pk).progress_done == 9
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    progress(10)  # nor touches a job that stopped running
    assert Job.objects.get(pk=job.pk).progress_done == 9


# Job pages, for every role --------------------------------------------------


def job_urls(job: Job) -> dict[str, str]:
    return {
        name: reverse(f"portal:{name}", args=[job.pk])
        for name in ("job", "job_status", "job_download")
    }


def test_a_job_is_seen_by_its_requester_and_admins_only(world: World):
    job = run_job(world.reviewer_a)
    allowed = {"reviewer A", "admin"}

    for role, user in world.roles().items():
        client = client_for(user)
        for name, url in job_urls(job).items():
            response = client.get(url)
            if role == "anonymous":
                assert response.status_code == 302, (role, name)
                assert response["Location"].startswith(reverse("accounts:login"))
            elif role in allowed:
                assert response.status_code == 200, (role, name)
            else:
                assert response.status_code == 404, (role, name)


def test_an_unknown_job_id_is_404(world: World):
    import uuid

    response = client_for(world.admin).get(
        reverse("portal:job_status", args=[uuid.uuid4()])
    )
    assert response.status_code == 404


def test_the_status_json_follows_the_job(world: World):
    job = make_job(world.reviewer_a)
    client = client_for(world.reviewer_a)
    url = reverse("portal:job_status", args=[job.pk])

    queued = client.get(url).json()
    assert queued == {
        "id": str(job.pk),
        "kind": "certificates_zip",
        "status": "queued",
        "status_label": "Waiting to start",
        "finished": False,
        "done": 0,
        "total": 0,
        "percent": 0,
        "progress_text": "",
        "error": "",
        "download_url": None,
    }
    Job.objects.filter(pk=job.pk).update(
        status="running", progress_done=3, progress_total=12
    )
    running = client.get(url).json()
    assert (running["done"], running["total"], running["percent"]) == (3, 12, 25)
    assert running["progress_text"] == "3 of 12 (25%)"
    Job.objects.filter(pk=job.pk).update(status="queued")
    zip_jobs.run(job.pk)
    done = client.get(url).json()
    assert done["status"] == "done" and done["finished"] is True
    assert done["done"] == done["total"] == 4 and done["percent"] == 100
    assert done["download_url"] == reverse("portal:job_download", args=[job.pk])
    assert "no-store" in client.get(url)["Cache-Control"]


def test_the_status_page_shows_progress_and_works_without_scripts(world: World):
    job = make_job(world.reviewer_a)
    Job.objects.filter(pk=job.pk).update(
        status="running", progress_done=2, progress_total=8
    )
    client = client_for(world.reviewer_a)

    html = client.get(reverse("portal:job", args=[job.pk])).content.decode()

    assert '<progress id="job-progress"' in html
    assert 'max="8" value="2"' in html
    assert "2 of 8 (25%)" in html
    assert 'aria-live="polite"' in html
    assert "Running" in html
    assert f'href="{reverse("portal:job", args=[job.pk])}">Refresh</a>' in html
    assert "portal/job-progress.js" in html
    assert reverse("portal:job_status", args=[job.pk]) in html
    assert "http-equiv" not in html
    assert reverse("portal:job_download", args=[job.pk]) not in html


def test_a_failed_job_page_says_why(world: World):
    job = make_job(world.reviewer_a)
    revoke(RoleAssignment.objects.get(user=world.reviewer_a))
    zip_jobs.run(job.pk)

    # No portal role any more, yet the requester can read why.
    response = client_for(world.reviewer_a).get(reverse("portal:job", args=[job.pk]))

    assert response.status_code == 200
    assert "no longer have access" in response.content.decode()
    download = client_for(world.reviewer_a).get(
        reverse("portal:job_download", args=[job.pk])
    )
    assert download.status_code == 404


# Downloading the ZIP ---------------------------------------------------------


def test_the_download_streams_the_zip_and_records_who_took_what(world: World):
    job = run_job(world.reviewer_a)
    client = client_for(world.reviewer_a)

    response = client.get(reverse("portal:job_download", args=[job.pk]))

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificates-{timezone.localdate().isoformat()}.zip"'
    )
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="certificates.zip_downloaded")
    assert event.actor == world.reviewer_a
    assert event.target_id == str(job.pk)
    assert event.details["count"] == 3
    downloaded = CertificateEvent.objects.filter(action="downloaded")
    assert set(downloaded.values_list("certificate_id", flat=True)) == set(
        job.result["certificate_ids"]
    )
    assert {e.actor_id for e in downloaded} == {world.reviewer_a.pk}


def test_a_download_after_the_role_was_revoked_is_refused(world: World):
    job = run_job(world.reviewer_a)
    revoke(RoleAssignment.objects.get(user=world.reviewer_a))

    response = client_for(world.reviewer_a).get(
        reverse("portal:job_download", args=[job.pk])
    )

    assert response.status_code == 403
    assert "no longer yours to see" in response.content.decode()
    assert not CertificateEvent.objects.filter(action="downloaded").exists()
    assert not AuditEvent.objects.filter(action="certificates.zip_downloaded").exists()


def test_a_certificate_deleted_since_does_not_block_the_download(world: World):
    job = run_job(world.reviewer_a)
    world.a1_revoked.delete()

    response = client_for(world.reviewer_a).get(
        reverse("portal:job_download", args=[job.pk])
    )

    assert response.status_code == 200
    assert CertificateEvent.objects.filter(action="downloaded").count() == 2
