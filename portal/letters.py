"""Activation letters: one A4 portrait page per officer, Khmer and English.

Each page carries the officer's names (Latin and Khmer script), unit, staff
ID and username, the QR code of their one-time activation link, the short
code to type instead, and what to do. The letter is bilingual by design, so
its wording is written in both languages in the template (as the
certificate layouts are), whatever the reviewer's language.

Rendering reuses the certificates' per-process WeasyPrint state
(``certificates.rendering.render_state``: the static Noto Sans and Noto Sans
Khmer fonts built by ``manage.py build_fonts``, the locked URL fetcher) and
the certificates' QR code (``certificates.qr``).

The codes exist in plain text only while the PDF is made: :func:`issue_and_render`
issues them and renders in one transaction, so a render that fails leaves
the officers' previous codes working.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activation.issuing import Issued, issue_letters
from accounts.registration import absolute
from certificates.khmer_dates import english_date, khmer_date
from certificates.pdf_text import WRITE_OPTIONS as PDF_WRITE_OPTIONS
from certificates.qr import qr_svg
from certificates.rendering import RenderError, public_url, render_state

#: Letters in one PDF, rendered during the request: about 0.16 s a page on one
#: core, so 200 pages stay near half a minute. A unit or an import larger than
#: this is printed in parts (a background job would lift the limit).
MAX_LETTERS = 200
TEMPLATE = "portal/letters/letters.html"


class LettersRefused(Exception):
    """No PDF: nothing to print, too many, or the render failed (a message)."""


@dataclass(frozen=True)
class Letter:
    """What one page prints."""

    name: str
    name_km: str
    unit: str
    unit_km: str
    staff_id: str
    username: str
    code: str
    link: str
    expires_en: str
    expires_km: str
    qr: str


def letter_for(item: Issued) -> Letter:
    user = item.user
    unit = user.organisation
    expires = timezone.localdate(item.code.expires_at)
    return Letter(
        name=user.get_full_name(),
        name_km=user.full_name_km,
        unit=unit.name if unit else "",
        unit_km=(unit.name_km or unit.name) if unit else "",
        staff_id=user.staff_id or "",
        username=user.get_username(),
        code=item.display_code,
        link=item.link,
        expires_en=english_date(expires),
        expires_km=khmer_date(expires),
        qr=qr_svg(item.link, title=f"Activation link for {user.get_full_name()}"),
    )


def render_letters(letters: list[Letter]) -> bytes:
    """The PDF of ``letters``, one page each. Raises ``RenderError``."""
    from weasyprint import HTML

    html = render_to_string(
        TEMPLATE,
        {
            "letters": letters,
            "activate_url": absolute(reverse("accounts:activate")),
        },
    )
    state = render_state()
    try:
        with state.lock:
            document = HTML(
                string=html, base_url=public_url("/"), url_fetcher=state.fetcher
            ).render(
                font_config=state.font_config,
                stylesheets=[state.font_css],
                **state.render_options(),
            )
            # Tagged PDF/UA, with the text of every run as /ActualText.
            return document.write_pdf(**PDF_WRITE_OPTIONS)
    except (RenderError, MemoryError):
        raise
    except Exception as error:
        raise RenderError(
            _("The activation letters could not be laid out (%(error)s).")
            % {"error": f"{type(error).__name__}: {error}"[:300]}
        ) from error


def issue_and_render(officers, *, actor, request=None) -> tuple[bytes, int]:
    """New letter codes for ``officers`` (old ones cancelled) and their PDF.

    Returns ``(pdf, count)``. Raises :class:`LettersRefused` with a message
    for the reviewer; then no code was changed.
    """
    officers = list(officers.select_related("organisation")[: MAX_LETTERS + 1])
    if not officers:
        raise LettersRefused(_("There is no officer to print a letter for."))
    if len(officers) > MAX_LETTERS:
        raise LettersRefused(
            _(
                "More than %(limit)s officers: print the letters unit by unit, "
                "or for each import."
            )
            % {"limit": MAX_LETTERS}
        )
    units = {officer.pk: officer.organisation for officer in officers}
    try:
        with transaction.atomic():
            issued = issue_letters(officers, actor=actor, request=request)
            if not issued:
                raise LettersRefused(
                    _("There is no active officer to print a letter for.")
                )
            for item in issued:
                # The issued users were re-read under lock, without their unit.
                item.user.organisation = units.get(item.user.pk)
            pdf = render_letters([letter_for(item) for item in issued])
    except RenderError as error:
        raise LettersRefused(str(error)) from error
    return pdf, len(issued)
