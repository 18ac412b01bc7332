"""Search of courses and lessons that finds Khmer words (issue 16).

Khmer is written without spaces between words, and neither of Wagtail's
database search backends can cut it into words: SQLite's FTS5 tokenizer
treats Khmer vowel signs and subscripts as separators (``លិខិត`` is indexed
as ``ល``, ``ខ``, ``ត``, so a one-letter query matches every page) and
PostgreSQL's parser sees a whole unspaced Khmer sentence as one word. So each
live course and activity page keeps its own search text, :class:`SearchText`,
made by :func:`lms.khmer.search_text`: normalised (no zero-width spaces, one
vowel order, Latin digits), cut into words by khmercut, words separated by
single spaces, case folded. A query goes through the same function.

Matching is plain ``regex`` on that column, which Django runs the same way on
both databases (PostgreSQL ``~``; SQLite through Django's ``REGEXP``
function): every term of the query must appear, starting and ending on a
word boundary of the page's text. A statistical segmenter may cut a word
typed alone differently from the same word inside a sentence (``ការសម្រាក``
alone is two words, in a lesson one), so inside a Khmer term a boundary is
allowed, not required, between any two letter clusters. A Latin word matches
the start of a word ("passport" finds "passports"); a number matches whole.

The index is kept by a ``post_save`` receiver: every full save of an indexed
page (publishing a revision, wagtail-localize saving a translation,
``add_child``) rewrites its row from the page's fields as listed in its
Wagtail ``search_fields``; saving a draft does not. Each row remembers the
live revision it was made from, so a search also refreshes the pages it
meets whose row is missing or older than their live revision
(:func:`refresh_index`): pages published before the table existed, or by a
process where the receiver was not connected. The table belongs to
``courses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.search import index

from courses.models.search_text import SearchText
from lms.khmer import index_text, normalise_khmer, search_text

#: Longest query read (characters, after normalisation); the rest is ignored.
MAX_QUERY_CHARS = 200
#: Most terms (words or Khmer phrases) of a query that are matched.
MAX_TERMS = 8
#: Longest readable text kept per page for excerpts.
MAX_TEXT_CHARS = 20_000
#: Pages (re)indexed by one search, at most.
INDEX_PER_REQUEST = 100

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_KHMER_CHUNK = re.compile("[\u1780-\u17d3\u17dc\u17dd]+")
_LATIN_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


# Indexing ------------------------------------------------------------------


def _indexed_models() -> tuple[type, ...]:
    from courses.hooks import activity_page_models
    from courses.models import CoursePage

    return (CoursePage, *activity_page_models())


def _flatten(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_flatten(item) for item in value.values())
    return str(value)


def page_fields(page) -> tuple[str, str]:
    """``(title, other text)`` of ``page`` (specific), from its Wagtail
    ``search_fields``: the fields its authors already declared searchable,
    rich text and StreamField blocks as their searchable (tag-free) text."""
    parts = []
    seen = set()
    for search_field in page.get_search_fields():
        name = search_field.field_name
        if not isinstance(search_field, index.SearchField) or name in seen:
            continue
        seen.add(name)
        if name != "title":
            parts.append(_flatten(search_field.get_value(page)))
    return page.title, "\n".join(part for part in parts if part)


def _readable(text: str) -> str:
    text = _CONTROL.sub(" ", normalise_khmer(text))
    return _SPACES.sub(" ", text).strip()[:MAX_TEXT_CHARS]


def index_page(page) -> SearchText:
    """Write ``page``'s search text (``page`` specific, or a ``Page``)."""
    page = page.specific if type(page) is Page else page
    title, rest = page_fields(page)
    # A newline between the fields: a Khmer title and a Khmer summary are
    # segmented apart, never as one run.
    entry, _created = SearchText.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "title": f" {index_text(title)} ",
            "words": f" {index_text(title + chr(10) + rest)} ",
            "text": _readable(rest),
            "revision": page.live_revision_id or 0,
        },
    )
    return entry


