"""Course pages and the records of officers' learning."""

from courses.models.pages import (
    ActivityPage,
    BilingualPageMixin,
    CatalogPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from courses.models.progress import ActivityProgress, Enrolment, ModuleCompletion
from courses.models.topics import Topic

__all__ = [
    "ActivityPage",
    "ActivityProgress",
    "BilingualPageMixin",
    "CatalogPage",
    "CoursePage",
    "Enrolment",
    "LessonPage",
    "ModuleCompletion",
    "ModulePage",
    "Topic",
]
