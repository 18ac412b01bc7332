"""Passkeys: django-otp-webauthn's endpoints, mounted under ``accounts:``.

Its views are used as they are, with three additions: the events go out as
``accounts.signals``; a successful passkey marks the session the way a code
does (``views.after_verification``); and the JavaScript's settings are built
here (``script_config``) so the endpoints can live in our URL namespace
rather than in the package's own ``otp_webauthn:``. Passwordless sign-in is
off (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``): a passkey is a second
factor after the password.
"""

from __future__ import annotations

import json

from django.middleware import csrf
from django.urls import path, reverse
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from accounts import signals
from accounts.mfa import policy
from accounts.mfa.flow import after_verification, safe_next


def script_config(request) -> dict:
    """Settings read by the package's scripts (``#otp_webauthn_config``)."""
    return {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:mfa_passkey_auth_begin"),
        "completeAuthenticationUrl": reverse("accounts:mfa_passkey_auth_complete"),
        "beginRegistrationUrl": reverse("accounts:mfa_passkey_register_begin"),
        "completeRegistrationUrl": reverse("accounts:mfa_passkey_register_complete"),
    }


class BeginRegistration(webauthn_views.BeginCredentialRegistrationView):
    """Signed in only; with a device already, only in a verified session."""


class CompleteRegistration(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            device_id = json.loads(response.content).get("id")
            device = WebAuthnCredential.objects.filter(
                user=self.request.user, pk=device_id
            ).first()
            if device is not None:
                self.request.session[policy.OPTED_IN_SESSION_KEY] = True
                signals.mfa_device_added.send(
                    sender=WebAuthnCredential,
                    user=self.request.user,
                    device=device,
                    kind="passkey",
                    request=self.request,
                )
        return response


class BeginAuthentication(webauthn_views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        after_verification(self.request, device, kind="passkey")

    def get_success_url(self):
        return safe_next(self.request, self.request.GET.get("next"))

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and getattr(
            self.request, "user", None
        ):
            if self.request.user.is_authenticated:
                signals.mfa_failed.send(
                    sender=WebAuthnCredential,
                    user=self.request.user,
                    kind="passkey",
                    reason=getattr(exc, "code", "passkey"),
                    request=self.request,
                )
        return super().handle_exception(exc)


urlpatterns = [
    path(
        "register/begin/",
        BeginRegistration.as_view(),
        name="mfa_passkey_register_begin",
    ),
    path(
        "register/complete/",
        CompleteRegistration.as_view(),
        name="mfa_passkey_register_complete",
    ),
    path(
        "authenticate/begin/",
        BeginAuthentication.as_view(),
        name="mfa_passkey_auth_begin",
    ),
    path(
        "authenticate/complete/",
        CompleteAuthentication.as_view(),
        name="mfa_passkey_auth_complete",
    ),
]
