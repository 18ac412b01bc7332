"""The filters of the portal's certificates page, and of the ZIP jobs it starts.

:class:`CertificateFilters` is built for one user: its course and unit
choices are what that user may see, so a unit outside their scope is a form
error, not an empty result. The same form is rebuilt from a job's ``params``
when the job runs, for the requester as they are *then* (see
``portal.zip_jobs``): filters that no longer fit their scope fail the job.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.scope import organisation_ids_under
from certificates.bulk import filter_certificates
from certificates.models import Certificate
from courses.models import CoursePage
from courses.translations import prefetch_localized

#: The filter names, in the order of the form and of a job's ``params``.
FILTER_NAMES = ("course", "unit", "issued_from", "issued_to", "status")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class CertificateFilters(forms.Form):
    """Course, unit (and the units under it), issue dates and status; all optional.

    Build it with ``(data, user=user)``; ``data`` is a ``QueryDict`` or a
    plain dict of strings (:meth:`data_from_params`).
    """

    course = forms.TypedChoiceField(
        label=_("Course"), required=False, coerce=int, empty_value=None
    )
    unit = forms.TypedChoiceField(
        label=_("Unit"), required=False, coerce=int, empty_value=None
    )
    issued_from = forms.DateField(
        label=_("Issued from"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
    )
    issued_to = forms.DateField(
        label=_("Issued until"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + Certificate.Status.choices,
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        visible = Certificate.objects.visible_to(user)
        courses = CoursePage.objects.filter(
            pk__in=visible.values("course_id")
        ).order_by("title")
        courses = list(courses.only("pk", "title", "translation_key", "locale_id"))
        prefetch_localized(courses)
        self.fields["course"].choices = [("", _("All courses"))] + [
            (course.pk, course.localized_title) for course in courses
        ]
        units = Organisation.objects.visible_to(user).only("pk", "name", "name_km")
        self.fields["unit"].choices = [("", _("All units"))] + [
            (unit.pk, unit.localized_name) for unit in units
        ]
        for name in FILTER_NAMES:
            self.fields[name].widget.attrs["id"] = f"certificates-{name}"

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", _("The end date is before the start date."))
        return data

    def filter(self, queryset, today: datetime.date | None = None):
        """``queryset`` (a ``visible_to`` queryset) narrowed to the filters."""
        data = self.cleaned_data
        if data["unit"]:
            queryset = queryset.filter(
                user__organisation_id__in=sorted(organisation_ids_under(data["unit"]))
            )
        return filter_certificates(
            queryset,
            course=data["course"],
            status=data["status"],
            issued_from=data["issued_from"],
            issued_to=data["issued_to"],
            today=today,
        )

    def params(self) -> dict:
        """The cleaned filters as JSON (a job's ``params``); compare with ``==``."""
        data = self.cleaned_data
        return {
            "course": data["course"],
            "unit": data["unit"],
            "issued_from": _iso(data["issued_from"]),
            "issued_to": _iso(data["issued_to"]),
            "status": data["status"] or "",
        }

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.params().values())

    @staticmethod
    def data_from_params(params: dict) -> dict[str, str]:
        """Form data back from :meth:`params` (missing or empty: no filter)."""
        return {
            name: str(params[name])
            for name in FILTER_NAMES
            if params.get(name) not in (None, "")
        }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None
