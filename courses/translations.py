"""A course in Khmer and English: language versions of one course.

Wagtail's internationalisation links a page and its translations by
``translation_key``; each version lives in its own locale's tree (the English
catalog and its Khmer translation). Officers read whichever version they
like, but there is one course: enrolment, progress, quiz attempts, module
completion and certificates are all kept against the **record version**, the
course's first version (the lowest page id among its translations) and the
pages of that version's locale. A Khmer officer who switches to English
mid-course therefore keeps every lesson they have done.

Pages of a translated tree that have no counterpart in the record version
(a lesson only written in Khmer) are their own record pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page

_locale_codes: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """The language code of a locale id, from a per-process map (locales are
    created once and never renamed, and reading a page's locale would otherwise
    cost a query per page)."""
    code = _locale_codes.get(locale_id)
    if code is None:
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
        code = _locale_codes.get(locale_id, settings.LANGUAGE_CODE)
    return code


def locale_id_for(language: str) -> int | None:
    """The id of the locale of ``language``, or ``None`` if there is none."""
    if language not in _locale_codes.values():
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return next((pk for pk, code in _locale_codes.items() if code == language), None)


def page_language(page) -> str:
    """The language ``page`` is written in (its locale's language code)."""
    return locale_code(page.locale_id)


def all_versions(page) -> list:
    """Every version of ``page`` (itself included, drafts too), oldest first.

    Kept on the instance: a course page asks for its record version and its
    live versions while rendering, for one query.
    """
    versions = page.__dict__.get("_lms_versions")
    if versions is None:
        versions = [
            page if version.pk == page.pk else version
            for version in type(page)
            .objects.filter(translation_key=page.translation_key)
            .order_by("pk")
        ]
        page.__dict__["_lms_versions"] = versions
    return versions


def record_course(course):
    """The version of ``course`` its records are kept against (first created)."""
    if course is None:
        return None
    versions = all_versions(course)
    return versions[0] if versions else course


def record_page(page, course=None):
    """The page whose records stand for ``page``: its translation in the record
    course's locale, or ``page`` itself when it has none.

    ``course`` is ``page``'s record course when the caller already has it.
    """
    from courses.activity_view import activity_course
    from courses.models import CoursePage

    if isinstance(page, CoursePage):
        return record_course(page)
    if course is None:
        course = record_course(activity_course(page))
    if course is None or course.locale_id == page.locale_id:
        return page
    twin = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key, locale_id=course.locale_id
        )
        .first()
    )
    return twin or page


def ids_in_locale(page_ids: Iterable[int], locale_id: int) -> dict[int, int]:
    """Map page ids to the ids of their translations in ``locale_id`` (one query).

    Ids with no translation there map to themselves when they are already in
    that locale, and are missing otherwise.
    """
    ids = list(page_ids)
    if not ids:
        return {}
    keys = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
    twins = dict(
        Page.objects.filter(
            translation_key__in=set(keys.values()), locale_id=locale_id
        ).values_list("translation_key", "pk")
    )
    return {pk: twins[key] for pk, key in keys.items() if key in twins}


def version_for_language(page, language: str | None):
    """``page``'s live translation in ``language``, or ``page`` itself."""
    return versions_for_language([page], language)[0]


def versions_for_language(pages: list, language: str | None) -> list:
    """:func:`version_for_language` for many pages of one type, in one query."""
    if not pages or not language:
        return list(pages)
    if all(page_language(page) == language for page in pages):
        return list(pages)
    model = type(pages[0])
    twins = {
        twin.translation_key: twin
        for twin in model.objects.live().filter(
            translation_key__in={p.translation_key for p in pages},
            locale__language_code=language,
        )
    }
    return [
        page
        if page_language(page) == language
        else twins.get(page.translation_key, page)
        for page in pages
    ]


