"""Recovery codes: ten, shown once, each works once, new ones replace old."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.mfa import devices
from tests import factories
from tests.accounts.mfa_helpers import (
    MANAGE_URL,
    STAFF_ROLES,
    VERIFY_URL,
    enrol_totp,
    page_text,
    verify,
)

pytestmark = pytest.mark.django_db

RECOVERY_CODES_URL = reverse("accounts:mfa_recovery_codes")


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


@pytest.fixture
def reviewer(db):
    return factories.make_user("reviewer", organisation=factories.make_organisation())


def test_a_recovery_code_signs_in_once(client, reviewer):
    enrol_totp(reviewer)
    code = devices.make_recovery_codes(reviewer)[3]
    client.force_login(reviewer)

    response = client.post(
        VERIFY_URL,
        {"recovery_code": devices.format_recovery_code(code), "next": "/portal/"},
    )

    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert StaticToken.objects.filter(device__user=reviewer).count() == 9
    assert "9 recovery codes are left" in page_text(client.get(MANAGE_URL))

    client.post(reverse("accounts:logout"))
    client.force_login(reviewer)
    response = client.post(VERIFY_URL, {"recovery_code": code})
    assert response.status_code == 200
    assert "That recovery code is not right" in page_text(response)
    assert client.get("/portal/").status_code == 302


def test_new_codes_replace_the_old(client, reviewer):
    device = enrol_totp(reviewer)
    old = devices.make_recovery_codes(reviewer)
    client.force_login(reviewer)
    verify(client, device)

    response = client.post(reverse("accounts:mfa_recovery"))

    assert response.url == RECOVERY_CODES_URL
    new = [c.replace("-", "") for c in client.get(RECOVERY_CODES_URL).context["codes"]]
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.filter(user=reviewer).count() == 1
    stored = set(
        StaticToken.objects.filter(device__user=reviewer).values_list(
            "token", flat=True
        )
    )
    assert stored == set(new)


def test_making_codes_needs_a_verified_session(client, reviewer):
    enrol_totp(reviewer)
    devices.make_recovery_codes(reviewer)
    client.force_login(reviewer)

    response = client.post(reverse("accounts:mfa_recovery"))

    assert response.url.startswith(VERIFY_URL)


def test_codes_need_an_app_or_a_passkey_first(client):
    officer = factories.make_user("officer")
    client.force_login(officer)

    response = client.post(reverse("accounts:mfa_recovery"), follow=True)

    assert "Add an authenticator app or a passkey before" in page_text(response)
    assert not StaticDevice.objects.filter(user=officer).exists()


def test_the_recovery_field_takes_letters(client, reviewer):
    enrol_totp(reviewer)
    devices.make_recovery_codes(reviewer)
    client.force_login(reviewer)

    html = client.get(VERIFY_URL).content.decode()

    assert 'name="recovery_code"' in html
    field = html.split('name="recovery_code"')[0].rsplit("<input", 1)[1]
    field += html.split('name="recovery_code"')[1].split(">", 1)[0]
    assert 'autocomplete="one-time-code"' in field
    assert "inputmode" not in field
