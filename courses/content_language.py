"""Which parts of a page are not in the reader's language, for ``lang`` and a notice.

A Khmer version made with wagtail-localize keeps the English text of every
segment nobody has translated yet; a page may have no version in the reader's
language at all. Readers must be told ("Parts of this page are shown in
English"), and screen readers must read English text with English rules, so
that text is marked ``lang="en"``.

The language of a piece of text is read from its script: Khmer letters and no
Latin words is Khmer; Latin words and no Khmer letters is English (or another
Latin-script language: the page's source language is used). Mixed text (a
Khmer sentence naming "NCCT") keeps the page's language. This works the same
for translations made segment by segment, imported from PO files or typed by
hand, and needs no query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.html import strip_tags
from django.utils.translation import get_language

from courses.translations import page_language

KHMER_LETTERS = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: Languages written in Khmer script; every other configured language is
#: taken to be written in Latin script.
KHMER_SCRIPT_LANGUAGES = {"km"}


def script_language(text: str, default: str, other_latin: str | None = None) -> str:
    """The language ``text`` is written in, judged by its script.

    ``default`` is returned for mixed or script-less text; ``other_latin`` is
    the Latin-script language to report for Latin text found on a page
    written in Khmer (default: the site's default language).
    """
    plain = strip_tags(text)
    khmer = bool(KHMER_LETTERS.search(plain))
    latin = bool(LATIN_WORD.search(plain))
    if khmer and not latin:
        return "km"
    if latin and not khmer:
        if default in KHMER_SCRIPT_LANGUAGES:
            return other_latin or settings.LANGUAGE_CODE
        return default
    return default


@dataclass
class ContentFallback:
    """What of a page is not in ``reader_language``.

    ``whole``: the page itself is in another language (it has no version in
    the reader's). ``fields`` and ``blocks`` map field names and stream block
    ids to the language their text is really in.
    """

    reader_language: str
    page_language: str
    whole: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return self.whole or bool(self.fields or self.blocks)

    @property
    def reader_language_name(self) -> str:
        return language_name(self.reader_language)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def language(self) -> str:
        """The language shown in place of the reader's (for the notice)."""
        if self.whole:
            return self.page_language
        found = list(self.fields.values()) + list(self.blocks.values())
        return found[0] if found else self.page_language

    def field_lang(self, name: str) -> str:
        """``lang`` for a field's text: its real language."""
        return self.fields.get(name, self.page_language)

    def block_lang(self, block_id: str) -> str:
        """``lang`` for a stream block's text: its real language."""
        return self.blocks.get(str(block_id), self.page_language)


def language_name(code: str) -> str:
    """The configured name of a language, in the interface language."""
    return str(dict(settings.LANGUAGES).get(code, code))


def content_fallback(page, reader_language: str | None = None) -> ContentFallback:
    """The parts of ``page`` that are not in ``reader_language`` (default: the
    interface language). Cached per published state of the page."""
    reader_language = reader_language or get_language() or settings.LANGUAGE_CODE
    written_in = page_language(page)
    result = ContentFallback(reader_language=reader_language, page_language=written_in)
    if written_in != reader_language:
        result.whole = True
        return result
    stamp = page.last_published_at or page.latest_revision_created_at
    key = f"lms:content-fallback:{page.pk}:{stamp and stamp.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = _foreign_segments(page, written_in)
        cache.set(key, found, 24 * 60 * 60)
    result.fields, result.blocks = found
    return result


def _foreign_segments(page, written_in: str) -> tuple[dict, dict]:
    from wagtail_localize.segments.extract import extract_segments

    fields: dict[str, str] = {}
    blocks: dict[str, str] = {}
    for segment in extract_segments(page.specific):
        string = getattr(segment, "string", None)
        if string is None:
            continue
        language = script_language(string.data, written_in)
        if language == written_in:
            continue
        name, _sep, rest = segment.path.partition(".")
        if rest:
            blocks.setdefault(rest.split(".")[0], language)
        else:
            fields.setdefault(name, language)
    return fields, blocks


def title_language(page) -> str:
    """The language of ``page.title`` (a Khmer version's untranslated title
    is English)."""
    return script_language(page.title, page_language(page))
