"""A whole course as one PO file: export it, translate it anywhere, import it.

wagtail-localize offers a PO file per page; a translator working on a course
wants the course at once. :func:`export_course_po` writes every string of
the course's pages (in the source locale, outline order) and of the objects
translated with them (``lms_page_translatable_objects``, e.g. a quiz's
questions), each entry being::

    #. lesson “Lesson 1.1” › Body › Text
    msgctxt "<translation_key>:<segment path>"
    msgid "<the source text now>"
    msgstr "<its translation, or empty>"

Segments whose source changed after they were translated are ``#, fuzzy``
with the old translation as ``msgstr`` and the old source as ``#| msgid``,
as ``msgmerge`` would write them: a translator updates the text and removes
the flag. The strings are those of the objects' *current* content (what a
sync, ``TranslationSource.update_from_db``, would extract), so a file
exported before a sync is still the one to translate.

:func:`import_course_po` reads such a file back into wagtail-localize, in
one transaction:

- the file must be a PO file for this course (``X-Course`` header, or its
  ``msgctxt`` keys) in the target language (``Language`` header); otherwise
  :class:`PORefused`, and nothing is saved;
- an entry is matched by ``msgctxt``; one without ``msgctxt`` matches every
  segment of the course whose source text is its ``msgid``;
- empty and fuzzy entries are skipped; an entry whose ``msgid`` is no longer
  the source text, whose object or segment left the course, or whose HTML
  is invalid or does not keep the source's tags is refused and reported
  with its line number; the other entries are imported;
- a version edited by hand (made without wagtail-localize, or its synced
  translation stopped) is left alone, and reported;
- a missing Khmer version is started the way wagtail-localize's
  ``TranslationCreator`` starts one (a ``TranslationSource`` synced from the
  current content, an enabled ``Translation``), for the page's parents in
  the course too; then each touched object is saved with
  ``Translation.save_target``: published when ``publish`` is asked and the
  user may publish it, otherwise as a draft revision for review.
  ``TranslationCreator`` itself is not called: it publishes a new version
  of a live page at once, with the English text, before any Khmer is in it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import polib
from bs4 import BeautifulSoup, Tag
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import (
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue, validate_translation_links

from courses.translation_saving import save_translation
from courses.translation_status import (
    course_objects,
    course_source,
    resolve_locale,
)

#: Larger files are refused unread (a course's PO is a few hundred kB).
MAX_PO_BYTES = 5 * 1024 * 1024
COURSE_HEADER = "X-Course"
TOOL_NAME = "PO file"
_VOID_TAGS = {"br", "wbr", "img", "hr"}
_TAG_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)\s*>")


class PORefused(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class ImportProblem:
    """An entry that was refused, and why."""

    line: int | None
    message: str
    msgctxt: str = ""

    def __str__(self):
        if self.line:
            return _("line %(line)s: %(message)s") % {
                "line": self.line,
                "message": self.message,
            }
        return self.message


@dataclass
class ImportReport:
    """What :func:`import_course_po` did."""

    #: Translations written (new, or changed).
    written: int = 0
    #: Entries whose translation was already there, identical.
    unchanged: int = 0
    #: Entries skipped because their ``msgstr`` is empty.
    empty: int = 0
    #: Entries skipped because they are still marked fuzzy.
    fuzzy: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    #: Titles of the objects whose version in the language was created.
    created: list[str] = field(default_factory=list)
    #: Titles of the objects saved and published.
    published: list[str] = field(default_factory=list)
    #: Titles of the pages saved as a draft revision.
    drafts: list[str] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len(self.problems)


@dataclass
class _Segment:
    obj: object
    key: str
    path: str
    text: str
    order: int


# Reading the objects' current strings ------------------------------------------


def _title(obj) -> str:
    if isinstance(obj, Page):
        return obj.get_admin_display_title()
    return str(obj)


def _current_segments(obj) -> list[_Segment]:
    key = str(obj.translation_key)
    return [
        _Segment(obj, key, value.path, value.string.data, value.order)
        for value in extract_segments(obj)
        if isinstance(value, StringSegmentValue)
    ]


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a reverse relation or a block name
        return name


def describe(obj, path: str) -> str:
    """Where a segment is, for translators: ``lesson “Lesson 1.1” › Body › Text``."""
    parts = path.split(".")
    words = [f"{obj._meta.verbose_name} “{_title(obj)}”"]
    try:
        model_field = obj._meta.get_field(parts[0])
    except Exception:  # noqa: BLE001
        model_field = None
    words.append(_label(type(obj), parts[0]))
    if isinstance(model_field, StreamField) and len(parts) > 1:
        stream = getattr(obj, parts[0])
        for index, block in enumerate(stream, start=1):
            if block.id == parts[1]:
                label = block.block.label or block.block_type
                words.append(f"{label} {index}")
                words.extend(p for p in parts[2:] if not _looks_like_id(p))
                break
    elif model_field is not None and model_field.is_relation and len(parts) > 2:
        # A child object (a question's answers): "Answers › Answer".
        related = model_field.related_model
        words[-1] = str(related._meta.verbose_name_plural).capitalize()
        words.append(_label(related, parts[2]))
    return " › ".join(words)


def _looks_like_id(part: str) -> bool:
    return len(part) >= 32 and all(c in "0123456789abcdef-" for c in part)


# Export ---------------------------------------------------------------------


def _translations_by_context(keys, target) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in (
        StringTranslation.objects.filter(context__object_id__in=keys, locale=target)
        .order_by("-updated_at", "-pk")
        .values(
            "context__object_id",
            "context__path",
            "translation_of__data",
            "data",
            "has_error",
        )
    ):
        found[(str(row["context__object_id"]), row["context__path"])].append(row)
    return found


def export_course_po(course, locale) -> polib.POFile:
    """The course (its source version, see ``course_source``) as a PO file
    for ``locale`` (a ``Locale`` or language code)."""
    target = resolve_locale(locale)
    course = course_source(course.specific, target)
    objects = [obj for obj, _level, _page in course_objects(course)]
    translations = _translations_by_context(
        [obj.translation_key for obj in objects], target
    )
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{course.title} ({course.pk})",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Language": target.language_code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
        COURSE_HEADER: str(course.translation_key),
        "X-Course-Title": course.title,
        "X-Source-Language": course.locale.language_code,
    }
    for obj in objects:
        segments = _current_segments(obj)
        texts_by_context: dict[tuple[str, str], set[str]] = defaultdict(set)
        for segment in segments:
            texts_by_context[(segment.key, segment.path)].add(segment.text)
        for segment in segments:
            entry = polib.POEntry(
                msgctxt=f"{segment.key}:{segment.path}",
                msgid=segment.text,
                msgstr="",
                comment=describe(obj, segment.path),
            )
            current = old = None
            here = texts_by_context[(segment.key, segment.path)]
            for row in translations.get((segment.key, segment.path), ()):
                if row["translation_of__data"] == segment.text:
                    current = current or row
                elif old is None and row["translation_of__data"] not in here:
                    # Only a string no longer in this context (a block holds
                    # several) is the old text of this one.
                    old = row
            if current and not current["has_error"]:
                entry.msgstr = current["data"]
            elif current:
                # wagtail-localize refused it (HTML): the translator fixes it.
                entry.msgstr = current["data"]
                entry.flags.append("fuzzy")
                entry.comment += "\n" + _("The translation has invalid HTML.")
            elif old:
                entry.msgstr = old["data"]
                entry.previous_msgid = old["translation_of__data"]
                entry.flags.append("fuzzy")
            po.append(entry)
    return po


# Reading a file -------------------------------------------------------------


def read_po(data: bytes) -> polib.POFile:
    """Parse an uploaded file, or raise :class:`PORefused` saying why not."""
    if len(data) > MAX_PO_BYTES:
        raise PORefused(
            _("The file is too large (%(size)s MB; at most %(max)s MB).")
            % {"size": len(data) // (1024 * 1024), "max": MAX_PO_BYTES // (1024 * 1024)}
        )
    if b"\x00" in data:
        raise PORefused(_("This is not a PO file: it holds binary data."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PORefused(
            _("This is not a PO file: it is not UTF-8 text (byte %(at)s).")
            % {"at": error.start}
        ) from error
    # polib reads a string without a line break as a file name: never let an
    # upload name a file on the server.
    if "\n" not in text or "msgid" not in text:
        raise PORefused(_("This is not a PO file: it has no msgid entries."))
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        match = re.search(r"line (\d+)", str(error))
        if match:
            raise PORefused(
                _("This is not a valid PO file: syntax error at line %(line)s.")
                % {"line": match.group(1)}
            ) from error
        raise PORefused(_("This is not a valid PO file.")) from error


def _language_matches(header: str, target: Locale) -> bool:
    code = re.split(r"[-_@.]", header.strip().lower())[0]
    return code == target.language_code.lower().split("-")[0]


def _check_file(po, course, target, keys) -> None:
    language = po.metadata.get("Language", "")
    if not language:
        raise PORefused(
            _(
                "The file does not say its language (no Language header). "
                "Export it again."
            )
        )
    if not _language_matches(language, target):
        raise PORefused(
            _("This file is in “%(found)s”, not in “%(expected)s”.")
            % {"found": language, "expected": target.get_display_name()}
        )
    course_key = po.metadata.get(COURSE_HEADER)
    if course_key and course_key != str(course.translation_key):
        raise PORefused(
            _("This file is for another course (“%(title)s”), not “%(course)s”.")
            % {
                "title": po.metadata.get("X-Course-Title", course_key),
                "course": course.title,
            }
        )
    with_context = [e for e in po if e.msgctxt and not e.obsolete]
    if (
        not course_key
        and with_context
        and not any(e.msgctxt.split(":", 1)[0] in keys for e in with_context)
    ):
        raise PORefused(_("This file is for another course, not “%s”.") % course.title)


# Import ---------------------------------------------------------------------


def tag_problem(source: str, translation: str) -> str | None:
    """Why ``translation`` cannot stand for ``source`` (HTML), or ``None``.

    wagtail-localize's own checks (inline tags only, no attributes, no
    unknown link ids) come first; then every tag must be closed and the
    translation must keep the source's tags (``<b>``, ``<a id="a1">``...),
    as many of each.
    """
    try:
        StringValue.from_translated_html(translation)
        validate_translation_links(source, translation)
    except ValueError as error:
        return str(error.args[0])
    stack = []
    for closing, name, self_closing in _TAG_RE.findall(translation):
        name = name.lower()
        if name in _VOID_TAGS or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            return _("</%s> closes a tag that is not open.") % name
    if stack:
        return _("<%s> is not closed.") % stack[-1]

    def tags(html):
        return Counter(
            (el.name, el.attrs.get("id", ""))
            for el in BeautifulSoup(html, "html.parser").descendants
            if isinstance(el, Tag)
        )

    expected, found = tags(source), tags(translation)
    if expected != found:
        missing = sorted(_tag_text(t) for t in (expected - found).elements())
        extra = sorted(_tag_text(t) for t in (found - expected).elements())
        parts = []
        if missing:
            parts.append(_("missing %s") % ", ".join(missing))
        if extra:
            parts.append(_("not in the source: %s") % ", ".join(extra))
        return _("keep the tags of the source text (%s).") % "; ".join(parts)
    return None


def _tag_text(tag) -> str:
    name, element_id = tag
    return f'<{name} id="{element_id}">' if element_id else f"<{name}>"


def _may_publish(user, obj, target_pk) -> bool:
    if user is None:
        return True
    if isinstance(obj, Page):
        page = Page.objects.get(pk=target_pk).specific if target_pk else obj
        return page.permissions_for_user(user).can_publish()
    meta = obj._meta
    return user.has_perm(f"{meta.app_label}.publish_{meta.model_name}")


def _start_translation(obj, target: Locale, target_pk) -> Translation | None:
    """Sync ``obj``'s source and make sure a translation to ``target`` is on.

    ``None`` when the version in ``target`` is edited by hand in Wagtail (its
    synced translation was stopped, or it was made without
    wagtail-localize): saving would overwrite that work, and fill what the
    file leaves untranslated with the source's text.
    """
    translation = Translation.objects.filter(
        source__object_id=obj.translation_key,
        source__locale_id=obj.locale_id,
        target_locale=target,
    ).first()
    if (translation is None and target_pk is not None) or (
        translation is not None and not translation.enabled
    ):
        return None
    source, _created = TranslationSource.update_or_create_from_instance(obj)
    if translation is None:
        translation = Translation.objects.create(
            source=source, target_locale=target, enabled=True
        )
    return translation


def _match(po, segments: list[_Segment], report: ImportReport):
    """The entries to write: ``{(key, path): (segment, msgstr, line)}``."""
    # A context (a rich-text block) holds several strings: match on the text.
    by_context: dict[tuple[str, str], list[_Segment]] = defaultdict(list)
    for segment in segments:
        by_context[(segment.key, segment.path)].append(segment)
    by_text: dict[str, list[_Segment]] = defaultdict(list)
    for segment in segments:
        by_text[segment.text].append(segment)
    keys = {s.key for s in segments}
    accepted = {}
    for entry in po:
        if entry.obsolete:
            continue
        line = entry.linenum
        if not entry.msgstr:
            report.empty += 1
            continue
        if "fuzzy" in entry.flags:
            report.fuzzy += 1
            continue
        if entry.msgctxt:
            key, _sep, path = entry.msgctxt.partition(":")
            here = by_context.get((key, path), [])
            segment = next((s for s in here if s.text == entry.msgid), None)
            if not here:
                message = (
                    _("this text is no longer in the course; export again.")
                    if key in keys
                    else _("this entry is not part of this course.")
                )
                report.problems.append(ImportProblem(line, message, entry.msgctxt))
                continue
            if segment is None:
                report.problems.append(
                    ImportProblem(
                        line,
                        _(
                            "this text changed in the course since export; "
                            "export again."
                        ),
                        entry.msgctxt,
                    )
                )
                continue
            matches = [segment]
        else:
            matches = by_text.get(entry.msgid, [])
            if not matches:
                report.problems.append(
                    ImportProblem(line, _("this text is not in the course."))
                )
                continue
        problem = tag_problem(entry.msgid, entry.msgstr)
        if problem:
            report.problems.append(ImportProblem(line, problem, entry.msgctxt or ""))
            continue
        for segment in matches:
            accepted[(segment.key, segment.path, segment.text)] = (
                segment,
                entry.msgstr,
                line,
            )
    return accepted


def _write(accepted, source_locale, target, user, report, translations) -> set[str]:
    """Write the StringTranslations; the keys of the objects that changed."""
    contexts = {
        (str(c.object_id), c.path): c
        for c in TranslationContext.objects.filter(
            object_id__in={key for key, _path, _text in accepted}
        )
    }
    changed = set()
    for (key, path, _source), (segment, text, line) in accepted.items():
        if key not in translations:
            continue
        string = String.from_value(source_locale, StringValue(segment.text))
        context = contexts.get((key, path))
        if context is None:
            report.problems.append(
                ImportProblem(
                    line, _("this text is no longer in the course; export again.")
                )
            )
            continue
        existing = StringTranslation.objects.filter(
            translation_of=string, context=context, locale=target
        ).first()
        if existing and existing.data == text and not existing.has_error:
            report.unchanged += 1
            continue
        existing = existing or StringTranslation(
            translation_of=string, context=context, locale=target
        )
        existing.data = text
        existing.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
        existing.tool_name = TOOL_NAME
        existing.last_translated_by = user if user and user.pk else None
        existing.has_error = False
        existing.field_error = ""
        existing.save()
        report.written += 1
        changed.add(key)
    return changed


@transaction.atomic
def import_course_po(
    course, locale, pofile: polib.POFile, user=None, publish: bool = False
) -> ImportReport:
    """Import ``pofile`` (a ``polib.POFile``) as the course's translation into
    ``locale``. Raises :class:`PORefused` (nothing saved) for a file that is
    not this course's or not in that language; refuses and reports single
    entries (see the module's docstring); returns an :class:`ImportReport`.

    ``publish``: publish the translated versions, where ``user`` may publish
    them (``user=None``, a command, may); otherwise each is saved as a draft
    revision.
    """
    target = resolve_locale(locale)
    course = course_source(course.specific, target)
    found = course_objects(course)
    objects = [obj for obj, _level, _page in found]
    keys = {str(obj.translation_key) for obj in objects}
    _check_file(pofile, course, target, keys)
    report = ImportReport()

    segments = [s for obj in objects for s in _current_segments(obj)]
    accepted = _match(pofile, segments, report)
    if not accepted:
        return report

    # The objects to save: those with entries, and the pages above them in
    # the course (a lesson's Khmer version needs its module's), in outline
    # order so that parents are saved first.
    wanted = {key for key, _path, _text in accepted}
    pages_by_key = {str(o.translation_key): o for o in objects if isinstance(o, Page)}
    for obj, _level, page in found:
        if str(obj.translation_key) in wanted:
            for ancestor in pages_by_key.values():
                if page.path.startswith(ancestor.path):
                    wanted.add(str(ancestor.translation_key))
    translations = {}
    targets_before = {}
    for obj in objects:
        key = str(obj.translation_key)
        if key not in wanted:
            continue
        targets_before[key] = _target_pk(obj, target)
        translation = _start_translation(obj, target, targets_before[key])
        if translation is None:
            report.problems.append(
                ImportProblem(
                    None,
                    _(
                        "“%s” is translated by hand (synced translation "
                        "stopped): skipped."
                    )
                    % _title(obj),
                )
            )
            continue
        translations[key] = translation

    _write(accepted, course.locale, target, user, report, translations)

    for obj in objects:
        key = str(obj.translation_key)
        translation = translations.get(key)
        if translation is None:
            continue
        existed = targets_before[key] is not None
        drafts_possible = isinstance(obj, DraftStateMixin)
        live = publish and _may_publish(user, obj, targets_before[key])
        try:
            save_translation(translation, user=user, publish=live)
        except ValidationError as error:
            report.problems.append(
                ImportProblem(
                    None,
                    _("“%(title)s” could not be saved: %(error)s")
                    % {"title": _title(obj), "error": "; ".join(error.messages)},
                )
            )
            continue
        if not existed:
            report.created.append(_title(obj))
        if live or not drafts_possible:
            report.published.append(_title(obj))
        else:
            report.drafts.append(_title(obj))
    return report


def _target_pk(obj, target: Locale):
    model = Page if isinstance(obj, Page) else obj.get_translation_model()
    queryset = model.objects.filter(translation_key=obj.translation_key, locale=target)
    if model is Page:
        queryset = queryset.filter(alias_of__isnull=True)
    return queryset.values_list("pk", flat=True).first()
