"""Background work for certificates, on Django's Tasks API (``django_tasks``).

Every task takes primary keys, not objects, and re-reads the database: a task
may run on another machine, minutes later, after the certificate changed.
"""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def render_certificate(certificate_id: int, reason: str = "issue") -> str:
    """Render, sign and store the PDF of one certificate; return its SHA-256.

    ``reason`` is a ``CertificatePdf.Reason``. A certificate whose stored PDF
    is already up to date for its design is left alone unless the reason is a
    reissue.
    """
    from certificates.storing import store_pdf

    return store_pdf(certificate_id, reason)


@task()
def email_certificate(certificate_id: int) -> bool:
    """Email the officer a link to their new certificate (never the file)."""
    from certificates.notifications import send_issue_email

    return send_issue_email(certificate_id)


@task()
def send_expiry_reminders() -> int:
    """Send the due expiry reminders (60 and 7 days before); return how many."""
    from certificates.notifications import send_due_reminders

    return send_due_reminders()


@task()
def rerender_design(design_id: int) -> int:
    """Queue a new PDF for every certificate whose design changed since render."""
    from certificates.models import Certificate, CertificateDesign

    design = CertificateDesign.objects.filter(pk=design_id).first()
    if design is None:
        return 0
    fingerprint = design.fingerprint()
    stale = Certificate.objects.filter(design=design).exclude(
        rendered_fingerprint=fingerprint
    )
    count = 0
    for certificate_id in stale.values_list("pk", flat=True).iterator():
        render_certificate.enqueue(certificate_id, "design")
        count += 1
    return count
