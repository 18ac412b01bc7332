"""Enrolling officers in courses, with prerequisites enforced."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms import signals


class EnrolmentRefused(Exception):
    """The officer may not enrol; ``message`` says why, for the officer."""

    def __init__(self, message: str, missing=()):
        super().__init__(message)
        self.message = message
        self.missing = list(missing)


def live_prerequisites(course) -> list:
    """The published courses ``course`` requires, by title."""
    return list(course.prerequisites.live().order_by("title"))


def missing_prerequisites(user, course, required=None) -> list:
    """Live prerequisite courses of ``course`` that ``user`` has not completed.

    ``required`` is ``live_prerequisites(course)`` when the caller has it already.
    """
    from courses.models import Enrolment

    if required is None:
        required = live_prerequisites(course)
    if not required:
        return []
    # Any language version of a prerequisite counts (records are kept against
    # one version; translations share its translation_key).
    completed = set(
        Enrolment.objects.filter(
            user=user,
            completed_at__isnull=False,
            course__translation_key__in=[c.translation_key for c in required],
        ).values_list("course__translation_key", flat=True)
    )
    return [c for c in required if c.translation_key not in completed]


def refusal_message(course, missing) -> str:
    names = ", ".join(f"“{c.localized_title}”" for c in missing)
    return _("You cannot enrol in “%(course)s” yet: first complete %(missing)s.") % {
        "course": course.localized_title,
        "missing": names,
    }


def enrol(user, course):
    """Enrol ``user`` in ``course``; return ``(enrolment, created)``.

    Enrolling twice (a double click, two tabs) returns the existing enrolment
    and sends ``enrolment_created`` only once. Raises :class:`EnrolmentRefused`
    for an unpublished course or unmet prerequisites. Enrolling in any language
    version enrols in the course: the enrolment is kept against its record
    version (``courses.translations``).
    """
    from courses.models import Enrolment
    from courses.translations import record_course

    shown, course = course, record_course(course)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing, False
    if not shown.live:
        raise EnrolmentRefused(_("This course is not open for enrolment."))
    missing = missing_prerequisites(user, shown)
    if missing:
        raise EnrolmentRefused(refusal_message(shown, missing), missing)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(user=user, course=course)
    except IntegrityError:
        # Another request enrolled the same officer a moment ago.
        return Enrolment.objects.get(user=user, course=course), False
    signals.enrolment_created.send(sender=Enrolment, enrolment=enrolment)
    return enrolment, True


def prerequisite_cycle(course, chosen) -> list[str]:
    """Titles along a loop that ``chosen`` prerequisites would create, or ``[]``."""
    from courses.models import CoursePage

    edges = {
        c.pk: {p.pk for p in c.prerequisites.all()}
        for c in CoursePage.objects.prefetch_related("prerequisites")
    }
    edges[course.pk] = {c.pk for c in chosen}
    titles = dict(CoursePage.objects.values_list("pk", "title"))
    titles[course.pk] = course.title

    def walk(node, trail):
        for nxt in edges.get(node, ()):
            if nxt == course.pk:
                return [*trail, nxt]
            if nxt not in trail:
                found = walk(nxt, [*trail, nxt])
                if found:
                    return found
        return []

    loop = walk(course.pk, [course.pk])
    return [titles.get(pk, str(pk)) for pk in loop]
