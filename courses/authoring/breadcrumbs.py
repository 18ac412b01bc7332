"""Where a page sits in its course: "Course › Module", for review queues.

Lead trainers review pages from many courses; a lesson's title alone
("Introduction") does not say which course or module it belongs to.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from courses.models import CoursePage, ModulePage

SEPARATOR = " › "


def course_trails(pages) -> dict[int, str]:
    """``{page pk: "Course › Module"}`` for ``pages`` (one query for all).

    The trail names the course and module above each page (not the page
    itself); a page outside any course gets an empty trail.
    """
    pages = [page for page in pages if page is not None]
    steplen = Page.steplen
    wanted = {
        page.path[: level * steplen]
        for page in pages
        for level in range(2, len(page.path) // steplen)
    }
    if not wanted:
        return {page.pk: "" for page in pages}
    ancestors = {}
    for path, title, draft_title, content_type_id in Page.objects.filter(
        path__in=wanted
    ).values_list("path", "title", "draft_title", "content_type_id"):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and issubclass(model, (CoursePage, ModulePage)):
            ancestors[path] = draft_title or title
    trails = {}
    for page in pages:
        names = [
            ancestors[page.path[: level * steplen]]
            for level in range(2, len(page.path) // steplen)
            if page.path[: level * steplen] in ancestors
        ]
        trails[page.pk] = SEPARATOR.join(names)
    return trails
