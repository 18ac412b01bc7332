"""Moving the old "(Khmer)" page fields into wagtail-localize translations.

Until issue 16 an English page carried its Khmer title and summary in
``title_km``/``summary_km``, and a Khmer version of a page (Wagtail's
"Translate" copy) carried its own Khmer text with no record of which parts were
translated. Now a Khmer version is a wagtail-localize translation: translators
see each segment, what is missing and what changed.

:func:`move_khmer_fields` is run by the migrations that drop those fields
(``courses`` and plugins whose pages inherit them), before the drop:

- an English page with Khmer fields and no Khmer version gets one, made by
  wagtail-localize, with the title and summary translated and everything
  else falling back to English (and saying so to readers); it is published
  when the English page is live, as its Khmer title was shown before;
- an English page that already has a Khmer version: the version is adopted.
  Every segment whose text differs from the English is recorded as its
  translation, and the Khmer fields fill the title and summary where the
  version still had the English. The version is re-saved from the
  translation only when its structure matches the source's segment for
  segment, so no Khmer text written outside the segments is lost; otherwise
  wagtail-localize leaves it as a manually kept translation (disabled).

It reads the old columns with SQL and writes through today's models, which is
safe only because it runs once, right before the columns go: on a new
database there are no rows and it returns at once.
"""

from __future__ import annotations

import logging

from django.db import connection as default_connection

from courses.translation_saving import save_translation

logger = logging.getLogger(__name__)

KHMER = "km"


def khmer_field_values(connection, table: str, fields: list[str]) -> dict[int, dict]:
    """``{page id: {field: value}}`` for rows of ``table`` with any Khmer field."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f) for f in fields)
    where = " OR ".join(f"COALESCE({quote(f)}, '') <> ''" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('page_ptr_id')}, {columns} FROM {quote(table)} "
            f"WHERE {where}"
        )
        return {
            row[0]: {
                field: value or "" for field, value in zip(fields, row[1:], strict=True)
            }
            for row in cursor.fetchall()
        }


def move_khmer_fields(tables: dict[str, list[str]], connection=None) -> int:
    """Turn the Khmer fields of the pages in ``tables`` into translations.

    ``tables`` maps a page table to its Khmer field names mapped from the
    English field they translate, e.g. ``{"courses_coursepage":
    ["title_km", "summary_km"]}``. Returns the number of pages handled.
    """
    connection = connection or default_connection
    values: dict[int, dict] = {}
    for table, fields in tables.items():
        values.update(khmer_field_values(connection, table, fields))
    if not values:
        return 0

    from wagtail.models import Locale, Page

    khmer, _created = Locale.objects.get_or_create(language_code=KHMER)
    pages = (
        Page.objects.filter(pk__in=values)
        .exclude(locale=khmer)
        .order_by("path")
        .specific()
    )
    handled = 0
    for page in pages:
        fields = {
            name.removesuffix("_km"): text
            for name, text in values[page.pk].items()
            if text.strip()
        }
        if fields:
            translate_fields(page, khmer, fields)
            handled += 1
    return handled


def translate_fields(page, khmer, fields: dict[str, str], publish=None) -> None:
    """Make or adopt ``page``'s Khmer version with wagtail-localize, with the
    Khmer text of whole fields (``{"title": ..., "summary": ...}``) recorded
    as those segments' translations. Published when ``publish`` (default:
    when ``page`` is live)."""
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )
    from wagtail_localize.segments.extract import extract_segments

    source, _created = TranslationSource.update_or_create_from_instance(page)
    existing = page.get_translation_or_none(khmer)
    adopted: dict[tuple[str, int], str] = {}
    structure_matches = True
    if existing is not None:
        theirs = _strings_by_position(extract_segments(existing.specific))
        ours = _strings_by_position(extract_segments(page))
        structure_matches = set(theirs) == set(ours)
        adopted = {key: text for key, text in theirs.items() if ours.get(key) != text}

    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    counters: dict[str, int] = {}
    for segment in segments.order_by("order"):
        path = segment.context.path
        position = counters.get(path, 0)
        counters[path] = position + 1
        text = adopted.get((path, position))
        if text is None and path in fields and position == 0:
            text = fields[path]
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=khmer,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )

    translation, _created = Translation.objects.get_or_create(
        source=source,
        target_locale=khmer,
        defaults={"enabled": structure_matches},
    )
    if existing is None or structure_matches:
        save_translation(translation, publish=page.live if publish is None else publish)
    else:
        logger.warning(
            "Khmer version %s of page %s differs in structure from its source: "
            "kept as a manual translation",
            existing.pk,
            page.pk,
        )
        translation.enabled = False
        translation.save(update_fields=["enabled"])


def _strings_by_position(segments) -> dict[tuple[str, int], str]:
    """``{(path, n): text}`` of the string segments (n-th string of a path)."""
    found: dict[tuple[str, int], str] = {}
    counters: dict[str, int] = {}
    for segment in segments:
        string = getattr(segment, "string", None)
        if string is None:
            continue
        position = counters.get(segment.path, 0)
        counters[segment.path] = position + 1
        found[(segment.path, position)] = string.data
    return found
