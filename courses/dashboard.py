"""The officer's dashboard: courses in progress, where to continue, completed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import get_language

from courses.models import Enrolment
from courses.progress import CourseProgress, progress_for_enrolments
from courses.translations import version_for_language, versions_for_language


@dataclass
class DashboardEntry:
    enrolment: Enrolment
    progress: CourseProgress
    #: The version of the course shown: the officer's language where it exists.
    course: object = None


def dashboard_context(user) -> dict:
    """In-progress and completed courses with progress, in a fixed number of queries."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "last_page")
        # Never-opened courses last on every database (PostgreSQL sorts NULL
        # first in descending order, SQLite last).
        .order_by(F("last_accessed_at").desc(nulls_last=True), "-enrolled_at")
    )
    progress = progress_for_enrolments(enrolments)
    shown = versions_for_language([e.course for e in enrolments], get_language())
    entries = [
        DashboardEntry(e, progress[e.pk], course)
        for e, course in zip(enrolments, shown, strict=True)
    ]
    in_progress = [e for e in entries if not e.enrolment.is_complete]
    completed = sorted(
        (e for e in entries if e.enrolment.is_complete),
        key=lambda e: e.enrolment.completed_at,
        reverse=True,
    )
    resume = next(
        (
            e
            for e in in_progress
            if e.enrolment.last_page is not None and e.enrolment.last_page.live
        ),
        None,
    )
    resume_page = None
    if resume is not None:
        resume_page = version_for_language(
            resume.enrolment.last_page.specific, get_language()
        )
    return {
        "in_progress": in_progress,
        "completed": completed,
        "resume": resume,
        "resume_page": resume_page,
    }
