"""Course pages and the records of officers' learning."""

from courses.models.pages import (
    ActivityPage,
    BilingualPageMixin,
    CatalogPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from courses.models.progress import (
    ActivityProgress,
    Cohort,
    Enrolment,
    EnrolmentReminder,
    ModuleCompletion,
    StudyVisit,
)
from courses.models.review import ReviewBatch
from courses.models.search_text import SearchText
from courses.models.topics import Topic

__all__ = [
    "ActivityPage",
    "ActivityProgress",
    "BilingualPageMixin",
    "CatalogPage",
    "Cohort",
    "CoursePage",
    "Enrolment",
    "EnrolmentReminder",
    "LessonPage",
    "ModuleCompletion",
    "ModulePage",
    "ReviewBatch",
    "SearchText",
    "StudyVisit",
    "Topic",
]
