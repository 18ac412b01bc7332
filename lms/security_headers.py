"""Security headers: Content-Security-Policy per area, and Permissions-Policy.

The policies themselves are settings (``CONTENT_SECURITY_POLICY``,
``LMS_CSP_ADMIN_DIRECTIVES``, ``LMS_PERMISSIONS_POLICY``); this module decides
which one a response gets.
"""

from __future__ import annotations

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's paths.

    Wagtail's admin still needs a few things officers' pages do not (see
    ``LMS_CSP_ADMIN_DIRECTIVES``); nothing outside the admin's paths gets them.
    A view's own ``@csp``, ``@csp_update`` or ``@csp_replace`` still wins.

    The admin frames two kinds of response, which get ``frame-ancestors
    'self'`` instead of ``'none'`` (browsers obey the stricter of CSP and
    ``X-Frame-Options``, so the preview panel would stay blank):

    - page previews: Wagtail renders them by sending a made-up request for the
      page's own URL through the whole middleware chain (``is_preview``), so
      they get the officers' policy, which their templates meet, and a nonce
      of their own;
    - other responses Wagtail marks ``X-Frame-Options: SAMEORIGIN`` (block
      previews in the block picker).
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            # Chromium shows a PDF in its viewer as a plugin, which the PDF's
            # own object-src 'none' would refuse; a PDF runs none of our code.
            response._csp_exempt = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.LMS_CSP_ADMIN_DIRECTIVES)
        framed = getattr(request, "is_preview", False) or (
            response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        )
        if framed:
            replace = parts.replace or {}
            if "frame-ancestors" not in replace:
                parts.replace = {**replace, "frame-ancestors": [SELF]}
        return parts


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.LMS_CSP_ADMIN_PREFIXES))


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: ``camera=(), publickey-credentials-get=(self)``.

    ``"self"`` and ``"*"`` are keywords; anything else is an origin and is
    quoted, as the header's structured-field syntax requires.
    """

    def allowlist(origins):
        if origins == ["*"]:
            return "*"
        items = (o if o in ("self", "src") else f'"{o}"' for o in origins)
        return "(" + " ".join(items) + ")"

    return ", ".join(f"{name}={allowlist(list(o))}" for name, o in features.items())


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` from ``LMS_PERMISSIONS_POLICY`` on every response.

    Django has no setting for it. A view that set its own header keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(settings.LMS_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
