"""The portal's certificates page, and the "Download all as ZIP" it offers.

Both views are for reviewers and admins (``reviewer_required``) and select
through ``Certificate.objects.visible_to(request.user)``; the unit filter
offers only organisations in the user's scope. The ZIP is built in the
background (``portal.zip_jobs``), which checks the scope again when it runs.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit.log import record
from certificates.models import Certificate
from portal.access import reviewer_required
from portal.certificate_filters import CertificateFilters
from portal.models import Job
from portal.zip_jobs import build_certificates_zip

PER_PAGE = 50

#: A second "Download all as ZIP" with the same filters while the first job
#: is still waiting or running (up to this long) lands on that job...
REUSE_UNFINISHED = datetime.timedelta(minutes=15)
#: ...and so does one right after the first finished (a double click).
REUSE_FINISHED = datetime.timedelta(seconds=10)


def _selection(request, filters: CertificateFilters):
    if not filters.is_valid():
        return Certificate.objects.none()
    return filters.filter(Certificate.objects.visible_to(request.user))


@require_GET
@reviewer_required
def certificate_list(request):
    """The certificates the user may see, filtered and paginated."""
    filters = CertificateFilters(request.GET, user=request.user)
    certificates = (
        _selection(request, filters)
        .select_related("user__organisation")
        .order_by("-issued_on", "officer_name", "pk")
    )
    page = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "portal/certificates/list.html",
        {
            "filters": filters,
            "page": page,
            "certificates": page.object_list,
            "today": timezone.localdate(),
        },
    )
    add_never_cache_headers(response)
    return response


@require_POST
@reviewer_required
def certificates_zip(request):
    """Start (or rejoin) a background ZIP of the filtered certificates."""
    filters = CertificateFilters(request.POST, user=request.user)
    list_url = reverse("portal:certificates")
    if not filters.is_valid():
        messages.error(
            request, _("The filters are not valid; correct them and try again.")
        )
        return redirect(list_url)
    params = filters.params()
    back = list_url + "?" + urlencode(CertificateFilters.data_from_params(params))
    count = _selection(request, filters).count()
    if not count:
        messages.warning(
            request, _("No certificate that you may download matches these filters.")
        )
        return redirect(back)
    with transaction.atomic():
        # One requester's submissions queue up here (a row lock on
        # PostgreSQL; SQLite's immediate transactions serialise writers), so
        # a double click finds the job the first click made.
        User.objects.select_for_update().filter(pk=request.user.pk).first()
        job = _same_job(request.user, params)
        if job is None:
            job = Job.objects.create(
                kind=Job.Kind.CERTIFICATES_ZIP,
                requested_by=request.user,
                params=params,
            )
            record(
                "certificates.zip_requested",
                actor=request.user,
                target=job,
                request=request,
                count=count,
                filters=params,
            )
            job_id = str(job.pk)
            transaction.on_commit(lambda: build_certificates_zip.enqueue(job_id))
    return redirect("portal:job", pk=job.pk)


def _same_job(user, params: dict) -> Job | None:
    """The job a repeated submission should land on, if any."""
    now = timezone.now()
    recent = Job.objects.filter(
        requested_by=user,
        kind=Job.Kind.CERTIFICATES_ZIP,
        created_at__gte=now - REUSE_UNFINISHED,
    ).exclude(status=Job.Status.FAILED)
    for job in recent.order_by("-created_at"):
        if job.params != params:
            continue
        if not job.is_finished or job.created_at >= now - REUSE_FINISHED:
            return job
    return None
