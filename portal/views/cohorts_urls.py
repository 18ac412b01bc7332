"""Portal URLs: cohort enrolment."""

from django.urls import path

from portal.views import cohorts

urlpatterns = [
    path("", cohorts.cohorts, name="cohorts"),
    path("new/", cohorts.cohort_new, name="cohort_new"),
]
