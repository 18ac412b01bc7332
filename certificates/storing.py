"""Render, sign and store a certificate's PDF; keep every past file's hash.

The render runs outside any database transaction (it takes tens of
milliseconds to seconds); the stored file and the row are switched together
afterwards, and the previous file is deleted only once that has committed.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate, CertificateEvent, CertificatePdf
from certificates.models.certificate import pdf_upload_to
from certificates.storage import certificate_storage

logger = logging.getLogger(__name__)


def store_pdf(certificate_id: int, reason: str = CertificatePdf.Reason.ISSUE) -> str:
    """Make the certificate's PDF current; return its SHA-256 ("" on failure).

    Nothing is rendered when the stored PDF already matches the design, unless
    ``reason`` is a reissue. A refused or failed render marks the certificate
    ``failed`` with the reason, and leaves any earlier file in place.
    """
    from certificates import render_pool
    from certificates.data import data_for
    from certificates.rendering import RenderError

    certificate = Certificate.objects.select_related("design").get(pk=certificate_id)
    fingerprint = certificate.design.fingerprint() if certificate.design else ""
    if (
        reason != CertificatePdf.Reason.REISSUE
        and certificate.is_ready
        and certificate.rendered_fingerprint == fingerprint
    ):
        return certificate.pdf_sha256

    try:
        pdf = render_pool.render(data_for(certificate))
    except RenderError as error:
        logger.warning("Certificate %s not rendered: %s", certificate.code, error)
        with transaction.atomic():
            Certificate.objects.filter(pk=certificate_id).update(
                render_state=Certificate.RenderState.FAILED, render_error=str(error)
            )
            CertificateEvent.objects.create(
                certificate_id=certificate_id,
                action=CertificateEvent.Action.RENDER_FAILED,
                detail={"error": str(error), "reason": reason},
            )
        return ""

    return attach_pdf(certificate, pdf, reason=reason, fingerprint=fingerprint)


def attach_pdf(
    certificate: Certificate,
    pdf: bytes,
    *,
    reason: str,
    fingerprint: str = "",
    now=None,
) -> str:
    """Store ``pdf`` as the certificate's current file; return its SHA-256.

    The previous file's record is marked superseded (its hash stays on
    record), the certificate becomes ``ready``, a ``rendered`` event is
    audited, and the previous file is deleted once this has committed.
    """
    digest = hashlib.sha256(pdf).hexdigest()
    storage = certificate_storage()
    name = storage.save(
        pdf_upload_to(certificate, f"{certificate.code}-{digest[:16]}.pdf"),
        ContentFile(pdf),
    )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            previous = locked.pdf.name
            CertificatePdf.objects.filter(
                certificate=locked, superseded_at__isnull=True
            ).update(superseded_at=now)
            CertificatePdf.objects.create(
                certificate=locked,
                sha256=digest,
                size=len(pdf),
                rendered_at=now,
                reason=reason,
            )
            locked.pdf.name = name
            locked.pdf_sha256 = digest
            locked.render_state = Certificate.RenderState.READY
            locked.render_error = ""
            locked.rendered_fingerprint = fingerprint
            locked.save(
                update_fields=[
                    "pdf",
                    "pdf_sha256",
                    "render_state",
                    "render_error",
                    "rendered_fingerprint",
                ]
            )
            CertificateEvent.objects.create(
                certificate=locked,
                action=CertificateEvent.Action.RENDERED,
                at=now,
                detail={"sha256": digest, "size": len(pdf), "reason": reason},
            )
            if previous and previous != name:
                transaction.on_commit(lambda: storage.delete(previous))
    except BaseException:
        storage.delete(name)  # the row never pointed at it
        raise
    return digest
