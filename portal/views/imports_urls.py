"""Portal URLs: importing officers (upload, template and unit list, job page,
confirm)."""

from django.urls import path

from portal.views import imports

urlpatterns = [
    path("", imports.imports, name="imports"),
    path("template.xlsx", imports.import_template, name="import_template"),
    path("units.csv", imports.import_units, name="import_units"),
    path("<uuid:pk>/", imports.import_job, name="import"),
    path("<uuid:pk>/apply/", imports.import_apply, name="import_apply"),
]
