"""Khmer: day first, 24-hour clock, Khmer month names (``lms.formats``).

Numbers follow the Unicode CLDR's Khmer locale: Latin digits, a decimal comma
and a dot between thousands (``1.250``, ``92,5``), as Django's own Khmer
locale does.
"""

from lms.formats.shared import *  # noqa: F403

DECIMAL_SEPARATOR = ","  # 92,5
THOUSAND_SEPARATOR = "."  # 1.250
