"""The certificate layout contract, and the placeholders a layout can print.

A layout is one Django template that produces one A4 landscape page of HTML
for WeasyPrint, plus the stylesheets it needs. Plugins subclass
:class:`CertificateLayout` and return an instance from the
``lms_register_certificate_layouts`` hook (see ``certificates.hooks``)::

    class Ribbon(CertificateLayout):
        identifier = "ribbon"
        label = _("Ribbon")
        template_name = "my_plugin/ribbon.html"
        stylesheets = ("my_plugin/ribbon.css",)

Placeholders: the template gets ``certificate`` (a :class:`CertificateData`),
``qr_svg`` (an inline SVG of the verification URL, already safe to print) and
``layout``. Everything a layout may print is a field of
:class:`CertificateData`; nothing else from the database reaches a template.

Rules every layout must follow (the renderer enforces the first two):

- Only the platform's own static and media files can be loaded (``{% static %}``
  URLs and the ``url`` of logos and signatures). Anything else fails to load.
- Each render has a time and memory limit (``CERTIFICATE_RENDER_TIMEOUT``,
  ``CERTIFICATE_RENDER_MEMORY_MB``).
- Khmer text must be set in the ``"Noto Sans Khmer"`` family with no
  ``letter-spacing`` (it breaks clusters) and a line height of at least 1.6
  (stacked subscript consonants); put it in an element with ``lang="km"``.
- PDFs are tagged (PDF/UA-1) and take their language from ``<html lang>``:
  give the document its main language (``km`` for the bilingual classic
  layout) and every part in another language its own ``lang``, which the
  tagged PDF records for screen readers (``certificates.pdf_text``). Give
  images an ``alt`` text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class Logo:
    """An organisation logo: a URL the renderer can load, and its alt text."""

    url: str
    alt_text: str


@dataclass(frozen=True)
class Signatory:
    """A person who signs; ``signature_url`` is ``""`` when there is no image."""

    name: str
    name_km: str
    title: str
    title_km: str
    signature_url: str = ""


@dataclass(frozen=True)
class CertificateData:
    """Everything a layout may print: the placeholders.

    Built from a stored certificate (``certificates.rendering.data_for``) or
    from sample data for previews (``certificates.samples``).
    """

    #: Canonical verification code (28 characters, no separators).
    code: str
    #: The same code in groups of four, as printed.
    display_code: str
    #: The absolute URL that the QR code encodes.
    verification_url: str
    officer_name: str
    officer_name_km: str
    course_title: str
    course_title_km: str
    edition: str
    issued_on: datetime.date
    #: ``None`` when the course has no graded quiz.
    score: Decimal | None
    expires_on: datetime.date | None
    issuer_name: str
    issuer_name_km: str
    #: The design's layout identifier; the renderer uses ``classic`` when empty.
    layout: str = ""
    primary_colour: str = "#1f4e79"
    accent_colour: str = "#b8860b"
    logos: tuple[Logo, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    #: True for previews and samples: layouts print a "specimen" mark.
    is_sample: bool = False
    extra: dict = field(default_factory=dict)


class CertificateLayout:
    """Base class of certificate layouts (see the module docstring).

    Subclasses set the class attributes; most need no methods. Override
    :meth:`get_context` to add values computed from the data.
    """

    #: Stored on designs; never rename.
    identifier: str = ""
    #: Shown to admins choosing a layout.
    label: str | Promise = ""
    description: str | Promise = ""
    #: A Django template rendering a complete HTML document for one page.
    template_name: str = ""
    #: Static paths (``app/file.css``) of stylesheets; parsed once per worker.
    stylesheets: tuple[str, ...] = ()

    def get_context(self, data: CertificateData) -> dict:
        """The template context for ``data``; ``qr_svg`` is added by the renderer."""
        return {"certificate": data, "layout": self}

    def __repr__(self):
        return f"<{type(self).__name__} {self.identifier!r}>"
