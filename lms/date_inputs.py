"""Date form fields that read day first and say so when they cannot.

Browsers with a date picker send ISO 8601 (``2026-12-07``) from
``<input type="date">``; a browser without one (older phones) lets people type,
and they type day first. Both parse through the active language's
``DATE_INPUT_FORMATS`` (``lms.formats``), which never read month first. When
nothing parses, the message shows the expected form with an example instead of
Django's bare "Enter a valid date."
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.numerals import latin_digits


class DateInput(forms.DateInput):
    """``<input type="date">``, its value written in ISO 8601 as browsers need."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        super().__init__(attrs, format=format)


class DayFirstDateField(forms.DateField):
    """A ``DateField`` with a :class:`DateInput` and a message that shows the
    day-first form (``7/12/2026``) expected of typed dates; typed Khmer digits
    are read as Latin ones."""

    widget = DateInput
    default_error_messages = {
        "invalid": _(
            "Enter a valid date, day first: for example 7/12/2026 for 7 December 2026."
        ),
    }

    def to_python(self, value):
        # A Khmer keyboard types ៧/១២/២០២៦; read it as 7/12/2026.
        if isinstance(value, str):
            value = latin_digits(value)
        return super().to_python(value)
