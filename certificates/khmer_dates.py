"""Dates and numbers as printed on certificates (kept for existing imports).

The logic lives in the framework layer: ``lms.dates`` (month names, long
dates) and ``lms.numerals`` (Khmer digits, rounding of scores). This module
only names what the certificate layouts use.
"""

from __future__ import annotations

from lms.dates import ENGLISH_MONTHS, KHMER_MONTHS, english_date, khmer_date
from lms.numerals import KHMER_DIGITS, khmer_digits
from lms.numerals import english_percent as english_score
from lms.numerals import khmer_percent as khmer_score

__all__ = [
    "ENGLISH_MONTHS",
    "KHMER_DIGITS",
    "KHMER_MONTHS",
    "english_date",
    "english_score",
    "khmer_date",
    "khmer_digits",
    "khmer_score",
]
