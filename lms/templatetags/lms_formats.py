"""Template filters for numbers in the platform's one form (``lms.numerals``).

``{% load lms_formats %}``, then::

    {{ attempt.percent|percent }}   -> 92.3% (92,3% on Khmer pages)
    {{ attempt.score|score }}       -> 4.5   (4,5 on Khmer pages)

Both round to one decimal, half up, on ``Decimal``; a whole number loses its
".0"; None gives "" (so a template can fall back with ``|default:"–"``).
Dates need no filter of ours: ``{{ day|date:"DATE_FORMAT" }}`` and
``"SHORT_DATE_FORMAT"`` follow ``lms.formats``.
"""

from django import template

from lms.numerals import format_percent, format_score

register = template.Library()


@register.filter(is_safe=True)
def score(value) -> str:
    """A score rounded to one decimal in the active language's form."""
    return format_score(value)


@register.filter(is_safe=True)
def percent(value) -> str:
    """A percentage rounded to one decimal, with its sign: ``92.3%``."""
    return format_percent(value)
