"""Public verification of a certificate by its code: a page, a form, and JSON.

Anyone may check a code, without signing in. The answer shows only what the
certificate prints and what a checker needs: status (with its date), names as
printed, course, edition, date of issue, issuer, and the SHA-256 of every PDF
ever issued for it. It never shows rank, duty station, email, username, score
or the reason for a revocation (free text written for administrators, which
may name people or events; the page says "revoked on DATE").

Every lookup, known code or not, is rate-limited per client
(``settings.CERTIFICATE_VERIFY_RATE`` a minute, see ``lms.ratelimit``)
and takes at least ``settings.CERTIFICATE_VERIFY_MIN_SECONDS``, so neither the
status code nor the timing of an unknown code differs from a known one beyond
"404". Answers are never cached (a revocation shows at once), not indexed, and
send no referrer to other sites.

Languages: ``/certificates/verify/<code>/`` (the address in every QR code)
answers in the language of the cookie or the browser's Accept-Language, as
every page does; the same pages live under ``/km/certificates/verify/...``
and ``/en/certificates/verify/...`` in that language whatever the cookie
(namespace ``certificates_in``). The page's language switch is a pair of
plain links to those addresses: a GET, so no CSRF token, no cookie and no
form is needed by a checker who is not signed in.

Referrer policy: ``same-origin``. The URL holds the code, so no other site
may ever receive it in a ``Referer``; ``same-origin`` (like ``no-referrer``)
sends nothing across origins. ``no-referrer`` also made browsers send
``Origin: null`` with every POST from the page (the header's language form,
"Sign out"), which Django's CSRF check rightly refuses ("Origin null"); with
``same-origin`` a same-site POST carries the real origin.

JSON (``certificates:verify_json``, ``/certificates/verify/<code>.json``),
version 1; unknown codes have the same keys, with ``null`` values, an empty
``earlier_pdfs`` and ``"status": "unknown"``, and HTTP status 404::

    {
      "version": 1,
      "code": "7K3MQ9TZ...",          # canonical code (null if unknown)
      "display_code": "7K3M-Q9TZ-...", # as printed
      "status": "valid",               # valid | expired | revoked | unknown
      "officer_name": "...", "officer_name_km": "...",
      "course_title": "...", "course_title_km": "...",
      "edition": "2026",
      "issued_on": "2026-05-01",
      "valid_until": "2028-05-01",     # last valid day; null: never expires
      "revoked_on": null,              # date of revocation, else null
      "issuer_name": "...", "issuer_name_km": "...",
      "pdf_sha256": "hex...",          # current file; null while being prepared
      "earlier_pdfs": [                # replaced files, newest first
        {"sha256": "hex...", "rendered_at": "ISO 8601", "superseded_at": "ISO 8601"}
      ],
      "verification_url": "https://.../certificates/verify/7K3M.../",
      "checked_at": "ISO 8601"
    }

Strings absent from a certificate (a Khmer name not given) are ``""``.
Rate-limited requests get HTTP 429 with ``Retry-After`` and
``{"error": "rate_limited", "message": "...", "retry_after": seconds}``.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from certificates import codes
from certificates.models import Certificate
from lms import ratelimit

RECORD_VERSION = 1
RATE_SCOPE = "verify"
#: Namespace of the verification pages under a language prefix (``lms.urls``).
IN_LANGUAGE = "certificates_in"
#: What the pages tell browsers to send as ``Referer`` (see the module).
REFERRER_POLICY = "same-origin"

RATE_LIMITED_MESSAGE = _(
    "You have checked too many certificates in a short time. "
    "Please wait a minute, then try again."
)
NOT_A_CODE_MESSAGE = _(
    "This cannot be a certificate code. A code has 28 letters and digits, "
    "printed in groups of four. Check it against the certificate and type it "
    "again."
)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=100,
        help_text=_(
            "The code printed on the certificate. Spaces, hyphens and small or "
            "capital letters do not matter."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(NOT_A_CODE_MESSAGE, code="not_a_code")
        return code


def public(response, language: str | None = None):
    """Never cached, never indexed, no referrer to other sites (the URL holds
    a code); ``Content-Language`` is the page's when the URL chose it."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = REFERRER_POLICY
    if language:
        response["Content-Language"] = language
    return response


def page_url(name: str, language: str | None = None, **kwargs) -> str:
    """The address of verification page ``name`` (``verify`` or
    ``verify_form``), under ``language``'s prefix when one is given."""
    if language:
        return reverse(f"{IN_LANGUAGE}:{name}", kwargs={"language": language, **kwargs})
    return reverse(f"certificates:{name}", kwargs=kwargs)


def language_links(name: str, **kwargs) -> list[dict]:
    """The page in each language, for the language switch (plain links)."""
    return [
        {
            "code": code,
            "url": page_url(name, code, **kwargs),
            "current": code == translation.get_language(),
        }
        for code, _name in settings.LANGUAGES
    ]


@contextmanager
def in_language(language: str | None):
    """The URL's language if it has one, else the request's (cookie, browser)."""
    if language:
        with translation.override(language):
            yield
    else:
        yield


