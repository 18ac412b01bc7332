"""Portal URLs: certificates (the filtered list, and its ZIP in the background)."""

from django.urls import path

from portal.views import certificates

urlpatterns = [
    path("", certificates.certificate_list, name="certificates"),
    path("zip/", certificates.certificates_zip, name="certificates_zip"),
]
