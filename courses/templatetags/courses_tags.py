"""Template helpers for the catalog and course pages."""

from django import template

register = template.Library()


@register.filter
def enrolment_status(enrolment_state, course_pk):
    """``"completed"``, ``"enrolled"`` or ``""`` for one course in the catalog.

    ``enrolment_state`` maps the pk of each course the officer is enrolled in to
    its ``completed_at`` (``None`` while in progress); a missing key means not
    enrolled::

        {% with status=enrolment_state|enrolment_status:course.pk %}
    """
    if not enrolment_state or course_pk not in enrolment_state:
        return ""
    return "completed" if enrolment_state[course_pk] else "enrolled"


@register.filter
def block_lang(content_fallback, block_id):
    """The language a stream block's text is really in, for its ``lang``.

    ``{{ content_fallback|block_lang:block.id }}``; "" without a fallback
    (the page's own language applies).
    """
    if not content_fallback:
        return ""
    return content_fallback.block_lang(block_id)


@register.filter
def field_lang(content_fallback, name):
    """The language a field's text is really in: ``{{ cf|field_lang:"intro" }}``."""
    if not content_fallback:
        return ""
    return content_fallback.field_lang(name)


@register.simple_tag
def course_languages(course):
    """``{"taught": [Availability...], "translating": [...]}`` of ``course``:
    the languages it really exists in, and those still being translated."""
    from courses.availability import course_availability

    found = course_availability(course)
    return {
        "taught": [a for a in found if a.complete],
        "translating": [a for a in found if not a.complete],
    }
