"""Sends a signed-in user who still owes a second factor to give it.

On every path but a short allow-list: the sign-in and sign-out pages (the
site's and the Wagtail admin's), the multi-factor pages themselves, the
language switch, static and media files, the health check and the public
certificate verification. Where the user has a device they are asked for it
(``accounts:mfa_verify``); where they have none (their role requires one)
they set one up (``accounts:mfa_setup``). Requests that want JSON get a 403
with the same address instead of a redirect.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mfa import policy


@cache
def allowed_prefixes() -> tuple[str, ...]:
    prefixes = [
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:mfa_manage"),  # every multi-factor page is under it
        reverse("set_language"),
        reverse("healthz"),
        reverse("certificates:verify_form"),  # and the public verification
        # ...in a chosen language too (/km/certificates/verify/...).
        *(
            reverse("certificates_in:verify_form", kwargs={"language": code})
            for code, _name in settings.LANGUAGES
        ),
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        settings.STATIC_URL,
    ]
    if settings.MEDIA_URL and settings.MEDIA_URL != "/":
        prefixes.append(settings.MEDIA_URL)
    return tuple(prefix for prefix in prefixes if prefix)


def is_allowed(path: str) -> bool:
    return path.startswith(allowed_prefixes())


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def second_step_url(request) -> str:
    """Where to go: verify with a device, or set one up; back here after."""
    name = (
        "accounts:mfa_verify"
        if policy.has_device(request.user)
        else "accounts:mfa_setup"
    )
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


class SecondFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware`` (it needs ``is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_allowed(request.path) and policy.owes_second_factor(request):
            url = second_step_url(request)
            if wants_json(request):
                return JsonResponse(
                    {
                        "detail": _("Two-step sign-in is needed first."),
                        "code": "mfa_required",
                        "redirect": url,
                    },
                    status=403,
                )
            return redirect(url)
        return self.get_response(request)
