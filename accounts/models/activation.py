"""One-time activation codes: how an imported officer sets their first password.

A code reaches the officer on a printed letter (a short code to type and a QR
code of a link) or in an invitation e-mail (a link). Only a keyed hash of the
secret is stored (``accounts.activation.codes.secret_hash``): whoever reads the
database cannot use a code. See ``accounts.activation`` for the life of a code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivationCodeQuerySet(models.QuerySet):
    def live(self) -> ActivationCodeQuerySet:
        """Neither used nor cancelled (it may have expired)."""
        return self.filter(used_at__isnull=True, cancelled_at__isnull=True)

    def pending(self, now=None) -> ActivationCodeQuerySet:
        """Codes that still work: live and not yet expired."""
        return self.live().filter(expires_at__gt=now or timezone.now())

    def expired(self, now=None) -> ActivationCodeQuerySet:
        """Live codes past their expiry (never used, never replaced)."""
        return self.live().filter(expires_at__lte=now or timezone.now())


class ActivationCode(models.Model):
    """A single-use, expiring secret that lets its officer set a password.

    At most one *live* code (not used, not cancelled) per user: issuing a new
    one cancels the old one in the same transaction, and a partial unique
    constraint makes two concurrent issues fail rather than leave two.
    """

    class Channel(models.TextChoices):
        LETTER = "letter", _("Activation letter")
        EMAIL = "email", _("Invitation e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("officer"),
    )
    channel = models.CharField(_("sent by"), max_length=8, choices=Channel.choices)
    #: HMAC-SHA256 of the canonical secret (hex), never the secret itself.
    secret_hash = models.CharField(_("code (hashed)"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, cancelled_at__isnull=True),
                name="one_live_activation_code_per_user",
            ),
        ]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.user_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return (
            self.used_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )
