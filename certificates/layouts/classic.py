"""The built-in ``classic`` layout: Khmer and English side by side."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from certificates import khmer_dates
from certificates.layouts.base import CertificateData, CertificateLayout

# Names longer than these (in characters) are set smaller, so that any name up
# to the 300 accepted still fits the page.
_NAME_SIZES = ((32, "xl"), (60, "l"), (110, "m"), (180, "s"))
_TITLE_SIZES = ((70, "l"), (140, "m"), (220, "s"))


def size_class(text: str, sizes) -> str:
    """The size step (``xl`` ... ``xs``) for ``text`` of this length."""
    for limit, name in sizes:
        if len(text) <= limit:
            return name
    return "xs"


class ClassicLayout(CertificateLayout):
    """A formal A4 landscape certificate: logos and issuer at the top, the
    Khmer text on the left and the English on the right, signatories and the
    verification code with its QR code at the foot."""

    identifier = "classic"
    label = _("Classic (Khmer and English side by side)")
    description = _(
        "Logos and issuer at the top, Khmer and English columns, signatories "
        "and the verification QR code at the foot."
    )
    template_name = "certificates/layouts/classic.html"
    stylesheets = ("certificates/layouts/classic.css",)

    def get_context(self, data: CertificateData) -> dict:
        context = super().get_context(data)
        name_km = data.officer_name_km or data.officer_name
        course_km = data.course_title_km or data.course_title
        context.update(
            name_km=name_km,
            name_km_is_khmer=bool(data.officer_name_km),
            course_km=course_km,
            course_km_is_khmer=bool(data.course_title_km),
            issuer_km=data.issuer_name_km or data.issuer_name,
            name_km_size=size_class(name_km, _NAME_SIZES),
            name_size=size_class(data.officer_name, _NAME_SIZES),
            course_km_size=size_class(course_km, _TITLE_SIZES),
            course_size=size_class(data.course_title, _TITLE_SIZES),
            issued_on_en=khmer_dates.english_date(data.issued_on),
            issued_on_km=khmer_dates.khmer_date(data.issued_on),
            expires_on_en=(
                khmer_dates.english_date(data.expires_on) if data.expires_on else ""
            ),
            expires_on_km=(
                khmer_dates.khmer_date(data.expires_on) if data.expires_on else ""
            ),
            edition_km=khmer_dates.khmer_digits(data.edition),
            score_en=(
                khmer_dates.english_score(data.score) if data.score is not None else ""
            ),
            score_km=(
                khmer_dates.khmer_score(data.score) if data.score is not None else ""
            ),
        )
        return context
