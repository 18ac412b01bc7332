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
    entries = []
    for path in files:
        entries += [entry for entry in polib.pofile(str(path)) if entry.msgstr]
    # The catalog's intro is in the file too, but not in the course.
    catalog = course.get_parent().specific
    used = _translate_page_from(catalog, khmer, {e.msgid: e.msgstr for e in entries})
    merged = polib.POFile()
    merged.metadata = {"Language": "km", "Content-Type": "text/plain; charset=UTF-8"}
    merged.extend(entry for entry in entries if entry.msgid not in used)
    result = import_course_po(course, khmer, merged, user=None, publish=True)
    if result.problems:
        report.warn(
            f"{len(result.problems)} strings of the Khmer demo translation were "
            f"not imported, e.g. {result.problems[0]}"
        )
    report.count("Khmer course translations", True)


def _translate_page_from(page, khmer, strings: dict[str, str]) -> set[str]:
    """Translate the segments of ``page`` whose English text is in ``strings``
    (the catalog's intro, which is not part of a course's PO); return the
    English texts used."""
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    from courses.translation_saving import save_translation

    source, _created = TranslationSource.update_or_create_from_instance(page)
    used = set()
    for segment in StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    ):
        text = strings.get(segment.string.data)
        if text:
            used.add(segment.string.data)
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=khmer,
                context=segment.context,
                defaults={"data": text},
            )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=khmer
    )
    save_translation(translation, publish=True)
    return used