def refresh_index(pages, limit: int = INDEX_PER_REQUEST) -> int:
    """(Re)index up to ``limit`` pages of ``pages`` (a page queryset) whose
    search text is missing or older than their live revision; returns how
    many. One query when all are up to date."""
    up_to_date = Q(lms_search_text__revision=Coalesce(F("live_revision_id"), Value(0)))
    stale = list(
        pages.filter(Q(lms_search_text__isnull=True) | ~up_to_date)
        .type(*_indexed_models())
        .order_by("pk")[:limit]
        .specific()
    )
    for page in stale:
        index_page(page)
    return len(stale)


def _index_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    # A full save writes the instance's fields into the row: publishing a
    # revision, wagtail-localize saving a translation, add_child. Saving a
    # draft only updates bookkeeping columns (update_fields) while the
    # instance holds the draft, which must not be indexed, so those are
    # skipped unless they touch a searched field. Synchronous, so the index
    # is right inside the transaction (and in tests, where on_commit never
    # runs); a lesson takes a few milliseconds.
    if raw or not isinstance(instance, _indexed_models()):
        return
    if update_fields is not None:
        searched = {
            f.field_name
            for f in instance.get_search_fields()
            if isinstance(f, index.SearchField)
        }
        if not searched & set(update_fields):
            return
    index_page(instance)


post_save.connect(_index_on_save, dispatch_uid="courses.search.index_on_save")


