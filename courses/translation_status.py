"""How far a course's translation into another language has come.

Built on wagtail-localize's models: an object (a page, or a snippet such as a
quiz question) is submitted for translation once, which freezes its content
in a ``TranslationSource`` whose ``StringSegment`` rows are the strings to
translate, each in a ``TranslationContext`` (the object plus a path such as
``title``, ``body.<block id>`` or ``body.<block id>.text``). Translators'
work is kept as ``StringTranslation`` rows (one per source string, context
and target locale), from which wagtail-localize builds the translated
object. For one object and one target locale, each current segment is:

translated
    a ``StringTranslation`` of the segment's current string exists in its
    context and locale, without error;
outdated
    not translated, but the context holds a translation of *another* source
    string: the translator translated the text that used to be there, and the
    source has since been synced (``TranslationSource.update_from_db``) with
    new text. The newest such translation is the "old" one shown next to the
    new source text;
untranslated
    neither (never translated, or only with an error such as broken HTML).

``translated + outdated + untranslated == total``; ``untranslated_paths`` and
``outdated_paths`` are disjoint, and "segments to translate" is
``total - translated``.

The segments are those of the last sync. When the source has changed since
(for pages: published after ``last_updated_at``; for other objects: their
current strings differ from the synced ones), ``source_changed`` says so,
and the view offers a sync. Unpublished changes of a source page are shown
as ``source_draft``: they become translatable once published.

:func:`segment_status` answers for one object, :func:`course_translation_status`
for a course (its pages in outline order and the objects that plugins
translate with them, ``lms_page_translatable_objects``) in a fixed number of
queries. ``courses.translation_po`` exports and imports the same segments.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from courses.hooks import page_translatable_objects

TRANSLATED = "translated"
OUTDATED = "outdated"
UNTRANSLATED = "untranslated"


@dataclass
class SegmentDetail:
    """One string of an object's source and where its translation stands."""

    #: The context path: ``title``, ``body.<block id>``, ``body.<id>.text``.
    path: str
    #: The same path with block types for ids (``body.text``), for humans.
    field_path: str
    #: Position in the object's source (wagtail-localize's ``order``).
    order: int
    #: The source text now (HTML for rich text, attributes replaced by ids).
    source_text: str
    #: :data:`TRANSLATED`, :data:`OUTDATED` or :data:`UNTRANSLATED`.
    state: str
    #: The translation of the current text (``None`` unless translated).
    translation: str | None = None
    #: For an outdated segment: the source text that was translated...
    old_source_text: str | None = None
    #: ... and its translation.
    old_translation: str | None = None
    #: A translation of the current text that wagtail-localize refused
    #: (invalid HTML, links that do not match): the segment counts as
    #: untranslated; this is the refused text.
    error_translation: str | None = None


@dataclass
class SegmentStatus:
    """The translation status of one object into one locale."""

    #: A version of the object exists in the target locale (an alias, which
    #: only mirrors the source, does not count).
    exists: bool = False
    total: int = 0
    translated: int = 0
    outdated: int = 0
    untranslated_paths: set[str] = field(default_factory=set)
    outdated_paths: set[str] = field(default_factory=set)
    #: Where to translate it: wagtail-localize's editor (the target page's or
    #: snippet's edit view) when the version exists, else the view that
    #: starts a translation ("" if the object has no admin view).
    edit_url: str = ""
    #: The object was submitted for translation (it has a TranslationSource
    #: in its own locale); without one there are no segments to count.
    submitted: bool = False
    #: The source's pk, for the sync view (``update_from_db``).
    source_pk: int | None = None
    #: When the source was last synced.
    synced_at: datetime | None = None
    #: The source changed after the last sync: sync before translating.
    source_changed: bool = False
    #: The source page has unpublished changes newer than the last sync.
    source_draft: bool = False
    #: The wagtail-localize ``Translation`` to the target locale, when one is
    #: enabled (the target is then edited in wagtail-localize's editor).
    translation_pk: int | None = None
    #: The target version's pk, when it exists.
    target_pk: int | None = None
    #: Every segment, in source order.
    segments: list[SegmentDetail] = field(default_factory=list)

    @property
    def percent(self) -> int:
        """Translated share of the segments, rounded down (100 only when done)."""
        if not self.total:
            return 100 if self.exists else 0
        return self.translated * 100 // self.total

    @property
    def to_translate(self) -> int:
        return self.total - self.translated

    @property
    def complete(self) -> bool:
        """Exists, every segment translated, and nothing changed since sync."""
        return self.exists and self.translated == self.total and not self.source_changed

    @property
    def started(self) -> bool:
        return self.exists or self.translated > 0 or self.outdated > 0

    @property
    def label(self) -> str:
        """The status in words: "not started", "N%" or "complete"."""
        if self.complete:
            return str(_("complete"))
        if not self.started:
            return str(_("not started"))
        return f"{self.percent}%"

    @property
    def outdated_segments(self) -> list[SegmentDetail]:
        return [s for s in self.segments if s.state == OUTDATED]

    @property
    def untranslated_segments(self) -> list[SegmentDetail]:
        return [s for s in self.segments if s.state == UNTRANSLATED]


