"""What the course page shows an anonymous visitor, an officer, an enrolled one."""

from __future__ import annotations

from courses.enrolment import (
    live_prerequisites,
    missing_prerequisites,
    refusal_message,
)
from courses.models import Enrolment, ModuleCompletion
from courses.outline import course_outline
from courses.progress import CourseProgress, activity_states
from courses.translations import ids_in_locale, language_versions, record_course


def course_context(course, request) -> dict:
    """The outline of the version shown, with the progress of the course.

    Progress is kept against the record version; when another language
    version is shown, completed pages are mapped to it by translation.
    """
    outline = course_outline(course)
    prerequisites = live_prerequisites(course)
    record = record_course(course)
    enrolment = None
    missing = []
    completed_ids: set[int] = set()
    opened_ids: set[int] = set()
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=request.user, course=record).first()
        if enrolment is None and prerequisites:
            missing = missing_prerequisites(request.user, course, prerequisites)
    if enrolment is not None:
        completed_ids, opened_ids = activity_states(enrolment)
        done_modules = set(
            ModuleCompletion.objects.filter(enrolment=enrolment).values_list(
                "module_id", flat=True
            )
        )
        if record.locale_id != course.locale_id:
            completed_ids = set(ids_in_locale(completed_ids, course.locale_id).values())
            opened_ids = set(ids_in_locale(opened_ids, course.locale_id).values())
            done_modules = set(ids_in_locale(done_modules, course.locale_id).values())
        for entry in outline.modules:
            entry.complete = entry.module.pk in done_modules
    activity_ids = [a.pk for a in outline.activities]
    progress = CourseProgress(
        total=len(activity_ids),
        completed=len(completed_ids.intersection(activity_ids)),
        opened=len(opened_ids.intersection(activity_ids)),
    )
    next_activity = next(
        (a for a in outline.activities if a.pk not in completed_ids), None
    )
    return {
        "outline": outline,
        "enrolment": enrolment,
        "prerequisites": prerequisites,
        "missing_prerequisites": missing,
        "refusal_message": refusal_message(course, missing) if missing else "",
        "completed_ids": completed_ids,
        "opened_ids": opened_ids,
        "progress": progress,
        "next_activity": next_activity
        or (outline.activities[0] if outline.activities else None),
        "language_versions": language_versions(course),
    }
