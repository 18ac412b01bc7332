"""Officers' downloads: one certificate's PDF, and the list of their own.

A certificate is served only to users who may see it
(``Certificate.objects.visible_to``: the officer, reviewers of the officer's
organisation or one above it, platform admins); anyone else gets 404, as for
a code that does not exist, so downloads never confirm that a code is real.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from audit.log import record
from certificates import codes
from certificates.bulk import has_stored_pdf
from certificates.models import Certificate, CertificateEvent

logger = logging.getLogger(__name__)

#: Seconds a browser or script should wait before asking again for a PDF that
#: is being prepared (rendering takes well under a second once queued).
RETRY_AFTER_PREPARING = 10


@login_required
def download(request, code: str):
    """The stored PDF as an attachment, or a page saying why there is none yet."""
    canonical = codes.normalise(code)
    certificate = (
        Certificate.objects.visible_to(request.user).filter(code=canonical).first()
        if canonical
        else None
    )
    if certificate is None:
        raise Http404("No such certificate")
    failed = certificate.render_state == Certificate.RenderState.FAILED
    if has_stored_pdf(certificate):
        try:
            stored = certificate.pdf.open("rb")
        except FileNotFoundError:
            logger.error(
                "Certificate %s: stored PDF %s is missing",
                certificate.code,
                certificate.pdf.name,
            )
            failed = True
        else:
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.DOWNLOADED,
                actor=request.user,
                detail={"via": "pdf"},
            )
            record(
                "certificate.downloaded",
                actor=request.user,
                target=certificate,
                organisation=certificate.user.organisation,
                request=request,
                via="pdf",
            )
            response = FileResponse(
                stored,
                as_attachment=True,
                filename=certificate.pdf_filename,
                content_type="application/pdf",
            )
            # Private files on shared computers at border posts: keep no copy.
            add_never_cache_headers(response)
            return response
    response = render(
        request,
        "certificates/not_ready.html",
        {"certificate": certificate, "failed": failed},
        # 202: accepted and being prepared, come back later; 200 for a page
        # that explains a failure.
        status=200 if failed else 202,
    )
    if not failed:
        response["Retry-After"] = str(RETRY_AFTER_PREPARING)
    add_never_cache_headers(response)
    return response


@login_required
def mine(request):
    """The signed-in officer's own certificates (one query)."""
    certificates = Certificate.objects.filter(user=request.user)
    response = render(
        request, "certificates/mine.html", {"certificates": list(certificates)}
    )
    add_never_cache_headers(response)
    return response
