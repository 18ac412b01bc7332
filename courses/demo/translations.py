"""Khmer versions of the demo courses, made as translators make them.

Every page the demo creates gets a Khmer version through wagtail-localize,
with the Khmer titles and summaries the curriculum has (``LoadReport.khmer``)
recorded as translations; the rest falls back to English and says so to
readers. Course 1 ("Identifying and referring victims of trafficking") is then
translated in full from the PO files under ``courses/demo/khmer/``, imported
with the same function as the trainers' "Import PO" button
(``courses.translation_po.import_course_po``). Those files are a draft
translation awaiting review by a native-speaking trainer (README).
"""

from __future__ import annotations

from pathlib import Path

from wagtail.models import Locale, Page

from courses.khmer_fields_upgrade import translate_fields

#: Demo courses translated in full, from ``khmer/*.po``.
TRANSLATED_COURSES = ["identifying-and-referring-victims"]
PO_FOLDER = Path(__file__).parent / "khmer"


def load_khmer_versions(courses: dict, report) -> None:
    """Give the pages created by this run their Khmer versions, once."""
    khmer = Locale.objects.filter(language_code="km").first()
    if khmer is None:
        report.warn("no Khmer locale: run the migrations")
        return
    pages = Page.objects.filter(pk__in=report.khmer).order_by("path").specific()
    for page in pages:
        if page.has_translation(khmer):
            continue
        translate_fields(page, khmer, report.khmer[page.pk], publish=True)
        report.count("Khmer page versions", True)
    for slug in TRANSLATED_COURSES:
        course = courses.get(slug)
        if course is not None and course.pk in report.khmer:
            _import_full_translation(course, khmer, report)


def _import_full_translation(course, khmer, report) -> None:
    import polib

    from courses.translation_po import import_course_po

    files = sorted(PO_FOLDER.glob("*.po"))
    if not files:
        report.warn("no Khmer PO files for the demo course")
        return
    merged = polib.POFile()
    merged.metadata = {"Language": "km", "Content-Type": "text/plain; charset=UTF-8"}
    for path in files:
        merged.extend(entry for entry in polib.pofile(str(path)) if entry.msgstr)
    import_course_po(course, khmer, merged, user=None, publish=True)
    report.count("Khmer course translations", True)
