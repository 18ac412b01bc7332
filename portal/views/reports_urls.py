"""Portal URLs: reports (``/portal/reports/``)."""

from django.urls import path

from portal.views import reports

urlpatterns = [
    path("", reports.report_list, name="reports"),
    path("<slug:identifier>/", reports.report_detail, name="report"),
]
