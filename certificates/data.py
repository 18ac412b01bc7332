"""The placeholders (``CertificateData``) for a stored certificate or a sample."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from certificates import codes
from certificates.layouts.base import CertificateData, Logo, Signatory
from courses.translations import title_in_language


def _image_url(image) -> str:
    # The original file, served from MEDIA_URL; the renderer's URL fetcher maps
    # it back to the media storage and refuses everything else.
    return image.file.url if image is not None and image.file else ""


def design_parts(design) -> dict:
    """Colours and logos of ``design`` (or the built-in defaults when ``None``)."""
    if design is None:
        return {}
    return {
        "layout": design.layout,
        "primary_colour": design.primary_colour,
        "accent_colour": design.accent_colour,
        "logos": tuple(
            Logo(url=_image_url(logo.image), alt_text=logo.alt_text)
            for logo in design.logos.select_related("image")
        ),
    }


def data_for(certificate) -> CertificateData:
    """What the certificate prints: the snapshot taken at issue, plus the
    design's current logos and colours."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.in_bulk(
        [s["signature_id"] for s in certificate.signatories if s.get("signature_id")]
    )
    signatories = tuple(
        Signatory(
            name=s.get("name", ""),
            name_km=s.get("name_km", ""),
            title=s.get("title", ""),
            title_km=s.get("title_km", ""),
            signature_url=_image_url(images.get(s.get("signature_id"))),
        )
        for s in certificate.signatories
    )
    return CertificateData(
        code=certificate.code,
        display_code=certificate.display_code,
        verification_url=certificate.get_verification_url(),
        officer_name=certificate.officer_name,
        officer_name_km=certificate.officer_name_km,
        course_title=certificate.course_title,
        course_title_km=certificate.course_title_km,
        edition=certificate.edition,
        issued_on=certificate.issued_on,
        score=certificate.score,
        expires_on=certificate.expires_on,
        issuer_name=certificate.issuer_name,
        issuer_name_km=certificate.issuer_name_km,
        signatories=signatories,
        **design_parts(certificate.design),
    )


SAMPLE_OFFICER = ("Sok Dara Chanthou", "សុខ ដារា ច័ន្ទធូ")
SAMPLE_COURSE = (
    "Victim identification and referral",
    "ការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះ",
)


def sample_data(design=None, course=None, *, today: datetime.date | None = None):
    """Specimen placeholders for previews and ``certificate_sample``.

    The officer's names use Khmer subscript consonants and split vowels, so a
    trainer sees at once whether shaping is right.
    """
    from django.conf import settings

    today = today or timezone.localdate()
    code = "0" * codes.LENGTH
    signatories = ()
    if design is not None:
        signatories = tuple(
            Signatory(
                name=s.name,
                name_km=s.name_km,
                title=s.title,
                title_km=s.title_km,
                signature_url=_image_url(s.signature),
            )
            for s in design.signatories.select_related("signature")
        )
    if not signatories:
        signatories = (
            Signatory(
                name="Chief of Mission",
                name_km="ប្រធានបេសកកម្ម",
                title="Training Programme",
                title_km="កម្មវិធីបណ្តុះបណ្តាល",
            ),
        )
    return CertificateData(
        code=code,
        display_code=codes.display(code),
        verification_url=f"{settings.LMS_PUBLIC_BASE_URL.rstrip('/')}"
        f"/certificates/verify/{code}/",
        officer_name=SAMPLE_OFFICER[0],
        officer_name_km=SAMPLE_OFFICER[1],
        course_title=course.title if course else SAMPLE_COURSE[0],
        course_title_km=(
            title_in_language(course, "km") if course else SAMPLE_COURSE[1]
        ),
        edition=(course.edition if course else "2026"),
        issued_on=today,
        score=Decimal("92.50"),
        expires_on=None,
        issuer_name=design.issuer_name if design else "Frontline Officer Learning",
        issuer_name_km=design.issuer_name_km if design else "ការសិក្សាមន្ត្រីជួរមុខ",
        signatories=signatories,
        is_sample=True,
        **design_parts(design),
    )
