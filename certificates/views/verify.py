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
send no referrer onwards.

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
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from certificates import codes
from certificates.models import Certificate
from lms import ratelimit

RECORD_VERSION = 1
RATE_SCOPE = "verify"

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


def public(response):
    """Never cached, never indexed, no referrer passed on (the URL holds a code)."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


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


def verify_form(request):
    """A typed code, tolerant of spaces, hyphens and case -> the canonical URL."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return public(
            HttpResponseRedirect(
                reverse("certificates:verify", args=[form.cleaned_data["code"]])
            )
        )
    return public(render(request, "certificates/verify_form.html", {"form": form}))


def verify(request, code: str):
    """The verification page of ``code``; 404 with the same page if unknown."""
    canonical = codes.normalise(code)
    if canonical is not None and canonical != code:
        # A typed URL (lower case, hyphens): send it to the address the QR
        # code holds. No lookup yet, so nothing to count or pad.
        return public(
            HttpResponseRedirect(reverse("certificates:verify", args=[canonical]))
        )
    verdict = ratelimit.hit(request, RATE_SCOPE, settings.CERTIFICATE_VERIFY_RATE)
    if not verdict.allowed:
        response = render(
            request,
            "certificates/rate_limited.html",
            {"message": RATE_LIMITED_MESSAGE, "retry_after": verdict.retry_after},
            status=429,
        )
        response["Retry-After"] = str(verdict.retry_after)
        return public(response)
    with taking_at_least(settings.CERTIFICATE_VERIFY_MIN_SECONDS):
        record = record_for(canonical)
        response = render(
            request,
            "certificates/verify.html",
            {"record": record, "status": record["status"], "form": VerifyForm()},
            status=404 if record["status"] == "unknown" else 200,
        )
    return public(response)


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
