"""A course's outline: its live modules and activities as specific pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Page

from courses.structure import course_shapes


@dataclass
class OutlineModule:
    module: Page
    activities: list[Page] = field(default_factory=list)
    complete: bool = False


@dataclass
class Outline:
    modules: list[OutlineModule]

    @property
    def activities(self) -> list[Page]:
        """Every activity in reading order."""
        return [a for m in self.modules for a in m.activities]

    def neighbours(self, page) -> tuple[Page | None, Page | None]:
        """The activities before and after ``page`` in reading order."""
        ordered = self.activities
        ids = [a.pk for a in ordered]
        if page.pk not in ids:
            return None, None
        i = ids.index(page.pk)
        return (
            ordered[i - 1] if i else None,
            ordered[i + 1] if i + 1 < len(ordered) else None,
        )


def course_outline(course) -> Outline:
    """Live modules and activities of ``course`` (one query per page type)."""
    shape = course_shapes([course])[course.pk]
    wanted = [*shape.module_ids, *shape.activity_ids]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=wanted).specific()}
    return Outline(
        [
            OutlineModule(
                pages[module_id],
                [pages[a] for a in shape.activities_by_module.get(module_id, [])],
            )
            for module_id in shape.module_ids
        ]
    )
