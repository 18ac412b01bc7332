"""Self-registration: an officer asks to join a unit; a reviewer decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="user")
class RegistrationSettings(BaseSiteSetting):
    """Per site: whether officers may create their own account."""

    allow_self_registration = models.BooleanField(
        _("allow self-registration"),
        default=False,
        help_text=_(
            "Officers may ask for an account; a reviewer of their "
            "organisation approves it before they can sign in."
        ),
    )

    class Meta:
        verbose_name = _("registration")


class RegistrationRequest(models.Model):
    """An account waiting for a reviewer: the user stays inactive until approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registration",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="registration_requests",
        verbose_name=_("unit"),
    )
    # Where the officer serves, as they gave it; copied to their profile when
    # the request is approved (``accounts.registration.approve``). Blank on
    # requests made before the form asked.
    province = models.CharField(_("province"), max_length=2, blank=True)
    duty_station = models.ForeignKey(
        "accounts.DutyStation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("duty station"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("registration request")
        verbose_name_plural = _("registration requests")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"

    @property
    def province_name(self) -> str:
        from accounts.geography import province_name

        return province_name(self.province)
