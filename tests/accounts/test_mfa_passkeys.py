"""Passkeys (django-otp-webauthn): its endpoints, as mounted under accounts.

The whole ceremony needs a browser's authenticator: tests/e2e/test_mfa.py
drives one in Chromium. Here: who may start a registration or a sign-in.
"""

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from tests import factories
from tests.accounts.mfa_helpers import STAFF_ROLES, enrol_totp, verify

pytestmark = pytest.mark.django_db

REGISTER_BEGIN = reverse("accounts:mfa_passkey_register_begin")
AUTH_BEGIN = reverse("accounts:mfa_passkey_auth_begin")


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


def test_registration_needs_a_signed_in_user(client):
    response = client.post(REGISTER_BEGIN)

    assert response.status_code in {401, 403}
    assert "challenge" not in response.json()


def test_a_trainer_setting_up_may_register_a_first_passkey(client, settings):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.post(REGISTER_BEGIN)

    assert response.status_code == 200
    options = response.json()
    assert options["challenge"]
    assert options["rp"]["id"] == settings.OTP_WEBAUTHN_RP_ID
    assert options["user"]["name"] == trainer.username


def test_with_a_device_registration_needs_a_verified_session(client):
    trainer = factories.make_user("trainer")
    device = enrol_totp(trainer)
    client.force_login(trainer)

    refused = client.post(REGISTER_BEGIN)
    verify(client, device)
    allowed = client.post(REGISTER_BEGIN)

    assert refused.status_code == 403
    assert allowed.status_code == 200


def test_passwordless_sign_in_is_off(client):
    response = client.post(AUTH_BEGIN)

    assert response.status_code == 403
    assert WebAuthnCredential.objects.count() == 0


def test_a_signed_in_user_may_start_a_passkey_sign_in(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.post(AUTH_BEGIN)

    assert response.status_code == 200
    assert response.json()["challenge"]


def test_the_pages_load_the_scripts_from_this_host_only(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    html = client.get(reverse("accounts:mfa_setup")).content.decode()

    assert 'id="otp_webauthn_config"' in html
    assert "/static/django_otp_webauthn/otp_webauthn_register.js" in html
    assert reverse("accounts:mfa_jsi18n") in html
    assert "http://" not in html.split("<body", 1)[1].replace("http://www.w3.org", "")
    assert client.get(reverse("accounts:mfa_jsi18n")).status_code == 200
