"""Resource isolation: other sites cannot make a signed-in browser fetch our pages.

Browsers say where a request comes from in ``Sec-Fetch-Site`` and what it is
for in ``Sec-Fetch-Mode`` and ``Sec-Fetch-Dest`` (Fetch Metadata). A page on
another site can put ``<img src="https://learn.../certificates/X/download/">``
in front of a signed-in reviewer: the browser sends the reviewer's cookies, and
a download that writes "downloaded" to the record would be set off by a
stranger. CSRF protection covers POSTs only, so this middleware refuses
cross-site GETs that are not the person's own top-level navigation: images,
scripts, frames, ``fetch`` and the like get 403 and reach no view.

A cross-site *navigation* (a link in a webmail, a QR code opened from a chat
app) still works: the person sees where they land. So do browsers that send no
Fetch Metadata (older ones): the header is absent and nothing is refused.
Paths in ``LMS_CROSS_SITE_ALLOWED_PATHS`` (public verification, static files,
the health check) may be fetched from anywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseForbidden

#: Destinations of a top-level navigation (a page, or a download it starts).
NAVIGATION_DESTINATIONS = {"document", "empty", ""}


def cross_site_subresource(request) -> bool:
    """True for a request another site made the browser send, other than a
    top-level navigation."""
    site = request.META.get("HTTP_SEC_FETCH_SITE", "")
    if site in ("", "same-origin", "same-site", "none"):
        return False
    mode = request.META.get("HTTP_SEC_FETCH_MODE", "")
    dest = request.META.get("HTTP_SEC_FETCH_DEST", "")
    if mode == "navigate" and dest in NAVIGATION_DESTINATIONS:
        return False
    return True


class ResourceIsolationMiddleware:
    """Refuse cross-site subresource requests (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cross_site_subresource(request) and not request.path_info.startswith(
            tuple(settings.LMS_CROSS_SITE_ALLOWED_PATHS)
        ):
            return HttpResponseForbidden(
                "Cross-site requests are not served.", content_type="text/plain"
            )
        return self.get_response(request)
