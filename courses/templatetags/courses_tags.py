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
