"""The catalog: live courses, filtered by topic and language, searched, paged."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.utils.translation import get_language

from courses.availability import course_availability
from courses.models import CatalogPage, CoursePage, Enrolment, Topic
from courses.models.topics import content_language, prefetch_names
from courses.search import matching_page_ids
from courses.translations import one_version_each_q

PAGE_SIZE = 20

# Control characters (NUL above all: PostgreSQL refuses it in text) never belong
# in a search.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_course_ids(queryset, query: str) -> tuple[list[int], set[int]]:
    """Ids of the courses in ``queryset`` that hold every word of ``query``,
    and of those whose title does (listed first), by ``courses.search``,
    which cuts Khmer into words the same way on SQLite and PostgreSQL.

    Matches count by translation key: a course found through its Khmer
    version is listed in the reader's language too.
    """
    matches = matching_page_ids(queryset, query).values()
    keys = {key for key, _in_title in matches}
    in_title = {key for key, title_hit in matches if title_hit}
    found, first = [], set()
    versions = queryset.filter(translation_key__in=keys).values_list(
        "pk", "translation_key"
    )
    for pk, key in versions:
        found.append(pk)
        if str(key) in in_title:
            first.add(pk)
    return found, first


def offered_topics(courses) -> list[Topic]:
    """The topics of ``courses``, one per translation key (courses point at
    source topics, but one linked to a translation counts as its source),
    in no particular order (the caller fetches their names, then sorts)."""
    by_key: dict = {}
    for topic in Topic.objects.filter(courses__in=courses).distinct():
        by_key.setdefault(topic.translation_key, []).append(topic)
    # The version written in the default language where there are two.
    default = content_language(settings.LANGUAGE_CODE)
    return [
        next((t for t in versions if t.language == default), versions[0])
        for versions in by_key.values()
    ]


def catalog_context(catalog, request) -> dict:
    topic_slug = request.GET.get("topic", "").strip()
    language = request.GET.get("language", "").strip()
    query = _CONTROL.sub(" ", request.GET.get("q", "")).strip()[:200]

    # Every language version of the catalog lists the same courses, each in
    # the officer's language where it has a version in it.
    in_catalogs = Q()
    for version in CatalogPage.objects.filter(translation_key=catalog.translation_key):
        in_catalogs |= Q(path__startswith=version.path, depth__gt=version.depth)
    searchable = CoursePage.objects.live().public().filter(in_catalogs)
    courses = one_version_each_q(searchable, get_language())
    topics = offered_topics(courses)
    selected_topic = next((t for t in topics if t.slug == topic_slug), None)
    if selected_topic is not None:
        # By translation key: every version of the topic counts.
        courses = courses.filter(
            pk__in=Topic.objects.filter(
                translation_key=selected_topic.translation_key
            ).values("courses")
        )
    if language in dict(settings.LANGUAGES):
        # Taught in a language: a complete version in it exists (what the
        # cards say), not what a trainer once ticked.
        taught = [
            course.translation_key
            for course in courses
            if any(
                a.language == language and a.complete
                for a in course_availability(course)
            )
        ]
        courses = courses.filter(translation_key__in=taught)
    else:
        language = ""
    order = ["path"]
    if query:
        found, in_title = search_course_ids(searchable, query)
        courses = courses.filter(pk__in=found)
        # Courses whose title holds the words first, then the catalog's order.
        order.insert(0, Case(When(pk__in=in_title, then=0), default=1))

    courses = courses.order_by(*order).prefetch_related("topics")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    # The topics' names in the reader's language: one query for the filter's
    # and the cards' topics together (none when they are in that language).
    prefetch_names(
        [*topics, *(t for course in page.object_list for t in course.topics.all())]
    )
    topics.sort(key=lambda topic: topic.localized_name.casefold())

    enrolment_state = {}
    if request.user.is_authenticated:
        # Enrolments are kept against one version of each course; all its
        # versions share the translation key.
        shown = {course.translation_key: course.pk for course in page.object_list}
        enrolment_state = {
            shown[key]: completed_at
            for key, completed_at in Enrolment.objects.filter(
                user=request.user, course__translation_key__in=list(shown)
            ).values_list("course__translation_key", "completed_at")
        }
    return {
        "courses_page": page,
        "topics": topics,
        "selected_topic": selected_topic,
        "selected_language": language,
        "languages": settings.LANGUAGES,
        "query": query,
        "enrolment_state": enrolment_state,
        "is_filtered": bool(selected_topic or language or query),
    }