@dataclass
class StatusRow:
    """One line of a course's status: a page or an object translated with one."""

    #: The source object (a specific page, or a hook object).
    obj: object
    #: 0 course, 1 module, 2 activity; hook objects one deeper than their page.
    level: int
    #: The page this object is translated with (itself for pages).
    page: Page
    status: SegmentStatus

    @property
    def is_page(self) -> bool:
        return isinstance(self.obj, Page)

    @property
    def title(self) -> str:
        if self.is_page:
            return self.obj.get_admin_display_title()
        return str(self.obj)

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name)

    @property
    def translation_key(self) -> uuid.UUID:
        return self.obj.translation_key


@dataclass
class CourseStatus:
    """A course's translation status into one locale, row by row."""

    course: Page
    locale: Locale
    rows: list[StatusRow]

    @property
    def total(self) -> int:
        return sum(row.status.total for row in self.rows)

    @property
    def translated(self) -> int:
        return sum(row.status.translated for row in self.rows)

    @property
    def outdated(self) -> int:
        return sum(row.status.outdated for row in self.rows)

    @property
    def to_translate(self) -> int:
        return self.total - self.translated

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if all(row.status.exists for row in self.rows) else 0
        return self.translated * 100 // self.total

    @property
    def complete(self) -> bool:
        return all(row.status.complete for row in self.rows)

    @property
    def source_changed(self) -> int:
        """How many rows changed since their last sync."""
        return sum(1 for row in self.rows if row.status.source_changed)

    @property
    def not_submitted(self) -> int:
        """How many rows were never submitted for translation."""
        return sum(1 for row in self.rows if not row.status.submitted)

    @property
    def label(self) -> str:
        if self.complete:
            return str(_("complete"))
        if not any(row.status.started for row in self.rows):
            return str(_("not started"))
        return f"{self.percent}%"


def resolve_locale(locale: Locale | str | int) -> Locale:
    """A ``Locale`` from a locale, a language code or a locale pk."""
    if isinstance(locale, Locale):
        return locale
    if isinstance(locale, int):
        return Locale.objects.get(pk=locale)
    return Locale.objects.get(language_code=locale)


def segment_status(instance, locale: Locale | str) -> SegmentStatus:
    """The translation status of ``instance`` (a page or other translatable
    object, in its source locale) into ``locale`` (a ``Locale`` or code)."""
    if isinstance(instance, Page):
        instance = instance.specific
    target = resolve_locale(locale)
    return statuses_for([instance], target)[_key(instance)]


def _key(obj) -> tuple[str, object]:
    # Pages are keyed as Page: specific or not, it is the same object.
    model = Page if isinstance(obj, Page) else obj.get_translation_model()
    return (model._meta.label, obj.translation_key)


def _edit_url(obj, target_pk: int | None) -> str:
    meta = obj._meta
    try:
        if isinstance(obj, Page):
            if target_pk is not None:
                return reverse("wagtailadmin_pages:edit", args=[target_pk])
            return reverse("wagtail_localize:submit_page_translation", args=[obj.pk])
        if target_pk is not None:
            # Snippets and models with an admin viewset (a quiz's questions):
            # the edit view of the target, by its pk alone.
            return AdminURLFinder().get_edit_url(type(obj)(pk=target_pk)) or ""
        if type(obj) in get_snippet_models():
            return reverse(
                "wagtail_localize:submit_snippet_translation",
                args=[meta.app_label, meta.model_name, quote(obj.pk)],
            )
    except NoReverseMatch:
        pass
    return ""


def _current_strings(obj) -> set[tuple[str, str]]:
    return {
        (segment.path, segment.string.data)
        for segment in extract_segments(obj)
        if isinstance(segment, StringSegmentValue)
    }


