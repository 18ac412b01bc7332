"""Studying a lesson in the browser, quickly: what an officer does, shortened.

A trainer sets a lesson's minimum study time (``LessonPage.min_study_minutes``);
tests set it to a few seconds with :func:`shorten_study`, then
:func:`study_lesson` scrolls to the end of the open lesson and waits while
``courses/study.js`` counts the time, reports it, and the status turns "Done".
"""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from courses.models import LessonPage

#: Three seconds: long enough that time is really counted and reported.
SHORT = Decimal("0.05")


def shorten_study(course, minutes=SHORT) -> None:
    """Give every lesson of ``course`` (all language versions) a short minimum."""
    LessonPage.objects.descendant_of(course).update(min_study_minutes=minutes)
    for version in course.get_translations():
        LessonPage.objects.descendant_of(version).update(min_study_minutes=minutes)


def study_lesson(page, timeout_ms=20_000) -> None:
    """On an open lesson page: read to the end, then wait until it is done.

    A lesson may already be done: time counted on an earlier visit (kept in
    the browser until sent) counts too. Works in either interface language:
    it waits for the status box's
    ``data-study-complete`` (set by the script from the server's answer), then
    checks the words in English ("Done: this lesson is complete.").
    """
    box = page.locator("section.study")
    expect(box).to_be_visible()
    page.locator("#lesson-end").scroll_into_view_if_needed()
    expect(box).to_have_attribute("data-study-complete", "1", timeout=timeout_ms)
    if page.locator("html").get_attribute("lang") == "en":
        expect(page.locator("#study-status")).to_have_text(re.compile("^Done", re.I))