# Queries -------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One term of a query: ``pattern`` finds it in a search text (database
    regex, on word boundaries), ``excerpt`` in readable text (Python)."""

    pattern: str
    excerpt: re.Pattern


def _clusters(khmer: str) -> list[str]:
    # Letter clusters: a consonant or independent vowel with its marks and
    # subscripts. Word boundaries (khmercut's too) only fall between them.
    clusters: list[str] = []
    for char in khmer:
        starts = ("\u1780" <= char <= "\u17b3") and not (
            clusters and clusters[-1].endswith("\u17d2")
        )
        if starts or not clusters:
            clusters.append(char)
        else:
            clusters[-1] += char
    return clusters


def parse_query(query: str) -> list[Term]:
    """The terms of ``query``: each Khmer run and each other word, at most
    :data:`MAX_TERMS`. Anything else (punctuation, SQL or full-text syntax,
    control characters) is dropped, so any input is safe."""
    query = _CONTROL.sub(" ", normalise_khmer(str(query or "")))[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    position = 0
    chunks: list[tuple[str, bool]] = []
    for match in _KHMER_CHUNK.finditer(query):
        chunks += [
            (w, False) for w in _LATIN_WORD.findall(query[position : match.start()])
        ]
        chunks.append((match.group(), True))
        position = match.end()
    chunks += [(w, False) for w in _LATIN_WORD.findall(query[position:])]
    for chunk, is_khmer in chunks:
        # The query is put in the index's form (segmented, case folded).
        words = search_text(chunk).split()
        if not words:
            continue
        if is_khmer:
            clusters = _clusters("".join(words))
            pattern = " " + " ?".join(map(re.escape, clusters)) + " "
            excerpt = r"\s?".join(map(re.escape, clusters))
        else:
            word = words[0]
            tail = " " if word.isdigit() else ""
            pattern = " " + re.escape(word) + tail
            excerpt = r"(?<!\w)" + re.escape(word) + (r"(?!\w)" if tail else "")
        term = Term(pattern, re.compile(excerpt, re.IGNORECASE))
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def matching(queryset, terms: list[Term], field_name: str = "words"):
    """``SearchText`` rows of the pages in ``queryset`` holding every term."""
    rows = SearchText.objects.filter(page__in=queryset.values("pk"))
    for term in terms:
        rows = rows.filter(**{f"{field_name}__regex": term.pattern})
    return rows


def matching_page_ids(queryset, query: str) -> dict[int, tuple[str, bool]]:
    """The pages of ``queryset`` matching ``query``: ``{page id:
    (translation key, whether its title holds every term)}``. Two queries
    when every page is indexed."""
    terms = parse_query(query)
    if not terms:
        return {}
    refresh_index(queryset)
    rows = matching(queryset, terms).values_list(
        "page_id", "page__translation_key", "title"
    )
    return {
        pk: (str(key), all(re.search(t.pattern, title) for t in terms))
        for pk, key, title in rows
    }


@dataclass
class Hit:
    """One page found, with an excerpt around the first term it holds."""

    page_id: int
    title: str
    translation_key: str
    locale_id: int
    path: str
    is_course: bool
    title_hit: bool
    before: str = ""
    match: str = ""
    after: str = ""
    score: tuple = field(default=(), repr=False)
    # Filled by the view: the Page (for its address), its language, its course.
    page: object = None
    language: str = ""
    course: object = None


def excerpt(text: str, terms: list[Term], width: int = 160) -> tuple[str, str, str]:
    """``(before, match, after)``: about ``width`` characters of ``text`` around
    the first term found in it, or its start when none is (title hits)."""
    found = None
    for term in terms:
        hit = term.excerpt.search(text)
        if hit and (found is None or hit.start() < found.start()):
            found = hit
    if found is None:
        head = text[:width]
        return (head + ("…" if len(text) > width else "")), "", ""
    start = max(0, found.start() - width // 3)
    end = min(len(text), found.end() + width - width // 3)
    if start > 0:
        space = text.find(" ", start, found.start())
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space != -1 else end
    before = ("…" if start > 0 else "") + text[start : found.start()]
    after = text[found.end() : end] + ("…" if end < len(text) else "")
    return before, found.group(), after


def search_pages(queryset, query: str, *, language: str | None, limit: int = 50):
    """Pages of ``queryset`` matching ``query``, best first, one version of
    each page: the one in ``language`` when it matched, else the first version
    that did. Titles holding every term come first, then courses before
    activities, then the order of the site tree. Three queries when the index
    is up to date, whatever the number of pages.
    """
    from django.contrib.contenttypes.models import ContentType

    from courses.models import CoursePage
    from courses.translations import locale_id_for

    terms = parse_query(query)
    if not terms:
        return []
    refresh_index(queryset)
    course_type = ContentType.objects.get_for_model(CoursePage).pk
    in_title = Q()
    for term in terms:
        in_title &= Q(title__regex=term.pattern)
    rows = (
        matching(queryset, terms)
        .annotate(
            title_hit=Case(
                When(in_title, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_course=Case(
                When(page__content_type_id=course_type, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        # Every language version of a page may match: read enough rows for
        # ``limit`` pages in two languages, best first.
        .order_by("-title_hit", "-is_course", "page__path")
        .values_list(
            "page_id",
            "title_hit",
            "is_course",
            "page__title",
            "page__translation_key",
            "page__locale_id",
            "page__path",
        )[: limit * len(settings.LANGUAGES)]
    )
    preferred = locale_id_for(language) if language else None
    best: dict[str, Hit] = {}
    for pk, title_hit, is_course, title, key, locale_id, path in rows:
        hit = Hit(pk, title, str(key), locale_id, path, is_course, title_hit)
        hit.score = (not title_hit, not is_course, path)
        current = best.get(hit.translation_key)
        if current is None or (
            locale_id == preferred and current.locale_id != preferred
        ):
            best[hit.translation_key] = hit
    hits = sorted(best.values(), key=lambda h: h.score)[:limit]
    # Excerpts from the readable text of the pages shown only (it is long).
    texts = dict(
        SearchText.objects.filter(page_id__in=[h.page_id for h in hits]).values_list(
            "page_id", "text"
        )
    )
    for hit in hits:
        hit.before, hit.match, hit.after = excerpt(texts.get(hit.page_id, ""), terms)
    return hits


__all__ = [
    "SearchText",
    "Term",
    "Hit",
    "index_page",
    "refresh_index",
    "parse_query",
    "matching",
    "matching_page_ids",
    "search_pages",
    "excerpt",
]
