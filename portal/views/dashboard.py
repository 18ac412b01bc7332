"""The portal's dashboard: completion per course and province, overdue officers,
certificates issued this month, as charts with their tables."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import charts
from portal.access import reviewer_required
from portal.dashboard import Dashboard, dashboard_for, units_for


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name_with_code


class UnitFilterForm(forms.Form):
    """The unit filter. Its choices are the units in the user's scope only, so a
    unit from elsewhere in the address is an invalid choice, never data."""

    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All my units"),
        help_text=gettext_lazy("Includes the units under it."),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["unit"].queryset = units_for(user)


def _rate_text(percent: int, completed: int, enrolled: int) -> str:
    return _("%(percent)s%% (%(completed)s of %(enrolled)s)") % {
        "percent": percent,
        "completed": completed,
        "enrolled": enrolled,
    }


def build_charts(data: Dashboard) -> dict[str, charts.BarChart]:
    """The dashboard's charts, labelled in the active language."""
    return {
        "courses": charts.percent_chart(
            "chart-courses",
            _("Completion rate per course"),
            [
                charts.Bar(
                    row.title,
                    row.percent,
                    _rate_text(row.percent, row.completed, row.enrolled),
                    lang=row.title_lang,
                )
                for row in data.courses
            ],
        ),
        "provinces": charts.percent_chart(
            "chart-provinces",
            _("Completion rate per province"),
            [
                charts.Bar(
                    row.name,
                    row.percent,
                    _rate_text(row.percent, row.completed, row.enrolled),
                )
                for row in data.provinces
            ],
        ),
        "overdue": charts.count_chart(
            "chart-overdue",
            _("Overdue enrolments per course"),
            [
                charts.Bar(
                    row.title, row.overdue, str(row.overdue), lang=row.title_lang
                )
                for row in data.courses
                if row.overdue
            ],
            alert=True,
        ),
        "certificates": charts.count_chart(
            "chart-certificates",
            _("Certificates issued this month, per course"),
            [
                charts.Bar(row.title, row.issued, str(row.issued), lang=row.title_lang)
                for row in data.certificates
            ],
        ),
    }


@reviewer_required
def dashboard(request):
    form = UnitFilterForm(request.GET or None, user=request.user)
    unit = form.cleaned_data["unit"] if form.is_bound and form.is_valid() else None
    data = dashboard_for(request.user, unit=unit)
    return render(
        request,
        "portal/dashboard.html",
        {
            "form": form,
            "unit": unit,
            "data": data,
            "charts": build_charts(data),
        },
    )
