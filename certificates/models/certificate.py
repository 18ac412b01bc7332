"""Issued certificates, the PDFs rendered for them, and their audit trail."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from certificates import codes
from certificates.storage import certificate_storage


def pdf_upload_to(certificate: Certificate, filename: str) -> str:
    # The code is unguessable, but the files are private anyway (served only
    # through views that check who asks); a fresh name per render keeps the old
    # file until the new one is committed.
    return f"certificates/{certificate.code[:2]}/{filename}"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> CertificateQuerySet:
        """The certificates ``user`` may see: deny by default (``accounts.scope``).

        Platform admins see all; organisation reviewers the certificates of
        the officers in their organisations and those under them; trainers
        those of their courses; everyone else only their own. Anonymous users
        see none (verification by code is a separate, public path that shows
        only what is printed).
        """
        from accounts.scope import scope_for

        return self.filter(scope_for(user).rows_q(user="user", course="course"))

    def valid(self, today: datetime.date | None = None) -> CertificateQuerySet:
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )


class Certificate(models.Model):
    """One officer's certificate for one course edition (a course page).

    Everything printed is copied here at issue (names, titles, issuer,
    signatories), so later edits to a profile or a course never change what
    was certified. ``code`` is the public, unguessable verification code.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    class RenderState(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    code = models.CharField(
        _("verification code"),
        max_length=codes.LENGTH,
        unique=True,
        default=codes.new_code,
        editable=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    enrolment = models.OneToOneField(
        "courses.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )

    # What is printed, as it was at issue.
    officer_name = models.CharField(_("name (Latin script)"), max_length=300)
    officer_name_km = models.CharField(
        _("name (Khmer script)"), max_length=300, blank=True
    )
    course_title = models.CharField(_("course title (English)"), max_length=255)
    course_title_km = models.CharField(
        _("course title (Khmer)"), max_length=255, blank=True
    )
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    completed_at = models.DateTimeField(_("completed at"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_on = models.DateField(_("date of issue"))
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    issuer_name = models.CharField(_("issuer (English)"), max_length=200)
    issuer_name_km = models.CharField(_("issuer (Khmer)"), max_length=200, blank=True)
    #: ``[{"name", "name_km", "title", "title_km", "signature_id"}, ...]``
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    design = models.ForeignKey(
        "certificates.CertificateDesign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("design"),
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewed_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renews",
        verbose_name=_("renewed by"),
    )

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    # The stored PDF. Rendered in the background after issue; regenerated only
    # on reissue or a design change (see ``CertificatePdf`` for past files).
    pdf = models.FileField(
        _("PDF"), storage=certificate_storage, upload_to=pdf_upload_to, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    render_state = models.CharField(
        _("PDF state"),
        max_length=10,
        choices=RenderState.choices,
        default=RenderState.PENDING,
    )
    render_error = models.TextField(_("PDF error"), blank=True)
    rendered_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_certificate_per_course_edition"
            ),
        ]
        indexes = [
            models.Index(fields=["course", "-issued_at"]),
            models.Index(fields=["expires_on"]),
        ]

    def __str__(self):
        return f"{self.officer_name} - {self.course_title} ({self.display_code})"

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    def status(self, today: datetime.date | None = None) -> str:
        """``valid``, ``expired`` or ``revoked``, today (Phnom Penh time)."""
        if self.revoked_at is not None:
            return self.Status.REVOKED
        today = today or timezone.localdate()
        if self.expires_on is not None and self.expires_on < today:
            return self.Status.EXPIRED
        return self.Status.VALID

    @cached_property
    def status_label(self):
        return self.Status(self.status()).label

    def get_verification_path(self) -> str:
        from django.urls import reverse

        return reverse("certificates:verify", args=[self.code])

    def get_verification_url(self) -> str:
        """The absolute URL encoded in the QR code (``LMS_PUBLIC_BASE_URL``)."""
        return settings.LMS_PUBLIC_BASE_URL.rstrip("/") + self.get_verification_path()

    def get_download_path(self) -> str:
        from django.urls import reverse

        return reverse("certificates:download", args=[self.code])

    @property
    def is_ready(self) -> bool:
        return self.render_state == self.RenderState.READY and bool(self.pdf)

    @property
    def pdf_filename(self) -> str:
        return f"certificate-{self.code}.pdf"


class CertificatePdf(models.Model):
    """Every PDF ever rendered for a certificate: its hash is kept on record.

    A holder of an older file can still prove it was issued: the verification
    page lists the hashes of superseded files with their dates.
    """

    class Reason(models.TextChoices):
        ISSUE = "issue", _("First issue")
        REISSUE = "reissue", _("Reissued")
        DESIGN = "design", _("Design changed")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="pdf_history"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate PDF")
        verbose_name_plural = _("certificate PDFs")
        ordering = ["-rendered_at"]

    def __str__(self):
        return f"{self.certificate_id}: {self.sha256[:12]}"


class CertificateEvent(models.Model):
    """The audit trail: who did what to a certificate, and when. Append-only."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENDERED = "rendered", _("PDF rendered")
        RENDER_FAILED = "render_failed", _("PDF failed")
        REISSUED = "reissued", _("Reissue requested")
        REVOKED = "revoked", _("Revoked")
        EMAILED = "emailed", _("Emailed to the officer")
        REMINDED = "reminded", _("Expiry reminder sent")
        DOWNLOADED = "downloaded", _("Downloaded")
        RENEWED = "renewed", _("Renewed")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["certificate", "-at"])]

    def __str__(self):
        return (
            f"{self.get_action_display()} {self.certificate_id} at {self.at:%Y-%m-%d}"
        )


class CertificateReminder(models.Model):
    """An expiry reminder sent (once) ``days_before`` a certificate expires."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("certificate reminder")
        verbose_name_plural = _("certificate reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "days_before"], name="one_reminder_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.certificate_id}: {self.days_before} days"
