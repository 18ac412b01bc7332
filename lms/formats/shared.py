"""The formats English and Khmer have in common (see ``lms.formats``).

The ``*_FORMAT`` strings use Django's date format syntax; the
``*_INPUT_FORMATS`` Python's ``strptime`` syntax, tried in order. Django adds
the ISO 8601 input formats (``2026-12-07``) to every input list by itself; they
are listed here too so the lists read completely.
"""

DATE_FORMAT = "j M Y"  # 7 Dec 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 14:05
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 7 December
SHORT_DATE_FORMAT = "j/n/Y"  # 7/12/2026
SHORT_DATETIME_FORMAT = "j/n/Y H:i"  # 7/12/2026 14:05
FIRST_DAY_OF_WEEK = 1  # Monday

# Day first only: "7/12/2026" is 7 December, and "12/7/2026" is 12 July, never
# 7 December. strptime's %d and %m take one or two digits.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 7/12/2026, 07/12/2026
    "%Y-%m-%d",  # 2026-12-07 (ISO 8601, <input type="date">)
    "%d-%m-%Y",  # 7-12-2026
    "%d.%m.%Y",  # 7.12.2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:05
    "%H:%M:%S",  # 14:05:33
    "%H:%M:%S.%f",
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 7/12/2026 14:05 (the Wagtail admin's date pickers)
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",  # 2026-12-07 14:05
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
]
NUMBER_GROUPING = 3
