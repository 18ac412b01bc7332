"""Portal URLs: officers (``portal:officers``, ``portal:officer``)."""

from django.urls import path

from portal.views import officers

urlpatterns = [
    path("", officers.officer_list, name="officers"),
    path("<int:pk>/", officers.officer_detail, name="officer"),
]
