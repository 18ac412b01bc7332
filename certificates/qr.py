"""The verification QR code: an inline vector SVG (segno) of the exact URL."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

#: Error correction: at least M (15% of the symbol may be lost); segno raises
#: it further when that fits in the same symbol size.
ERROR = "m"
#: The quiet zone scanners need, in modules (the standard asks for four).
BORDER = 4


def qr_code(url: str):
    """The segno QR code of ``url`` (byte mode, so the URL is kept exactly)."""
    return segno.make(url, error=ERROR, boost_error=True, micro=False)


def qr_svg(url: str, *, title: str = "", colour: str = "#000") -> SafeString:
    """An inline ``<svg>`` of ``url``'s QR code, sized by CSS (no width/height).

    The quiet zone is part of the drawing, on a white background, so a
    coloured page behind the code cannot eat into it.
    """
    svg = qr_code(url).svg_inline(
        border=BORDER,
        dark=colour,
        light="#fff",
        omitsize=True,
        title=title or None,
        svgclass="qr",
        lineclass=None,
    )
    # segno escapes the title; everything else is numbers and fixed markup.
    return mark_safe(svg)  # noqa: S308
