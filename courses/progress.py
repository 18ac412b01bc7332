"""Reading officers' progress for display (writing is ``courses.completion``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from courses.structure import CourseShape, course_shapes


@dataclass(frozen=True)
class CourseProgress:
    """How far one enrolment has come through its course."""

    total: int
    completed: int

    @property
    def percent(self) -> int:
        """Whole per cent, rounded down so 100 means truly everything."""
        if not self.total:
            return 0
        return self.completed * 100 // self.total


def progress_for_enrolments(enrolments) -> dict[int, CourseProgress]:
    """Progress of each enrolment, keyed by enrolment id, in two queries."""
    enrolments = list(enrolments)
    shapes: dict[int, CourseShape] = course_shapes({e.course for e in enrolments})
    all_activity_ids = {a for shape in shapes.values() for a in shape.activity_ids}
    completed_counts = (
        dict(
            _completed(enrolments, all_activity_ids)
            .values("enrolment_id")
            .annotate(n=Count("id"))
            .values_list("enrolment_id", "n")
        )
        if all_activity_ids
        else {}
    )
    result = {}
    for enrolment in enrolments:
        shape = shapes[enrolment.course_id]
        result[enrolment.pk] = CourseProgress(
            total=len(shape.activity_ids),
            completed=completed_counts.get(enrolment.pk, 0),
        )
    return result


def _completed(enrolments, activity_ids):
    from courses.models import ActivityProgress

    return ActivityProgress.objects.filter(
        Q(enrolment__in=[e.pk for e in enrolments])
        & Q(page_id__in=activity_ids)
        & Q(completed_at__isnull=False)
    )


def completed_activity_ids(enrolment) -> set[int]:
    """Pages the enrolment has completed (any, live or not)."""
    from courses.models import ActivityProgress

    if enrolment is None:
        return set()
    return set(
        ActivityProgress.objects.filter(
            enrolment=enrolment, completed_at__isnull=False
        ).values_list("page_id", flat=True)
    )