def statuses_for(objects: Iterable, target: Locale) -> dict[tuple, SegmentStatus]:
    """:class:`SegmentStatus` of each object into ``target``, keyed by
    ``(model label, translation_key)`` (pages under ``wagtailcore.Page``).

    A fixed number of queries for any number of pages: six, plus one per
    model of non-page objects. Objects must be in their source locale; pages
    should be specific (their timestamps are read).
    """
    # Each object once, even when several courses' rows share it.
    objects = list({_key(obj): obj for obj in objects}.values())
    statuses = {_key(obj): SegmentStatus() for obj in objects}
    if not objects:
        return statuses
    keys = {obj.translation_key for obj in objects}
    locale_ids = {obj.locale_id for obj in objects}

    sources = {
        row["object_id"]: row
        for row in TranslationSource.objects.filter(
            object_id__in=keys, locale_id__in=locale_ids
        ).values("pk", "object_id", "locale_id", "last_updated_at")
    }
    translations = dict(
        Translation.objects.filter(
            source_id__in=[s["pk"] for s in sources.values()],
            target_locale=target,
            enabled=True,
        ).values_list("source_id", "pk")
    )
    segments_by_source: dict[int, list[dict]] = defaultdict(list)
    if sources:
        for row in (
            StringSegment.objects.filter(
                source_id__in=[s["pk"] for s in sources.values()]
            )
            .order_by("source_id", "order")
            .values(
                "source_id",
                "order",
                "context_id",
                "context__path",
                "context__field_path",
                "string_id",
                "string__data",
            )
        ):
            segments_by_source[row["source_id"]].append(row)
    # Every translation ever made in these objects' contexts: current and old.
    by_context: dict[int, list[dict]] = defaultdict(list)
    if sources:
        for row in (
            StringTranslation.objects.filter(
                context__object_id__in=list(sources), locale=target
            )
            .order_by("-updated_at", "-pk")
            .values(
                "context_id",
                "translation_of_id",
                "translation_of__data",
                "data",
                "has_error",
            )
        ):
            by_context[row["context_id"]].append(row)

    targets = _target_pks(objects, target)

    for obj in objects:
        key = _key(obj)
        status = statuses[key]
        target_pk = targets.get(key)
        status.exists = target_pk is not None
        status.target_pk = target_pk
        status.edit_url = _edit_url(obj, target_pk)
        source = sources.get(obj.translation_key)
        if source is None or source["locale_id"] != obj.locale_id:
            continue
        status.submitted = True
        status.source_pk = source["pk"]
        status.synced_at = source["last_updated_at"]
        status.translation_pk = translations.get(source["pk"])
        rows = segments_by_source.get(source["pk"], [])
        # A context (a rich-text block, say) holds several strings: only a
        # translation of a string no longer among them is an old one.
        current: dict[int, set[int]] = defaultdict(set)
        for row in rows:
            current[row["context_id"]].add(row["string_id"])
        for row in rows:
            status.segments.append(
                _detail(
                    row,
                    by_context.get(row["context_id"], ()),
                    current[row["context_id"]],
                )
            )
        for detail in status.segments:
            if detail.state == TRANSLATED:
                status.translated += 1
            elif detail.state == OUTDATED:
                status.outdated += 1
                status.outdated_paths.add(detail.path)
            else:
                status.untranslated_paths.add(detail.path)
        status.total = len(status.segments)
        synced = source["last_updated_at"]
        if isinstance(obj, Page):
            published = obj.last_published_at
            status.source_changed = bool(published and published > synced)
            drafted = obj.latest_revision_created_at
            status.source_draft = bool(
                obj.has_unpublished_changes and drafted and drafted > synced
            )
        else:
            synced_strings = {(r["context__path"], r["string__data"]) for r in rows}
            status.source_changed = _current_strings(obj) != synced_strings
    return statuses


def _detail(row: dict, context_translations, current_strings=()) -> SegmentDetail:
    detail = SegmentDetail(
        path=row["context__path"],
        field_path=row["context__field_path"] or row["context__path"],
        order=row["order"],
        source_text=row["string__data"],
        state=UNTRANSLATED,
    )
    # Newest first (see the query): the first other-string row is the old one.
    for translation in context_translations:
        if translation["translation_of_id"] == row["string_id"]:
            if translation["has_error"]:
                detail.error_translation = translation["data"]
            else:
                detail.translation = translation["data"]
                detail.state = TRANSLATED
        elif (
            detail.old_source_text is None
            and translation["translation_of_id"] not in current_strings
        ):
            detail.old_source_text = translation["translation_of__data"]
            detail.old_translation = translation["data"]
    if detail.state != TRANSLATED and detail.old_source_text is not None:
        detail.state = OUTDATED
    return detail


def _target_pks(objects, target: Locale) -> dict[tuple, int]:
    by_model: dict[type, set] = defaultdict(set)
    for obj in objects:
        model = Page if isinstance(obj, Page) else obj.get_translation_model()
        by_model[model].add(obj.translation_key)
    found = {}
    for model, keys in by_model.items():
        queryset = model.objects.filter(translation_key__in=keys, locale=target)
        if model is Page:
            # An alias mirrors the source; it is not a translation yet.
            queryset = queryset.filter(alias_of__isnull=True)
        for pk, key in queryset.values_list("pk", "translation_key"):
            found[(model._meta.label, key)] = pk
    return found


