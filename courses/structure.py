"""Reading a course's live structure in a fixed number of queries.

Pages in Wagtail's tree carry a materialised ``path``: a module's path starts
with its course's, an activity's with its module's. These helpers fetch every
live module and activity under one or many courses in one query, so pages that
show progress for many courses do not grow with the number of courses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from courses.hooks import activity_page_models


def activity_content_type_ids() -> set[int]:
    """Content type ids of every activity page model (cached by Django)."""
    models = activity_page_models()
    return {ct.pk for ct in ContentType.objects.get_for_models(*models).values()}


def module_content_type_id() -> int:
    from courses.models import ModulePage

    return ContentType.objects.get_for_model(ModulePage).pk


def live_activity_ids(module) -> list[int]:
    """Ids of the live activities in a module, in tree order."""
    return list(
        Page.objects.child_of(module)
        .live()
        .filter(content_type_id__in=activity_content_type_ids())
        .order_by("path")
        .values_list("pk", flat=True)
    )


def live_module_ids(course) -> list[int]:
    """Ids of the live modules in a course, in tree order."""
    return list(
        Page.objects.child_of(course)
        .live()
        .filter(content_type_id=module_content_type_id())
        .order_by("path")
        .values_list("pk", flat=True)
    )


@dataclass
class CourseShape:
    """Ids of one course's live modules and, per module, its live activities."""

    course_id: int
    module_ids: list[int] = field(default_factory=list)
    activities_by_module: dict[int, list[int]] = field(default_factory=dict)

    @property
    def activity_ids(self) -> list[int]:
        """Every live activity of the course, in reading order."""
        return [
            a for m in self.module_ids for a in self.activities_by_module.get(m, [])
        ]


def course_shapes(courses) -> dict[int, CourseShape]:
    """Live modules and activities of each course, in one query.

    Activities in an unpublished module do not count: officers cannot reach them.
    """
    courses = list(courses)
    shapes = {course.pk: CourseShape(course.pk) for course in courses}
    if not courses:
        return shapes
    steplen = Page.steplen
    condition = reduce(
        or_,
        (
            Q(path__startswith=c.path, depth__in=(c.depth + 1, c.depth + 2))
            for c in courses
        ),
    )
    rows = (
        Page.objects.live()
        .filter(condition)
        .values_list("pk", "path", "depth", "content_type_id")
        .order_by("path")
    )
    course_by_path = {c.path: c for c in courses}
    module_ct, activity_cts = module_content_type_id(), activity_content_type_ids()
    module_by_path: dict[str, int] = {}
    pending = defaultdict(list)
    for pk, path, _depth, ct in rows:
        parent_path = path[:-steplen]
        if ct == module_ct and parent_path in course_by_path:
            course = course_by_path[parent_path]
            shapes[course.pk].module_ids.append(pk)
            shapes[course.pk].activities_by_module[pk] = []
            module_by_path[path] = (course.pk, pk)
        elif ct in activity_cts:
            pending[parent_path].append(pk)
    for module_path, activity_ids in pending.items():
        if module_path in module_by_path:
            course_pk, module_pk = module_by_path[module_path]
            shapes[course_pk].activities_by_module[module_pk] = activity_ids
    return shapes