@contextmanager
def taking_at_least(seconds: float):
    """Pad the enclosed work to ``seconds``, so known and unknown codes take
    the same time from the outside."""
    started = time.monotonic()
    try:
        yield
    finally:
        remaining = seconds - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)


def record_for(code: str | None) -> dict:
    """The public record for a canonical ``code`` (or ``None``): dates as
    ``date``/``datetime`` objects; :func:`as_json` makes them text."""
    certificate = None
    if code is not None:
        certificate = Certificate.objects.filter(code=code).first()
    now = timezone.now()
    if certificate is None:
        return {
            "version": RECORD_VERSION,
            "code": None,
            "display_code": None,
            "status": "unknown",
            "officer_name": None,
            "officer_name_km": None,
            "course_title": None,
            "course_title_km": None,
            "edition": None,
            "issued_on": None,
            "valid_until": None,
            "revoked_on": None,
            "issuer_name": None,
            "issuer_name_km": None,
            "pdf_sha256": None,
            "earlier_pdfs": [],
            "verification_url": None,
            "checked_at": now,
        }
    earlier = (
        certificate.pdf_history.filter(superseded_at__isnull=False)
        .exclude(sha256=certificate.pdf_sha256)
        .order_by("-rendered_at")
        .values("sha256", "rendered_at", "superseded_at")
    )
    return {
        "version": RECORD_VERSION,
        "code": certificate.code,
        "display_code": certificate.display_code,
        "status": str(certificate.status(timezone.localdate(now))),
        "officer_name": certificate.officer_name,
        "officer_name_km": certificate.officer_name_km,
        "course_title": certificate.course_title,
        "course_title_km": certificate.course_title_km,
        "edition": certificate.edition,
        "issued_on": certificate.issued_on,
        "valid_until": certificate.expires_on,
        "revoked_on": (
            timezone.localdate(certificate.revoked_at)
            if certificate.revoked_at
            else None
        ),
        "issuer_name": certificate.issuer_name,
        "issuer_name_km": certificate.issuer_name_km,
        "pdf_sha256": certificate.pdf_sha256 or None,
        "earlier_pdfs": list(earlier),
        "verification_url": certificate.get_verification_url(),
        "checked_at": now,
    }


def as_json(record: dict) -> dict:
    def text(value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    data = {key: text(value) for key, value in record.items()}
    data["earlier_pdfs"] = [
        {key: text(value) for key, value in pdf.items()}
        for pdf in record["earlier_pdfs"]
    ]
    return data


def verify_form(request, language: str | None = None):
    """A typed code, tolerant of spaces, hyphens and case -> the canonical URL
    (in the language of this page's URL, if it has one)."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        url = page_url("verify", language, code=form.cleaned_data["code"])
        return public(HttpResponseRedirect(url))
    with in_language(language):
        context = {
            "form": form,
            "form_action": page_url("verify_form", language),
            "language_links": language_links("verify_form"),
        }
        response = render(request, "certificates/verify_form.html", context)
    return public(response, language)


def verify(request, code: str, language: str | None = None):
    """The verification page of ``code``; 404 with the same page if unknown."""
    canonical = codes.normalise(code)
    if canonical is not None and canonical != code:
        # A typed URL (lower case, hyphens): send it to the address the QR
        # code holds. No lookup yet, so nothing to count or pad.
        return public(
            HttpResponseRedirect(page_url("verify", language, code=canonical))
        )
    verdict = ratelimit.hit(request, RATE_SCOPE, settings.CERTIFICATE_VERIFY_RATE)
    with in_language(language):
        links = language_links("verify", code=code)
        if not verdict.allowed:
            response = render(
                request,
                "certificates/rate_limited.html",
                {
                    "message": RATE_LIMITED_MESSAGE,
                    "retry_after": verdict.retry_after,
                    "form_action": page_url("verify_form", language),
                    "language_links": links,
                },
                status=429,
            )
            response["Retry-After"] = str(verdict.retry_after)
            return public(response, language)
        with taking_at_least(settings.CERTIFICATE_VERIFY_MIN_SECONDS):
            record = record_for(canonical)
            response = render(
                request,
                "certificates/verify.html",
                {
                    "record": record,
                    "status": record["status"],
                    "form": VerifyForm(),
                    "form_action": page_url("verify_form", language),
                    "language_links": links,
                },
                status=404 if record["status"] == "unknown" else 200,
            )
    return public(response, language)


def verify_json(request, code: str):
    """The record of ``code`` for machines (shape in the module docstring)."""
    verdict = ratelimit.hit(request, RATE_SCOPE, settings.CERTIFICATE_VERIFY_RATE)
    if not verdict.allowed:
        response = JsonResponse(
            {
                "error": "rate_limited",
                "message": str(RATE_LIMITED_MESSAGE),
                "retry_after": verdict.retry_after,
            },
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Retry-After"] = str(verdict.retry_after)
        return public(response)
    with taking_at_least(settings.CERTIFICATE_VERIFY_MIN_SECONDS):
        record = record_for(codes.normalise(code))
        response = JsonResponse(
            as_json(record),
            status=404 if record["status"] == "unknown" else 200,
            json_dumps_params={"ensure_ascii": False},
        )
    return public(response)
