"""The multi-factor pages in Khmer: every label, message and error."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import devices
from tests import factories
from tests.accounts.mfa_helpers import (
    MANAGE_URL,
    SETUP_URL,
    STAFF_ROLES,
    TOTP_ADD_URL,
    VERIFY_URL,
    enrol_totp,
    page_text,
    verify,
    wrong_code_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


@pytest.fixture
def khmer_client(client):
    client.cookies["lms_language"] = "km"
    return client


def test_the_set_up_page_in_khmer(khmer_client):
    reviewer = factories.make_user("reviewer", organisation=None)
    khmer_client.force_login(reviewer)

    text = page_text(khmer_client.get(SETUP_URL))

    assert '<html lang="km">' in text
    assert "រៀបចំការចូលគណនីពីរជំហាន" in text  # Set up two-step sign-in
    assert "Your role requires two-step sign-in" not in text


def test_the_app_page_in_khmer_keeps_the_key_in_latin(khmer_client):
    trainer = factories.make_user("trainer")
    khmer_client.force_login(trainer)

    text = page_text(khmer_client.get(TOTP_ADD_URL))

    assert "សូមស្កេនកូដ QR នេះដោយប្រើកម្មវិធី។" in text  # Scan this QR code
    assert 'class="secret" lang="en"' in text
    assert "Scan this QR code" not in text


def test_a_wrong_code_is_refused_in_khmer(khmer_client):
    reviewer = factories.make_user("reviewer", organisation=None)
    device = enrol_totp(reviewer)
    devices.make_recovery_codes(reviewer)
    khmer_client.force_login(reviewer)

    response = khmer_client.post(VERIFY_URL, {"code": wrong_code_for(device)})

    text = page_text(response)
    assert "លេខកូដនោះមិនត្រឹមត្រូវទេ។" in text  # That code is not right.
    assert "That code is not right" not in text
    assert "បាត់ទូរសព្ទ? សូមប្រើលេខកូដសង្គ្រោះ" in text  # Lost your phone?


def test_the_manage_page_in_khmer(khmer_client):
    officer = factories.make_user("officer")
    device = enrol_totp(officer)
    devices.make_recovery_codes(officer)
    khmer_client.force_login(officer)
    verify(khmer_client, device)

    text = page_text(khmer_client.get(MANAGE_URL))

    assert "ឧបករណ៍របស់អ្នក" in text  # Your devices
    assert "នៅសល់លេខកូដសង្គ្រោះ 10។" in text  # 10 recovery codes are left.
    assert "កម្មវិធីផ្ទៀងផ្ទាត់" in text  # Authenticator app (the device's label)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_the_profile_links_to_two_step_sign_in(khmer_client):
    officer = factories.make_user("officer")
    khmer_client.force_login(officer)

    text = page_text(khmer_client.get(reverse("accounts:profile")))

    assert MANAGE_URL in text
    assert "ការចូលគណនីពីរជំហាន" in text
