"""Certificate pages: public verification, officers' downloads, bulk downloads."""

from django.urls import path

from certificates.views import bulk_download, downloads, verify

app_name = "certificates"

urlpatterns = [
    # Public, no sign-in: the address in every QR code is ``verify``.
    path("verify/", verify.verify_form, name="verify_form"),
    path("verify/<str:code>.json", verify.verify_json, name="verify_json"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    # Signed in: officers, organisation reviewers, admins.
    path("mine/", downloads.mine, name="mine"),
    path("bulk/", bulk_download.bulk_download, name="bulk_download"),
    path("<str:code>/download/", downloads.download, name="download"),
]

#: The public pages again in a chosen language, for the page's language links:
#: ``lms.urls`` mounts them at ``/<language>/certificates/`` (namespace
#: ``certificates_in``; the views get ``language`` from the prefix).
language_urlpatterns = (
    [
        path("verify/", verify.verify_form, name="verify_form"),
        path("verify/<str:code>/", verify.verify, name="verify"),
    ],
    "certificates_in",
)
