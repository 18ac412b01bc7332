"""Dates in Cambodian form beyond what Django's formats give.

Pages format dates through Django (``{{ day|date:"DATE_FORMAT" }}``) with the
project's formats in ``lms.formats``; this module holds what those cannot do:

- the long forms printed on documents whatever the active language
  (:func:`english_date`, :func:`khmer_date`, the latter in Khmer digits as
  official Cambodian documents are);
- ISO 8601 text for files (:func:`iso_date`, :func:`iso_datetime`): local time
  with its offset and no microseconds, ``2026-12-07T14:05:33+07:00``;
- reading a typed date day first (:func:`parse_date`), for imports.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone

from lms.numerals import khmer_digits, latin_digits

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


def khmer_date(day: datetime.date) -> str:
    """``day`` as printed in Khmer: ``ថ្ងៃទី២១ ខែវិច្ឆិកា ឆ្នាំ២០២៦``."""
    return (
        f"ថ្ងៃទី{khmer_digits(f'{day.day:02d}')} "
        f"ខែ{KHMER_MONTHS[day.month - 1]} "
        f"ឆ្នាំ{khmer_digits(day.year)}"
    )


def english_date(day: datetime.date) -> str:
    """``day`` as printed in English, whatever the active language:
    ``21 November 2026``."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def iso_date(day: datetime.date) -> str:
    """``2026-12-07``; a datetime gives its local date."""
    if isinstance(day, datetime.datetime):
        day = local(day).date()
    return day.isoformat()


def iso_datetime(moment: datetime.datetime) -> str:
    """``2026-12-07T14:05:33+07:00``: the platform's local time (TIME_ZONE) with
    its offset, to the second. A naive value is taken as local time already."""
    return local(moment).replace(microsecond=0).isoformat()


def local(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` in the platform's time zone (an aware value stays aware)."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return timezone.localtime(moment)


def parse_date(text: str) -> datetime.date | None:
    """A typed date, read day first (``7/12/2026`` is 7 December, and so is
    ``៧/១២/២០២៦``) or as ISO 8601; None when it matches no accepted form.

    The accepted forms are the active language's ``DATE_INPUT_FORMATS``
    (``lms.formats``), which never read month first."""
    text = latin_digits((text or "").strip())
    for form in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None
