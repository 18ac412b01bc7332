"""``/learn/search/``: lessons and courses that hold the words searched for.

Public, like the catalog: anyone sees the titles and excerpts of live public
pages; lesson pages themselves stay gated (enrolment) as they are.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Page

from courses.models import CatalogPage, CoursePage
from courses.search import MAX_QUERY_CHARS, parse_query, search_pages
from courses.translations import locale_code, version_for_language

#: Results shown (the best first); a query finding more asks for more words.
MAX_RESULTS = 50


def search(request):
    query = request.GET.get("q", "")[: MAX_QUERY_CHARS * 2].strip()
    language = get_language()
    hits = []
    if query:
        hits = search_pages(
            Page.objects.live().public(),
            query,
            language=language,
            limit=MAX_RESULTS + 1,
        )
    more = len(hits) > MAX_RESULTS
    hits = hits[:MAX_RESULTS]
    _add_pages_and_courses(hits)
    catalog = CatalogPage.objects.live().first()
    if catalog is not None:
        catalog = version_for_language(catalog, language)
    return render(
        request,
        "courses/search.html",
        {
            "query": query,
            "searched": bool(query and parse_query(query)),
            "hits": hits,
            "more": more,
            "catalog": catalog,
        },
    )


def _add_pages_and_courses(hits) -> None:
    """Give each hit its page (for its address), language and course: two
    queries for any number of hits."""
    if not hits:
        return
    pages = Page.objects.in_bulk([hit.page_id for hit in hits])
    step = Page.steplen
    prefixes = {
        hit.path[: step * depth]
        for hit in hits
        if not hit.is_course
        for depth in range(1, len(hit.path) // step)
    }
    courses = {
        course.path: course
        for course in Page.objects.type(CoursePage).filter(path__in=prefixes)
    }
    for hit in hits:
        hit.page = pages.get(hit.page_id)
        hit.language = locale_code(hit.locale_id)
        hit.course = next(
            (
                courses[hit.path[: step * depth]]
                for depth in range(len(hit.path) // step - 1, 0, -1)
                if hit.path[: step * depth] in courses
            ),
            None,
        )
