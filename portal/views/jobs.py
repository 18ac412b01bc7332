"""Background jobs of any kind: a status page, its status as JSON, the result file.

Every view finds the job through ``Job.objects.visible_to(request.user)``:
the requester and platform admins see it, anybody else gets 404 (another
reviewer of the same organisation too), as for an id that does not exist.
The views only need a signed-in user, not a portal role: a reviewer whose
role was taken away can still read why their job failed. Downloading a
certificates ZIP checks again that every certificate in it is still visible
to the user asking.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.log import record
from certificates.models import Certificate, CertificateEvent
from portal.models import Job

#: Certificates checked per query when a ZIP is downloaded.
CHECK_BATCH = 500


def _job(request, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def progress_text(job: Job) -> str:
    """The progress in words, next to the bar (what ``aria-valuenow`` says)."""
    if not job.progress_total:
        return ""
    return _("%(done)s of %(total)s (%(percent)s%%)") % {
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
    }


def download_url(job: Job) -> str | None:
    if job.status == Job.Status.DONE and job.output.name:
        return reverse("portal:job_download", args=[job.pk])
    return None


def _own_page_url(job: Job) -> str | None:
    """Imports have pages of their own; link to it when it exists."""
    if job.kind != Job.Kind.OFFICER_IMPORT:
        return None
    try:
        return reverse("portal:import", args=[job.pk])
    except NoReverseMatch:
        return None


@require_GET
@login_required
def job_detail(request, pk):
    """The job's status with a progress bar; the script refreshes it in place."""
    job = _job(request, pk)
    response = render(
        request,
        "portal/jobs/job.html",
        {
            "job": job,
            "progress_text": progress_text(job),
            "download_url": download_url(job),
            "own_page_url": _own_page_url(job),
        },
    )
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def job_status(request, pk):
    """``{"status", "status_label", "finished", "done", "total", "percent",
    "progress_text", "error", "download_url"}``; ``download_url`` is ``null``
    until the job is done and has a file."""
    job = _job(request, pk)
    response = JsonResponse(
        {
            "id": str(job.pk),
            "kind": job.kind,
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "finished": job.is_finished,
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent,
            "progress_text": progress_text(job),
            "error": job.error,
            "download_url": download_url(job),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def job_download(request, pk):
    """The job's file as an attachment (404 until it is done)."""
    job = _job(request, pk)
    if download_url(job) is None:
        raise Http404("The job has no file")
    certificate_ids: list[int] = []
    if job.kind == Job.Kind.CERTIFICATES_ZIP:
        certificate_ids = _still_visible(request.user, job)
        if certificate_ids is None:
            response = render(
                request,
                "portal/jobs/job.html",
                {
                    "job": job,
                    "progress_text": progress_text(job),
                    "download_url": None,
                    "refused": _(
                        "Some certificates in this file are no longer yours to "
                        "see, so it cannot be downloaded. Make a new one from "
                        "the certificates page."
                    ),
                },
                status=403,
            )
            add_never_cache_headers(response)
            return response
    try:
        stored = job.output.open("rb")
    except FileNotFoundError:
        raise Http404("The job's file is missing") from None
    if job.kind == Job.Kind.CERTIFICATES_ZIP:
        _record_zip_download(request, job, certificate_ids)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=job.output_name or job.output.name.rsplit("/", 1)[-1],
    )
    add_never_cache_headers(response)
    return response


def _still_visible(user, job: Job) -> list[int] | None:
    """The ZIP's certificates that still exist, or ``None`` when one of them
    is no longer visible to ``user`` (a role taken away since it was built)."""
    ids = list(job.result.get("certificate_ids") or [])
    visible = Certificate.objects.visible_to(user)
    found: list[int] = []
    for start in range(0, len(ids), CHECK_BATCH):
        batch = ids[start : start + CHECK_BATCH]
        seen = list(visible.filter(pk__in=batch).values_list("pk", flat=True))
        if len(seen) < Certificate.objects.filter(pk__in=batch).count():
            return None
        found.extend(seen)
    return found


def _record_zip_download(request, job: Job, certificate_ids: list[int]) -> None:
    now = timezone.now()
    record(
        "certificates.zip_downloaded",
        actor=request.user,
        target=job,
        request=request,
        count=len(certificate_ids),
    )
    # Like the bulk API: one DOWNLOADED event per certificate whose PDF is in
    # the file (those listed without a PDF were not downloaded).
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(
                certificate_id=pk,
                action=CertificateEvent.Action.DOWNLOADED,
                actor=request.user,
                at=now,
                detail={
                    "via": "zip",
                    "count": len(certificate_ids),
                    "job": str(job.pk),
                },
            )
            for pk in certificate_ids
        ],
        batch_size=500,
    )
