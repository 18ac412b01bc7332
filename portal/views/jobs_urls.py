"""Portal URLs: background jobs (status page, status JSON, result download)."""

from django.urls import path

from portal.views import jobs

urlpatterns = [
    path("<uuid:pk>/", jobs.job_detail, name="job"),
    path("<uuid:pk>/status.json", jobs.job_status, name="job_status"),
    path("<uuid:pk>/download/", jobs.job_download, name="job_download"),
]
