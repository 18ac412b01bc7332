"""Portal URLs: importing officers (upload, job page, confirm)."""

from django.urls import path

from portal.views import imports

urlpatterns = [
    path("", imports.imports, name="imports"),
    path("<uuid:pk>/", imports.import_job, name="import"),
    path("<uuid:pk>/apply/", imports.import_apply, name="import_apply"),
]
