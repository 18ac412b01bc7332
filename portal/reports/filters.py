"""Filters shared by the portal's reports (core and plugins): course, unit, dates.

The choices are the scope's own: a trainer picks among the courses they
train, a reviewer among the units they review (and below). A value from
outside the choices (a tampered URL) is a form error, never a wider report.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope, organisation_ids_under


def localized(english: str | None, khmer: str | None) -> str:
    """The Khmer text when Khmer is active and there is one, else the English."""
    if get_language() == "km" and khmer:
        return khmer
    return english or ""


def courses_for(scope: Scope, *, trained_only: bool = False):
    """Courses a report's course filter offers: all for admins and reviewers
    (their officers may take any course), the trained ones for trainers."""
    from courses.models import CoursePage
    from courses.translations import record_versions

    courses = record_versions(CoursePage.objects.order_by("title"))
    if scope.is_admin:
        return courses
    if scope.is_reviewer and not trained_only:
        return courses
    return courses.filter(pk__in=sorted(scope.course_ids))


def units_for(scope: Scope):
    """Organisations a report's unit filter offers: the reviewed ones and
    those below them; for trainers, the units of their courses' officers."""
    from accounts.models import Organisation, User

    if scope.is_admin:
        return Organisation.objects.all()
    q = Q(pk__in=sorted(scope.organisation_ids))
    if scope.course_ids:
        q |= Q(
            pk__in=User.objects.filter(
                enrolments__course_id__in=sorted(scope.course_ids)
            ).values("organisation_id")
        )
    return Organisation.objects.filter(q)


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_title


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """Course, unit and a date range (which date depends on the report).

    Built with ``(data, scope=scope)`` as ``portal.reports.base`` says.
    """

    course = CourseChoiceField(
        label=_("Course"),
        queryset=None,
        required=False,
        empty_label=_("All courses"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=_("All units"),
        help_text=_("Includes the units under it."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    #: Offer only trained courses even to reviewers (trainer-only reports).
    trained_courses_only = False

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course"].queryset = courses_for(
            scope, trained_only=self.trained_courses_only
        )
        if "unit" in self.fields:
            self.fields["unit"].queryset = units_for(scope)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The end date must be on or after the start date.")
            )
        return cleaned


class CourseFilterForm(ReportFilterForm):
    """Only the course, among the courses the user trains (admins: all)."""

    trained_courses_only = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "date_from", "date_to"):
            del self.fields[name]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def apply_filters(
    queryset,
    filters: dict,
    *,
    user: str = "user",
    course: str = "course",
    date: str | None = None,
):
    """``queryset`` narrowed by the cleaned filters (never widened).

    ``user`` and ``course`` are lookups to the officer and the course;
    ``date`` names the datetime field the date range applies to (whole days
    in the platform's time zone, both ends included).
    """
    if filters.get("course") is not None:
        queryset = queryset.filter(**{f"{course}_id": filters["course"].pk})
    if filters.get("unit") is not None:
        units = sorted(organisation_ids_under(filters["unit"].pk))
        queryset = queryset.filter(**{f"{user}__organisation_id__in": units})
    if date and filters.get("date_from"):
        queryset = queryset.filter(**{f"{date}__gte": _start_of(filters["date_from"])})
    if date and filters.get("date_to"):
        end = filters["date_to"] + datetime.timedelta(days=1)
        queryset = queryset.filter(**{f"{date}__lt": _start_of(end)})
    return queryset


def filters_for_log(filters: dict) -> dict:
    """The cleaned filters as JSON for the audit log (ids and ISO dates)."""
    logged = {}
    for name, value in filters.items():
        if value in (None, ""):
            continue
        if hasattr(value, "pk"):
            logged[name] = value.pk
        elif isinstance(value, datetime.date):
            logged[name] = value.isoformat()
        else:
            logged[name] = str(value)
    return logged
