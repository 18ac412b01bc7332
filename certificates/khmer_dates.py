"""Dates and numbers as printed in Khmer: Khmer digits and month names.

``khmer_date(date(2026, 11, 21))`` is ``"ថ្ងៃទី២១ ខែវិច្ឆិកា ឆ្នាំ២០២៦"``
("day 21, month Vicheka, year 2026").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_TO_KHMER = str.maketrans("0123456789", KHMER_DIGITS)

#: The solar calendar month names used in official documents, January first.
KHMER_MONTHS = (
    "មករា",
    "កុម្ភៈ",
    "មីនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
)

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def khmer_digits(value) -> str:
    """``value`` as text with the ASCII digits replaced by Khmer digits."""
    return str(value).translate(_TO_KHMER)


def khmer_date(day: datetime.date) -> str:
    """``day`` in Khmer: ``ថ្ងៃទី២១ ខែវិច្ឆិកា ឆ្នាំ២០២៦``."""
    return (
        f"ថ្ងៃទី{khmer_digits(f'{day.day:02d}')} "
        f"ខែ{KHMER_MONTHS[day.month - 1]} "
        f"ឆ្នាំ{khmer_digits(day.year)}"
    )


def english_date(day: datetime.date) -> str:
    """``day`` in English as printed, independent of the active language:
    ``21 November 2026``."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def _plain(score: Decimal) -> str:
    # 92.50 -> "92.5", 100.00 -> "100": no trailing zeros, never an exponent.
    text = format(Decimal(score).normalize(), "f")
    return text


def english_score(score: Decimal) -> str:
    """A percentage as printed in English: ``92.5%``."""
    return f"{_plain(score)}%"


def khmer_score(score: Decimal) -> str:
    """A percentage in Khmer digits with the Khmer decimal comma: ``៩២,៥%``."""
    return f"{khmer_digits(_plain(score).replace('.', ','))}%"
