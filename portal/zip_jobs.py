"""Certificate ZIPs built in the background, with progress a page can follow.

The portal's certificates page creates a ``Job`` (kind ``certificates_zip``,
``params`` = the filters) and queues :func:`build_certificates_zip`. When the
task runs it:

1. claims the job (``queued`` -> ``running``, a conditional update, so a
   task delivered twice builds once);
2. re-reads the requester (``accounts.scope.fresh_user``) and checks they
   may still use the certificates page, rebuilds the filters for their scope
   *now* and selects through ``Certificate.objects.visible_to``: a role
   revoked after the job was queued fails it, and no file is made;
3. fixes the id list and sets ``progress_total``;
4. writes the ZIP to a temporary file: each stored PDF, named by officer
   and staff ID (``certificates.bulk.archive_name``; certificates without
   one are listed in the manifests, not in the archive), then
   ``manifest.csv`` and ``manifest.xlsx`` (``lms.spreadsheets``, escaped
   against formulas), updating ``progress_done`` every
   ``PROGRESS_EVERY_FILES`` certificates or ``PROGRESS_EVERY_SECONDS``;
5. stores it as the job's ``output`` in private storage and marks the job
   ``done``, or ``failed`` with a message for the requester (in their
   language), leaving no file behind.

``result`` holds ``count`` (certificates listed), ``files`` (PDFs in the
archive), ``without_pdf`` and ``certificate_ids`` (those in the archive: the
download records a ``DOWNLOADED`` event for each and re-checks them).
"""

from __future__ import annotations

import logging
import tempfile
import time
import zipfile

from django.conf import settings
from django.core.files import File
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.scope import fresh_user
from certificates import bulk
from certificates.models import Certificate
from lms.spreadsheets import csv_lines, write_xlsx
from portal.access import may_review
from portal.certificate_filters import CertificateFilters
from portal.models import Job

logger = logging.getLogger(__name__)

#: Progress is written at most this often (seconds) while files go in...
PROGRESS_EVERY_SECONDS = 0.5
#: ...or after this many certificates, whichever comes first.
PROGRESS_EVERY_FILES = 250

MANIFEST_XLSX_NAME = "manifest.xlsx"
#: The job's manifests: the bulk API's columns, which start with the
#: officer's core columns (staff ID, names, unit, province).
MANIFEST_COLUMNS = bulk.MANIFEST_COLUMNS


class Refused(Exception):
    """The job may not (or need not) produce a file; the message says why."""


@task()
def build_certificates_zip(job_id: str) -> str:
    """Build the ZIP of job ``job_id``; return its final status (or ``skipped``
    when the job was not waiting to start)."""
    return run(job_id)


def run(job_id) -> str:
    """The body of :func:`build_certificates_zip`, callable directly in tests."""
    claimed = Job.objects.filter(
        pk=job_id, kind=Job.Kind.CERTIFICATES_ZIP, status=Job.Status.QUEUED
    ).update(status=Job.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    language = job.requested_by.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            ids = select(job)
            build(job, ids)
        except Refused as refusal:
            fail(job, str(refusal))
        except Exception:
            logger.exception("Certificates ZIP job %s failed", job_id)
            fail(
                job,
                _(
                    "The ZIP file could not be made. Please try again; if it "
                    "fails again, tell the platform administrators."
                ),
            )
    return Job.objects.values_list("status", flat=True).get(pk=job_id)


def select(job: Job) -> list[int]:
    """The ids of the certificates the requester may download *now*, in order."""
    user = fresh_user(job.requested_by_id)
    if user is None or not may_review(user):
        raise Refused(
            _("You no longer have access to these certificates, so no file was made.")
        )
    filters = CertificateFilters(
        CertificateFilters.data_from_params(job.params), user=user
    )
    if not filters.is_valid():
        raise Refused(
            _(
                "These filters no longer match what you may see (for example a "
                "unit you no longer review), so no file was made."
            )
        )
    ids = list(
        filters.filter(Certificate.objects.visible_to(user))
        .order_by("course_id", "officer_name", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise Refused(_("No certificate that you may download matches these filters."))
    return ids


class Progress:
    """Writes ``progress_done`` now and then, by a conditional ``update()``:
    only while the job runs, and never backwards."""

    def __init__(self, job_id, *, every_files: int, every_seconds: float):
        self.job_id = job_id
        self.every_files = every_files
        self.every_seconds = every_seconds
        self.written = 0
        self.written_at = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if (
            done - self.written < self.every_files
            and now - self.written_at < self.every_seconds
        ):
            return
        Job.objects.filter(
            pk=self.job_id, status=Job.Status.RUNNING, progress_done__lt=done
        ).update(progress_done=done)
        self.written, self.written_at = done, now


def build(job: Job, ids: list[int]) -> None:
    """Write the ZIP of ``ids`` and store it as the job's output (see module)."""
    total = len(ids)
    Job.objects.filter(pk=job.pk).update(progress_total=total, progress_done=0)
    progress = Progress(
        job.pk,
        every_files=PROGRESS_EVERY_FILES,
        every_seconds=PROGRESS_EVERY_SECONDS,
    )
    today = timezone.localdate()
    url_for = bulk.verification_urls()
    rows: list[list] = []
    included: list[int] = []
    certificates = Certificate.objects.select_related("user__organisation", "course")
    with tempfile.TemporaryFile() as temporary:
        with zipfile.ZipFile(temporary, mode="w", allowZip64=True) as archive:
            for done, certificate in enumerate(
                bulk.in_chunks(ids, queryset=certificates), start=1
            ):
                name = bulk.add_pdf(archive, certificate)
                if name:
                    included.append(certificate.pk)
                rows.append(bulk.manifest_values(certificate, name, today, url_for))
                progress(done)
            bulk.add_file(
                archive,
                bulk.MANIFEST_NAME,
                "".join(csv_lines(MANIFEST_COLUMNS, rows)).encode("utf-8"),
            )
            bulk.add_file(archive, MANIFEST_XLSX_NAME, _xlsx(rows))
        temporary.seek(0)
        filename = f"certificates-{today.isoformat()}.zip"
        try:
            job.output.save(filename, File(temporary, name=filename), save=False)
            finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.DONE,
                output=job.output.name,
                output_name=filename,
                progress_done=F("progress_total"),
                finished_at=timezone.now(),
                error="",
                result={
                    "count": len(rows),
                    "files": len(included),
                    "without_pdf": len(rows) - len(included),
                    "certificate_ids": included,
                },
            )
        except BaseException:
            _remove_output(job)
            raise
    if not finished:
        # The job was changed under us (failed or deleted): keep no orphan file.
        _remove_output(job)


def fail(job: Job, message: str) -> None:
    """Mark the job failed with ``message`` (its file, if any, is gone already)."""
    Job.objects.filter(pk=job.pk).exclude(status=Job.Status.DONE).update(
        status=Job.Status.FAILED,
        error=message,
        output="",
        finished_at=timezone.now(),
    )


def _remove_output(job: Job) -> None:
    if job.output.name:
        job.output.storage.delete(job.output.name)
        job.output.name = ""


def _xlsx(rows: list[list]) -> bytes:
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
        write_xlsx(buffer, MANIFEST_COLUMNS, rows, title="Certificates")
        buffer.seek(0)
        return buffer.read()
