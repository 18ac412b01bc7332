"""The platform's own reports: completions and enrolments.

Both read one queryset of enrolments, scoped by ``Report.scope_q`` and
narrowed by the shared filters, and stream it with ``.iterator()``: the
number of queries does not depend on the number of rows. Names are read
with the rows (``values_list`` over joins), never per row.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.report_columns import officer_core_columns
from certificates.codes import display
from certificates.models import Certificate
from courses.models import ActivityProgress, CoursePage, Enrolment
from courses.structure import course_shapes
from courses.translations import titles_by_key
from portal.reports.base import Column, Report, officer_columns
from portal.reports.filters import (
    ReportFilterForm,
    apply_filters,
    courses_for,
    localized,
)

#: Rows fetched per round trip while streaming.
CHUNK_SIZE = 2000

CORE = officer_core_columns()

#: The officer and course columns every enrolment-based row reads: the core
#: officer columns' values (``accounts.report_columns``), then the course.
OFFICER_FIELDS = (
    *CORE.fields("user__"),
    "course__title",
    "course__translation_key",
)
#: How many of ``OFFICER_FIELDS`` feed the core columns.
CORE_FIELD_COUNT = len(CORE.fields())


def officer_name(full_name: str, username: str) -> str:
    return full_name or username


class CompletionsReport(Report):
    """Completed enrolments, newest first, with the certificate's code."""

    identifier = "completions"
    title = _("Course completions")
    description = _(
        "Officers who completed a course, when, and the code of their "
        "certificate. The dates filter the completion date."
    )
    columns = (
        *officer_columns(),
        Column("course", _("Course")),
        Column("enrolled_at", _("Enrolled")),
        Column("completed_at", _("Completed at")),
        Column("certificate", _("Certificate code")),
    )
    filter_form_class = ReportFilterForm

    def queryset(self, filters: dict):
        enrolments = Enrolment.objects.filter(
            self.scope_q(user="user", course="course"), completed_at__isnull=False
        )
        return apply_filters(enrolments, filters, date="completed_at")

    def count(self, filters: dict) -> int:
        return self.queryset(filters).count()

    def rows(self, filters: dict):
        certificate = Certificate.objects.filter(
            user_id=OuterRef("user_id"),
            course_id=OuterRef("course_id"),
            revoked_at__isnull=True,
        ).values("code")[:1]
        values = (
            self.queryset(filters)
            .annotate(certificate_code=Subquery(certificate))
            .order_by("-completed_at", "pk")
            .values_list(
                *OFFICER_FIELDS, "enrolled_at", "completed_at", "certificate_code"
            )
        )
        khmer_titles = titles_by_key(CoursePage, "km")
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            officer = row[:CORE_FIELD_COUNT]
            (
                course,
                course_key,
                enrolled_at,
                completed_at,
                code,
            ) = row[CORE_FIELD_COUNT:]
            yield (
                *CORE.cells(officer),
                localized(course, khmer_titles.get(course_key)),
                enrolled_at,
                completed_at,
                display(code) if code else "",
            )


class EnrolmentsReport(Report):
    """Every enrolment with its progress and status (overdue included)."""

    identifier = "enrolments"
    title = _("Enrolments and progress")
    description = _(
        "Who is enrolled in which course, how far they have come, and whose "
        "due date has passed. The dates filter the enrolment date."
    )
    columns = (
        *officer_columns(),
        Column("course", _("Course")),
        Column("enrolled_at", _("Enrolled at")),
        Column("due_on", _("Due date")),
        Column("progress", _("Progress (%)"), numeric=True),
        Column("lessons_completed", _("Lessons completed"), numeric=True),
        # Opened but not completed: opening a lesson is not studying it.
        Column("lessons_opened", _("Lessons opened, not completed"), numeric=True),
        Column("status", _("Status")),
        Column("last_accessed_at", _("Last accessed")),
    )
    filter_form_class = ReportFilterForm

    STATUS_COMPLETED = _("Completed")
    STATUS_OVERDUE = _("Overdue")
    STATUS_IN_PROGRESS = _("In progress")
    STATUS_NOT_STARTED = _("Not started")

    def queryset(self, filters: dict):
        enrolments = Enrolment.objects.filter(self.scope_q())
        return apply_filters(enrolments, filters, date="enrolled_at")

    def count(self, filters: dict) -> int:
        return self.queryset(filters).count()

    def _activity_totals(self, filters: dict) -> dict[int, list[int]]:
        """Live activity ids per course the rows may belong to (two queries)."""
        if filters.get("course") is not None:
            courses = [filters["course"]]
        else:
            # The courses the scope's rows can be in: trained ones for a
            # trainer, every course for reviewers and admins.
            courses = courses_for(self.scope).only("pk", "path", "depth")
        return {pk: shape.activity_ids for pk, shape in course_shapes(courses).items()}

    def rows(self, filters: dict):
        activities = self._activity_totals(filters)
        all_activity_ids = sorted({a for ids in activities.values() for a in ids})

        # One correlated count inside the main query: progress is read with
        # the rows, however many enrolments there are.
        def count_of(**state):
            rows = (
                ActivityProgress.objects.filter(
                    enrolment_id=OuterRef("pk"), page_id__in=all_activity_ids, **state
                )
                .order_by()
                .values("enrolment_id")
                .annotate(n=Count("pk"))
                .values("n")
            )
            if not all_activity_ids:
                return Value(0)
            return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

        done = count_of(completed_at__isnull=False)
        opened = count_of(completed_at__isnull=True, opened_at__isnull=False)
        values = (
            self.queryset(filters)
            .annotate(done=done, opened=opened)
            .order_by("-enrolled_at", "pk")
            .values_list(
                *OFFICER_FIELDS,
                "course_id",
                "enrolled_at",
                "due_on",
                "completed_at",
                "last_accessed_at",
                "done",
                "opened",
            )
        )
        today = timezone.localdate()
        khmer_titles = titles_by_key(CoursePage, "km")
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            officer = row[:CORE_FIELD_COUNT]
            (
                course,
                course_key,
                course_id,
                enrolled_at,
                due_on,
                completed_at,
                last_accessed_at,
                done_count,
                opened_count,
            ) = row[CORE_FIELD_COUNT:]
            total = len(activities.get(course_id, ()))
            percent = done_count * 100 // total if total else 0
            yield (
                *CORE.cells(officer),
                localized(course, khmer_titles.get(course_key)),
                enrolled_at,
                due_on,
                percent,
                done_count,
                opened_count,
                self.status(completed_at, due_on, done_count, last_accessed_at, today),
                last_accessed_at,
            )

    def status(self, completed_at, due_on, done, last_accessed_at, today) -> str:
        if completed_at is not None:
            return str(self.STATUS_COMPLETED)
        if due_on is not None and due_on < today:
            return str(self.STATUS_OVERDUE)
        if done or last_accessed_at is not None:
            return str(self.STATUS_IN_PROGRESS)
        return str(self.STATUS_NOT_STARTED)


CORE_REPORTS = [CompletionsReport, EnrolmentsReport]
