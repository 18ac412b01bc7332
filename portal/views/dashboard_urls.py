"""Portal URLs: the dashboard (``portal:dashboard``, ``/portal/``)."""

from django.urls import path

from portal.views import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
