"""The enrolments report tells lessons opened from lessons completed."""

from __future__ import annotations

import pytest

from accounts.scope import scope_for
from courses.completion import VIEWED, record_event
from courses.enrolment import enrol
from portal.reports.core import EnrolmentsReport
from tests import factories
from tests.courses.study import complete_lesson

pytestmark = pytest.mark.django_db


def column(report, identifier, row):
    names = [c.key for c in report.columns]
    return row[names.index(identifier)]


def test_opened_and_completed_are_separate_columns(catalog):
    course = factories.make_course(catalog, modules=1, lessons=4)
    lessons = factories.lessons_of(course)
    officer = factories.make_user("officer")
    enrolment, _ = enrol(officer, course)
    complete_lesson(enrolment, lessons[0])
    for lesson in lessons[1:3]:  # clicked "Next" through two more
        record_event(enrolment, lesson, VIEWED)
    report = EnrolmentsReport(scope_for(factories.make_user("admin")))

    (row,) = [r for r in report.rows({}) if officer.full_name in r]

    assert column(report, "lessons_completed", row) == 1
    assert column(report, "lessons_opened", row) == 2
    assert column(report, "progress", row) == 25