def content_locales() -> list[Locale]:
    """The locales of ``WAGTAIL_CONTENT_LANGUAGES``, in that order (one query)."""
    from django.conf import settings

    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    found = {locale.language_code: locale for locale in Locale.objects.all()}
    return [found[code] for code in codes if code in found]


def course_source(course, target: Locale):
    """The version of ``course`` that translations into ``target`` come from:
    ``course`` itself, unless it is the ``target`` version (then the first
    version in another locale)."""
    if course.locale_id != target.pk:
        return course
    from courses.translations import all_versions

    for version in all_versions(course):
        if version.locale_id != target.pk:
            return version
    return course


def translation_pairs(courses) -> dict[int, tuple[Page, Locale]]:
    """For each course page (any version), ``(source version, target locale)``:
    the course's first version, and the language it is translated into (the
    version's own language when it is a translation, else the first other
    content language). Two queries for any number of courses."""
    courses = list(courses)
    if not courses:
        return {}
    locales = content_locales()
    firsts: dict = {}
    for version in (
        Page.objects.filter(translation_key__in={c.translation_key for c in courses})
        .order_by("pk")
        .only("pk", "translation_key", "locale_id", "path", "depth", "title")
    ):
        firsts.setdefault(version.translation_key, version)
    pairs = {}
    for course in courses:
        source = firsts.get(course.translation_key, course)
        if source.pk == course.pk:
            source = course
        if source.locale_id != course.locale_id:
            target = next((lo for lo in locales if lo.pk == course.locale_id), None)
        else:
            target = next((lo for lo in locales if lo.pk != course.locale_id), None)
        if target is not None:
            pairs[course.pk] = (source, target)
    return pairs


def _objects_of(courses) -> dict[int, list[tuple[object, int, Page]]]:
    """``(object, level, page)`` of each course, keyed by the course's pk."""
    courses = list(courses)
    if not courses:
        return {}
    in_course = Q(pk__in=[])
    for course in courses:
        in_course |= Q(
            path__startswith=course.path,
            depth__lte=course.depth + 2,
            locale_id=course.locale_id,
        )
    pages = list(
        Page.objects.filter(in_course, alias_of__isnull=True)
        .order_by("path")
        .specific(defer=False)
    )
    found: dict[int, list] = {}
    for course in courses:
        rows = found[course.pk] = []
        seen = set()
        for page in pages:
            if not page.path.startswith(course.path):
                continue
            level = page.depth - course.depth
            rows.append((page, level, page))
            for obj in page_translatable_objects(page):
                # A question used by two quizzes is translated once, where
                # it first appears.
                if _key(obj) not in seen:
                    seen.add(_key(obj))
                    rows.append((obj, level + 1, page))
    return found


def course_objects(course) -> list[tuple[object, int, Page]]:
    """``(object, level, page)`` for every page of ``course`` (in its
    locale, outline order, aliases left out) and, after each page, the
    objects translated with it (``lms_page_translatable_objects``), each
    object once."""
    return _objects_of([course])[course.pk]


def course_translation_status(course, locale: Locale | str) -> CourseStatus:
    """The status of every page of ``course`` and of the objects translated
    with them, into ``locale``: rows in outline order (course, then each
    module followed by its activities, each page followed by its objects).

    ``course`` may be any version of the course: the rows are those of its
    source version (see :func:`course_source`). A fixed number of queries
    whatever the number of pages (plus what hook implementations cost).
    """
    target = resolve_locale(locale)
    course = course_source(course.specific, target)
    return _statuses({course.pk: (course, target)})[course.pk]


def course_statuses(courses) -> dict[int, CourseStatus]:
    """:class:`CourseStatus` of each course page (any version) into the
    language of :func:`translation_pairs`, keyed by the page's pk: for lists
    of courses, in a fixed number of queries whatever their number (plus
    what hook implementations cost)."""
    return _statuses(translation_pairs(courses))


def _statuses(pairs: dict[int, tuple[Page, Locale]]) -> dict[int, CourseStatus]:
    sources = {source.pk: source for source, _target in pairs.values()}
    objects = _objects_of(sources.values())
    by_target: dict[int, tuple[Locale, list]] = {}
    for source, target in pairs.values():
        group = by_target.setdefault(target.pk, (target, []))[1]
        group.extend(obj for obj, _level, _page in objects[source.pk])
    statuses = {
        target_pk: statuses_for(group, target)
        for target_pk, (target, group) in by_target.items()
    }
    result = {}
    for pk, (source, target) in pairs.items():
        found = statuses[target.pk]
        rows = [
            StatusRow(obj=obj, level=level, page=page, status=found[_key(obj)])
            for obj, level, page in objects[source.pk]
        ]
        result[pk] = CourseStatus(course=source, locale=target, rows=rows)
    return result
