"""How a course's certificates look: a layout plugin plus logos, signatories
and colours chosen in the Wagtail admin (Snippets > Certificate designs)."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hex digits, e.g. #1f4e79.")
)


class CertificateDesign(ClusterableModel):
    """A reusable certificate design; each course picks one (or the default)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    layout = models.CharField(
        _("layout"),
        max_length=64,
        default="classic",
        help_text=_("The layout plugin that draws the page."),
    )
    is_default = models.BooleanField(
        _("default design"),
        default=False,
        help_text=_("Used by courses that do not choose a design."),
    )
    issuer_name = models.CharField(_("issuing organisation (English)"), max_length=200)
    issuer_name_km = models.CharField(
        _("issuing organisation (Khmer)"), max_length=200, blank=True
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b8860b", validators=[hex_colour]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_certificate_design",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from certificates.hooks import certificate_layouts

        if self.layout not in certificate_layouts:
            raise ValidationError(
                {
                    "layout": _(
                        "“%(layout)s” is not an installed certificate layout. "
                        "Choose one of: %(valid)s."
                    )
                    % {
                        "layout": self.layout,
                        "valid": ", ".join(certificate_layouts.identifiers()) or "-",
                    }
                }
            )

    @classmethod
    def default(cls) -> CertificateDesign | None:
        return cls.objects.filter(is_default=True).first()

    def fingerprint(self) -> str:
        """A hash of everything that changes the printed page.

        Certificates rendered with another fingerprint are out of date and are
        regenerated after the design changes (``certificates.tasks``).
        """
        parts = {
            "layout": self.layout,
            "issuer": [self.issuer_name, self.issuer_name_km],
            "colours": [self.primary_colour, self.accent_colour],
            "logos": [
                [logo.image_id, logo.alt_text, getattr(logo.image, "file_hash", "")]
                for logo in self.logos.all()
            ],
            "signatories": [
                [
                    s.name,
                    s.name_km,
                    s.title,
                    s.title_km,
                    s.signature_id,
                    getattr(s.signature, "file_hash", "") if s.signature_id else "",
                ]
                for s in self.signatories.all()
            ],
        }
        encoded = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


class DesignLogo(Orderable):
    """An organisation logo printed in the certificate's header."""

    design = ParentalKey(
        CertificateDesign, related_name="logos", on_delete=models.CASCADE
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("logo"),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_("The organisation's name, for readers who cannot see the logo."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("logo")
        verbose_name_plural = _("logos")


class DesignSignatory(Orderable):
    """A person who signs the certificate, with their title and signature image."""

    design = ParentalKey(
        CertificateDesign, related_name="signatories", on_delete=models.CASCADE
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    title = models.CharField(_("position (English)"), max_length=200)
    title_km = models.CharField(_("position (Khmer)"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signature image"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
