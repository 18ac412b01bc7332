"""A Khmer version of a demo course, made as trainers make one in the admin.

Wagtail's "Translate" action (``wagtail.contrib.simple_translation``) copies a
page, with its subtree, into the Khmer locale; the copies share their
originals' ``translation_key``. Here the demo does the same and then writes
the Khmer titles and summaries the curriculum already has into the copies'
own fields. Lesson bodies stay as copied (English) until a translator writes
them: the demo shows the mechanism, not a finished translation.
"""

from __future__ import annotations

from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page

#: Demo courses that get a Khmer version.
TRANSLATED_COURSES = ["identifying-and-referring-victims"]


def translate_into(page: Page, language: str) -> Page:
    """Copy ``page`` and its subtree into ``language`` (its parent first when
    the parent has no version there yet), publish the copies and give them the
    Khmer titles and summaries of their originals. Returns the copy of ``page``.
    """
    locale = Locale.objects.get(language_code=language)
    parent = page.get_parent().specific
    if not parent.is_root() and not parent.has_translation(locale):
        translate_into_alone(parent, locale)
    CopyPageForTranslationAction(
        page=page, locale=locale, include_subtree=True, user=None
    ).execute(skip_permission_checks=True)
    copy = page.get_translation(locale)
    for version in Page.objects.descendant_of(copy, inclusive=True).specific():
        _write_khmer_fields(version)
    return page.get_translation(locale).specific


def translate_into_alone(page: Page, locale: Locale) -> Page:
    CopyPageForTranslationAction(
        page=page, locale=locale, include_subtree=False, user=None
    ).execute(skip_permission_checks=True)
    copy = page.get_translation(locale).specific
    _write_khmer_fields(copy)
    return copy


def _write_khmer_fields(version) -> None:
    if getattr(version, "title_km", ""):
        version.title = version.title_km
        version.draft_title = version.title_km
    if getattr(version, "summary_km", ""):
        version.summary = version.summary_km
    version.save_revision().publish()


def load_khmer_versions(courses: dict, report) -> None:
    """Give each course of :data:`TRANSLATED_COURSES` a Khmer version, once."""
    khmer = Locale.objects.filter(language_code="km").first()
    if khmer is None:
        report.warn("no Khmer locale: run the migrations")
        return
    for slug in TRANSLATED_COURSES:
        course = courses.get(slug)
        if course is None or course.has_translation(khmer):
            continue
        translate_into(course, "km")
        report.count("Khmer course versions", True)
