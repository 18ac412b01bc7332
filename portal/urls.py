"""The ministry portal, at ``/portal/`` (namespace ``portal``).

Each area has its own URL module under ``portal/views/``; every view is
wrapped in ``portal.access`` decorators and scopes its data through
``accounts.scope``.
"""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("portal.views.dashboard_urls")),
    path("officers/", include("portal.views.officers_urls")),
    path("certificates/", include("portal.views.certificates_urls")),
    path("jobs/", include("portal.views.jobs_urls")),
    path("reports/", include("portal.views.reports_urls")),
    path("imports/", include("portal.views.imports_urls")),
    path("registrations/", include("portal.views.registrations_urls")),
    path("cohorts/", include("portal.views.cohorts_urls")),
    path("activation/", include("portal.views.activation_urls")),
]
