"""Portal URLs: officers (``portal:officers``, ``portal:officer``,
``portal:officers_export``)."""

from django.urls import path

from portal.views import officer_export, officers

urlpatterns = [
    path("", officers.officer_list, name="officers"),
    path(
        "export/<str:file_format>/",
        officer_export.officer_export,
        name="officers_export",
    ),
    path("<int:pk>/", officers.officer_detail, name="officer"),
]
