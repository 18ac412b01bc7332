"""English as written in Cambodia: day first, 24-hour clock (``lms.formats``)."""

from lms.formats.shared import *  # noqa: F403

DECIMAL_SEPARATOR = "."  # 92.5
THOUSAND_SEPARATOR = ","  # 1,250
