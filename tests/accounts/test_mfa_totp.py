"""Setting up an authenticator app, and signing in with its codes."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.accounts.mfa_helpers import (
    MANAGE_URL,
    STAFF_ROLES,
    TOTP_ADD_URL,
    VERIFY_URL,
    code_for,
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
def trainer(db):
    return factories.make_user("trainer")


def test_the_set_up_page_shows_a_qr_code_and_the_key(client, trainer):
    client.force_login(trainer)

    response = client.get(TOTP_ADD_URL)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=trainer)
    assert not device.confirmed
    html = response.content.decode()
    assert "<svg" in html and "QR code for your authenticator app" in html
    secret = response.context["secret"].replace(" ", "")
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode().rstrip("=")
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert "<script>" not in html and "onclick" not in html


def test_reloading_keeps_the_same_key(client, trainer):
    client.force_login(trainer)

    first = client.get(TOTP_ADD_URL).context["secret"]
    second = client.get(TOTP_ADD_URL).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


def test_an_unconfirmed_app_does_not_count(client, trainer):
    client.force_login(trainer)
    client.get(TOTP_ADD_URL)

    response = client.get("/admin/")

    assert response.url.startswith(reverse("accounts:mfa_setup"))


def test_a_code_confirms_the_app_and_recovery_codes_follow(client, trainer):
    client.force_login(trainer)
    client.get(TOTP_ADD_URL + "?next=/admin/")
    device = TOTPDevice.objects.get(user=trainer)

    response = client.post(TOTP_ADD_URL, {"code": code_for(device)})

    device.refresh_from_db()
    assert device.confirmed
    assert response.url == reverse("accounts:mfa_recovery_codes")
    shown = client.get(response.url)
    assert len(shown.context["codes"]) == 10
    assert shown.context["next_url"] == "/admin/"
    assert StaticDevice.objects.get(user=trainer).token_set.count() == 10
    # The session that set the app up counts as verified.
    assert client.get("/admin/").status_code == 200
    # The codes are shown once.
    assert client.get(reverse("accounts:mfa_recovery_codes")).url == MANAGE_URL


def test_a_wrong_code_does_not_confirm(client, trainer):
    client.force_login(trainer)
    client.get(TOTP_ADD_URL)
    device = TOTPDevice.objects.get(user=trainer)

    response = client.post(TOTP_ADD_URL, {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert "That code is not right" in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed


def test_signing_in_with_a_code(client, trainer):
    device = enrol_totp(trainer)
    client.force_login(trainer)

    response = verify(client, device, next_url="/admin/")

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_throttling_stays_on(client, trainer):
    device = enrol_totp(trainer)
    client.force_login(trainer)

    response = client.post(VERIFY_URL, {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert "That code is not right" in page_text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    # django-otp's throttle: right after a failure even the right code waits.
    response = client.post(VERIFY_URL, {"code": code_for(device)})
    assert "Too many wrong codes" in page_text(response)
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_code_used_once_is_refused_the_second_time(client, trainer, settings):
    device = enrol_totp(trainer)
    client.force_login(trainer)
    code = code_for(device)
    verify(client, device)
    client.post(reverse("accounts:logout"))

    client.force_login(trainer)
    response = client.post(VERIFY_URL, {"code": code})

    assert "That code is not right" in page_text(response)
    assert client.get("/admin/").status_code == 302


def test_the_next_code_works_after_a_used_one(client, trainer):
    device = enrol_totp(trainer)
    client.force_login(trainer)
    verify(client, device)
    client.post(reverse("accounts:logout"))

    client.force_login(trainer)
    response = verify(client, device, steps=1, next_url="/admin/")

    assert response.url == "/admin/"


def test_an_unsafe_next_is_not_followed(client, trainer):
    device = enrol_totp(trainer)
    client.force_login(trainer)

    response = verify(client, device, next_url="https://elsewhere.example/")

    # Where a trainer works (accounts.navigation.landing_url).
    assert response.url == reverse("wagtailadmin_home")


def test_adding_a_second_app_needs_a_verified_session(client, trainer):
    enrol_totp(trainer)
    client.force_login(trainer)

    response = client.get(TOTP_ADD_URL)

    assert response.url.startswith(VERIFY_URL)
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


def test_the_last_app_of_a_trainer_cannot_be_removed(client, trainer):
    device = enrol_totp(trainer)
    client.force_login(trainer)
    verify(client, device)

    response = client.post(
        reverse("accounts:mfa_remove"), {"device": device.persistent_id}, follow=True
    )

    assert "Your role requires two-step sign-in" in page_text(response)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_second_app_can_go(client, trainer):
    first, second = enrol_totp(trainer), enrol_totp(trainer)
    client.force_login(trainer)
    verify(client, first)

    client.post(reverse("accounts:mfa_remove"), {"device": second.persistent_id})

    assert list(TOTPDevice.objects.filter(user=trainer)) == [first]


def test_removing_needs_a_verified_session(client, trainer):
    enrol_totp(trainer)
    second = enrol_totp(trainer)
    client.force_login(trainer)

    response = client.post(
        reverse("accounts:mfa_remove"), {"device": second.persistent_id}
    )

    assert response.url.startswith(VERIFY_URL)
    assert TOTPDevice.objects.filter(user=trainer).count() == 2


def test_nobody_removes_another_users_device(client, trainer):
    other = factories.make_user("officer")
    theirs = enrol_totp(other)
    mine = enrol_totp(trainer)
    client.force_login(trainer)
    verify(client, mine)

    client.post(reverse("accounts:mfa_remove"), {"device": theirs.persistent_id})

    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_an_officer_may_opt_in_and_out(client):
    officer = factories.make_user("officer")
    client.force_login(officer)
    assert client.get(MANAGE_URL).status_code == 200
    client.get(TOTP_ADD_URL)
    device = TOTPDevice.objects.get(user=officer)
    client.post(TOTP_ADD_URL, {"code": code_for(device)})

    client.post(reverse("accounts:logout"))
    client.force_login(officer)
    assert client.get(reverse("courses:dashboard")).url.startswith(VERIFY_URL)
    verify(client, device, steps=1)

    client.post(reverse("accounts:mfa_remove"), {"device": device.persistent_id})

    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    client.post(reverse("accounts:logout"))
    client.force_login(officer)
    assert client.get(reverse("courses:dashboard")).status_code == 200
