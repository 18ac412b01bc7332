"""The catalog: live courses, filtered by topic and language, searched, paged."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import get_language

from courses.models import CatalogPage, CoursePage, Enrolment, Topic
from courses.translations import one_version_each_q

PAGE_SIZE = 20

# Control characters (NUL above all: PostgreSQL refuses it in text) never belong
# in a search.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_course_ids(queryset, query: str) -> list[int]:
    """Ids matching ``query`` via Wagtail search plus a substring match.

    Khmer is written without spaces between words, so full-text tokenisers see a
    whole Khmer phrase as one word; the substring match on titles and summaries
    finds Khmer terms inside it.

    ``queryset`` may only be filtered on fields declared as ``index.FilterField``
    (the search backend refuses others, such as topics). Double quotes are left
    out of the full-text query: the SQLite backend wraps each term in quotes
    without escaping them and the query would fail.
    """
    terms = query.replace('"', " ").strip()
    found = set()
    if terms:
        found = {page.pk for page in queryset.search(terms, operator="and")}
    found.update(
        queryset.filter(
            Q(title__icontains=query)
            | Q(title_km__icontains=query)
            | Q(summary__icontains=query)
            | Q(summary_km__icontains=query)
        ).values_list("pk", flat=True)
    )
    return list(found)


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
    topics = list(Topic.objects.filter(courses__in=courses).distinct().order_by("name"))
    selected_topic = next((t for t in topics if t.slug == topic_slug), None)
    if selected_topic is not None:
        courses = courses.filter(topics=selected_topic)
    if language in CoursePage.Language.values:
        courses = courses.filter(language=language)
    else:
        language = ""
    if query:
        # Searched before the topic filter, which the search backend cannot apply.
        courses = courses.filter(pk__in=search_course_ids(searchable, query))

    courses = courses.order_by("path").prefetch_related("topics")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))

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
        "languages": CoursePage.Language.choices,
        "query": query,
        "enrolment_state": enrolment_state,
        "is_filtered": bool(selected_topic or language or query),
    }
