"""Reading officers' progress for display (writing is ``courses.completion``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from courses.structure import CourseShape, course_shapes


@dataclass(frozen=True)
class CourseProgress:
    """How far one enrolment has come through its course.

    ``completed`` counts activities completed by their rule; ``opened`` those
    opened but not (yet) completed. Percentages count completed ones only:
    opening a lesson is not studying it.
    """

    total: int
    completed: int
    opened: int = 0

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
    counts = (
        {
            row[0]: row[1:]
            for row in _started(enrolments, all_activity_ids)
            .values("enrolment_id")
            .annotate(
                done=Count("id", filter=Q(completed_at__isnull=False)),
                opened=Count(
                    "id", filter=Q(completed_at__isnull=True, opened_at__isnull=False)
                ),
            )
            .values_list("enrolment_id", "done", "opened")
        }
        if all_activity_ids
        else {}
    )
    result = {}
    for enrolment in enrolments:
        shape = shapes[enrolment.course_id]
        done, opened = counts.get(enrolment.pk, (0, 0))
        result[enrolment.pk] = CourseProgress(
            total=len(shape.activity_ids), completed=done, opened=opened
        )
    return result


def _started(enrolments, activity_ids):
    from courses.models import ActivityProgress

    return ActivityProgress.objects.filter(
        Q(enrolment__in=[e.pk for e in enrolments]) & Q(page_id__in=activity_ids)
    )


def activity_states(enrolment) -> tuple[set[int], set[int]]:
    """``(completed, opened but not completed)`` page ids of the enrolment, in
    one query (any pages, live or not)."""
    from courses.models import ActivityProgress

    completed: set[int] = set()
    opened: set[int] = set()
    if enrolment is None:
        return completed, opened
    rows = ActivityProgress.objects.filter(enrolment=enrolment).filter(
        Q(completed_at__isnull=False) | Q(opened_at__isnull=False)
    )
    for page_id, completed_at in rows.values_list("page_id", "completed_at"):
        (completed if completed_at is not None else opened).add(page_id)
    return completed, opened


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
