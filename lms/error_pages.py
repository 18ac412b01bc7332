"""The site's own 403, 404 and CSRF-failure pages.

Each is a normal page of the site (``base.html``: header, language switch,
the person's own links from ``accounts.navigation.header``), in the person's
language, and says what to do next: a signed-out visitor is offered to sign
in and come back; a signed-in person is told what the page is for and who
grants access, and shown their own places.

``handler403`` / ``handler404`` (``lms.urls``) render any ``PermissionDenied``
or ``Http404`` that reaches Django, from the portal, courses, certificates or
plugins alike. A view explains its refusal by giving ``PermissionDenied`` a
translated message (``PermissionDenied(_("The portal is for..."))``); the
page shows it. The Wagtail admin handles its own refusals before they get
here (it redirects to its sign-in or dashboard with a message).
"""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import render, resolve_url
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def _sign_in_url(request) -> str:
    login = resolve_url("accounts:login")
    return f"{login}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"


def _reason(exception) -> str:
    """The refusal's own explanation, when the view gave one."""
    if exception is None or not getattr(exception, "args", None):
        return ""
    message = exception.args[0]
    # Only a message a view wrote for people: text, not a dict or an object.
    return str(message) if isinstance(message, str | Promise) else ""


def permission_denied(request, exception=None, template_name="403.html"):
    """``handler403``: who the page is for, and what this person can do."""
    context = {
        "reason": _reason(exception),
        "sign_in_url": _sign_in_url(request),
    }
    return render(request, template_name, context, status=403)


def page_not_found(request, exception=None, template_name="404.html"):
    """``handler404``. Never shows the exception: it may name internals."""
    context = {"sign_in_url": _sign_in_url(request)}
    return render(request, template_name, context, status=404)


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    """``CSRF_FAILURE_VIEW``: the form expired (or cookies are off).

    Django's ``reason`` is technical ("CSRF token missing"); it goes to the
    log (``django.security.csrf``), not to the page.
    """
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, template_name, {"back_url": back}, status=403)
