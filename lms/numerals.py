"""Numbers as the platform shows them: scores rounded one way, Khmer digits.

Every score and percentage, on a page, in a CSV file or a PDF, is rounded to
one decimal, half up, on ``Decimal`` (:func:`round_score`): 92.25 is 92.3
everywhere, never 92.2 on one surface and 92.3 on another, and never
``92.3080000000000``. Pages show Latin digits in both languages (README,
"Dates and numbers"); :func:`khmer_digits` is for printed documents, the Khmer
half of a certificate.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
LATIN_DIGITS = "0123456789"
_TO_KHMER = str.maketrans(LATIN_DIGITS, KHMER_DIGITS)
_TO_LATIN = str.maketrans(KHMER_DIGITS, LATIN_DIGITS)

#: Scores and percentages keep this many decimals.
SCORE_PLACES = 1
_SCORE_QUANTUM = Decimal(1).scaleb(-SCORE_PLACES)  # Decimal("0.1")


def khmer_digits(value) -> str:
    """``value`` as text with the Latin digits replaced by Khmer digits."""
    return str(value).translate(_TO_KHMER)


def latin_digits(text: str) -> str:
    """``text`` with Khmer digits replaced by Latin ones: what a Khmer keyboard
    types into a date or number field is read like the Latin digits."""
    return text.translate(_TO_LATIN)


def to_decimal(value) -> Decimal | None:
    """``value`` (int, float, Decimal or numeric text) as a ``Decimal``; None
    for None, empty or non-numeric text. A float goes through its shortest
    ``repr`` (0.1 stays 0.1, not 0.1000000000000000055...)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def round_score(value) -> Decimal | None:
    """A score or percentage rounded to one decimal, half up: ``Decimal("92.3")``.

    None (no score yet) stays None, so "not graded" is never shown as 0.
    """
    number = to_decimal(value)
    if number is None:
        return None
    return number.quantize(_SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 92.50 -> "92.5", 100.0 ->
    "100", 1E+2 -> "100"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_score(value, *, use_l10n: bool = True) -> str:
    """A score for reading: rounded, no trailing ".0", the active language's
    decimal separator (``92.5`` in English, ``92,5`` in Khmer); "" for None."""
    number = round_score(value)
    if number is None:
        return ""
    text = plain(number)
    if not use_l10n:
        return text
    places = len(text.partition(".")[2])
    return formats.number_format(Decimal(text), places)


def format_percent(value) -> str:
    """A percentage for reading: ``92.5%`` (``92,5%`` in Khmer); "" for None."""
    text = format_score(value)
    return f"{text}%" if text else ""


def english_percent(value) -> str:
    """A percentage as printed in English on documents: ``92.5%``."""
    return f"{plain(round_score(value))}%"


def khmer_percent(value) -> str:
    """A percentage as printed in Khmer on documents, in Khmer digits with the
    Khmer decimal comma: ``៩២,៥%``."""
    return f"{khmer_digits(plain(round_score(value)).replace('.', ','))}%"
