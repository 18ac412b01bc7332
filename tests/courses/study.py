"""Completing lessons the way officers do, for tests: open, study, reach the end.

Opening a lesson no longer completes it. Tests that need completed lessons
call :func:`complete_lesson`, which goes through the real study path
(``courses.study.record_study``): the lesson is opened and its visit served
as long ago as the lesson's minimum study time, and the page then reports
that time and the end of the lesson, as ``courses/study.js`` would.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from courses.completion import VIEWED, record_event
from courses.study import issue_visit, record_study, required_seconds
from courses.translations import record_page


def complete_lesson(enrolment, lesson):
    """Open, study and finish ``lesson`` (any language version); its progress row.

    A lesson the test already opened just now is reported as studied once its
    minimum time after that opening has passed (the report is dated then).
    """
    from courses.models import ActivityProgress

    lesson = record_page(lesson.specific).specific
    needed = required_seconds(lesson)
    now = timezone.now()
    opened = (
        ActivityProgress.objects.filter(enrolment=enrolment, page_id=lesson.pk)
        .values_list("opened_at", flat=True)
        .first()
    )
    if opened is None:
        opened = now - timedelta(seconds=needed + 1)
        record_event(enrolment, lesson, VIEWED, now=opened)
    visit = issue_visit(enrolment, lesson, now=opened)
    report_at = max(now, opened + timedelta(seconds=needed + 1))
    return record_study(enrolment, lesson, visit, needed, True, now=report_at)


def complete_lessons(enrolment, lessons):
    """:func:`complete_lesson` for each lesson, in order."""
    return [complete_lesson(enrolment, lesson) for lesson in lessons]
