"""Revoking and reissuing certificates: audited changes made by an admin.

A revocation shows on the public verification page at once (the page reads
``revoked_at`` on every request); it cannot be undone here, because a
certificate that was announced as revoked must not quietly become valid again.
A reissue renders a fresh PDF from the stored snapshot; the hash of the old
file stays on record (``certificates.storing``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateEvent, CertificatePdf

#: Longest reason accepted; it is shown in the admin and kept in the audit trail.
MAX_REASON_LENGTH = 1000


def revoke(certificate: Certificate, *, reason: str, by) -> Certificate:
    """Revoke ``certificate`` for ``reason``; return the updated row.

    Raises :class:`~django.core.exceptions.ValidationError` (with a message for
    the admin) when the reason is empty or the certificate is already revoked.
    The row is locked while it changes, so two admins revoking at once give one
    revocation and one clear refusal.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give the reason for the revocation: it is kept on record."),
            code="reason_required",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("The reason is too long: at most %(max)d characters.")
            % {"max": MAX_REASON_LENGTH},
            code="reason_too_long",
        )
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise ValidationError(
                _("This certificate was already revoked on %(date)s.")
                % {
                    "date": date_format(
                        timezone.localdate(locked.revoked_at), "DATE_FORMAT"
                    )
                },
                code="already_revoked",
            )
        now = timezone.now()
        locked.revoked_at = now
        locked.revoked_reason = reason
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        CertificateEvent.objects.create(
            certificate=locked,
            action=CertificateEvent.Action.REVOKED,
            actor=by,
            at=now,
            detail={"reason": reason},
        )
    # The caller's instance shows the revocation too.
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_reason = locked.revoked_reason
    certificate.revoked_by = locked.revoked_by
    return locked


def reissue(certificate: Certificate, *, by) -> None:
    """Record a reissue of ``certificate`` and queue its new PDF after commit.

    A revoked certificate is not reissued (``ValidationError``): its file
    would still verify as revoked, and reissuing suggests otherwise.
    """
    from certificates import tasks

    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise ValidationError(
                _("This certificate is revoked: it cannot be reissued."),
                code="revoked",
            )
        CertificateEvent.objects.create(
            certificate=locked,
            action=CertificateEvent.Action.REISSUED,
            actor=by,
            detail={"previous_sha256": locked.pdf_sha256},
        )
        certificate_id = locked.pk
        transaction.on_commit(
            lambda: tasks.render_certificate.enqueue(
                certificate_id, CertificatePdf.Reason.REISSUE.value
            )
        )