def localized_version(page, language: str | None = None):
    """``page``'s live version in ``language`` (default: the interface
    language), or ``page`` itself; kept on the instance, so a page asked
    several times costs one query (none after :func:`prefetch_localized`)."""
    language = language or get_language()
    if page_language(page) != settings.LANGUAGE_CODE:
        # A translation (a Khmer version) is written in its own language and
        # shows itself, whatever the interface language: its reader chose it.
        return page
    cache = page.__dict__.setdefault("_lms_localized", {})
    if language not in cache:
        cache[language] = version_for_language(page, language)
    return cache[language]


def prefetch_localized(pages: Iterable, language: str | None = None) -> None:
    """Fill :func:`localized_version` for many pages: one query per page type.

    For lists (dashboards, outlines, reports) that show record versions'
    titles in the reader's language.
    """
    language = language or get_language()
    by_type: dict[type, list] = {}
    for page in pages:
        if page is None or language in page.__dict__.get("_lms_localized", {}):
            continue
        if page_language(page) != settings.LANGUAGE_CODE:
            continue
        by_type.setdefault(type(page), []).append(page)
    for group in by_type.values():
        for page, version in zip(
            group, versions_for_language(group, language), strict=True
        ):
            page.__dict__.setdefault("_lms_localized", {})[language] = version


def localized_titles(page_ids: Iterable[int], language: str | None = None) -> dict:
    """Map page ids to (title, language) in ``language`` where a live version
    exists there, else their own: for reports that hold ids, not pages."""
    language = language or get_language()
    ids = list(page_ids)
    if not ids:
        return {}
    own = {
        pk: (title, key, locale_code(locale_id))
        for pk, title, key, locale_id in Page.objects.filter(pk__in=ids).values_list(
            "pk", "title", "translation_key", "locale_id"
        )
    }
    twins = dict(
        Page.objects.live()
        .filter(
            translation_key__in={key for _t, key, _l in own.values()},
            locale__language_code=language,
        )
        .values_list("translation_key", "title")
    )
    return {
        pk: (twins[key], language)
        if key in twins and code != language
        else (title, code)
        for pk, (title, key, code) in own.items()
    }


def titles_by_key(model, language: str) -> dict:
    """``{translation_key: title}`` of the live pages of ``model`` written in
    ``language`` (one query): for reports that stream record versions' rows
    and print each course's title in the other language too."""
    return dict(
        model.objects.live()
        .filter(locale__language_code=language)
        .values_list("translation_key", "title")
    )


def title_in_language(page, language: str) -> str:
    """The title of ``page``'s live version written in ``language``, or ""."""
    if page_language(page) == language:
        return page.title
    version = version_for_language(page, language)
    return version.title if page_language(version) == language else ""


def one_version_each_q(queryset, language: str | None):
    """Filter a page queryset to one version per page: the one in ``language``
    where it is in the queryset, else the others (for two languages, the
    other one)."""
    from django.db.models import Q

    locale_id = locale_id_for(language) if language else None
    if locale_id is None:
        return queryset
    preferred = queryset.filter(locale_id=locale_id)
    return queryset.filter(
        Q(locale_id=locale_id)
        | ~Q(translation_key__in=preferred.values("translation_key"))
    )


def language_versions(page) -> list[tuple[str, Page]]:
    """Every live version of ``page`` as (language code, page), in LANGUAGES order."""
    order = [code for code, _name in settings.LANGUAGES]
    versions = [
        (locale_code(version.locale_id), version)
        for version in all_versions(page)
        if version.live
    ]
    return sorted(
        versions, key=lambda v: order.index(v[0]) if v[0] in order else len(order)
    )


def record_versions(queryset):
    """Only the record versions of the pages in ``queryset`` (no earlier page
    shares their translation key): for lists of courses that records point
    at, such as report filters and role assignments."""
    from django.db.models import Exists, OuterRef

    earlier = Page.objects.filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return queryset.exclude(Exists(earlier))
