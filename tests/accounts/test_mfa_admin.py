"""Admins reset a user's devices (a lost phone); every event is audited."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import devices
from audit.models import AuditEvent
from tests import factories
from tests.accounts.mfa_helpers import (
    MANAGE_URL,
    SETUP_URL,
    STAFF_ROLES,
    TOTP_ADD_URL,
    VERIFY_URL,
    code_for,
    enrol_totp,
    verify,
    wrong_code_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


@pytest.fixture
def admin_client(client):
    admin = factories.make_user("admin")
    device = enrol_totp(admin)
    client.force_login(admin)
    verify(client, device)
    client.admin = admin
    return client


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="mfa.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_admin_resets_a_trainers_devices(admin_client):
    trainer = factories.make_user("trainer")
    enrol_totp(trainer)
    devices.make_recovery_codes(trainer)
    url = reverse("accounts_mfa_reset", args=[trainer.pk])

    page = admin_client.get(url)
    response = admin_client.post(url)

    assert page.status_code == 200 and "Authenticator app" in page.content.decode()
    assert response.url == reverse("wagtailusers_users:index")
    assert not TOTPDevice.objects.filter(user=trainer).exists()
    assert not StaticDevice.objects.filter(user=trainer).exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert event.actor == admin_client.admin
    assert event.target_id == str(trainer.pk)
    assert event.details == {"count": 2}


def test_the_user_listing_offers_the_reset(admin_client):
    trainer = factories.make_user("trainer")

    html = admin_client.get(reverse("wagtailusers_users:index")).content.decode()

    assert reverse("accounts_mfa_reset", args=[trainer.pk]) in html


def test_only_platform_admins_may_reset(client):
    lead = factories.make_user("lead_trainer")
    device = enrol_totp(lead)
    trainer = factories.make_user("trainer")
    enrol_totp(trainer)
    client.force_login(lead)
    verify(client, device)

    response = client.post(reverse("accounts_mfa_reset", args=[trainer.pk]))

    assert response.status_code in {302, 403}
    assert TOTPDevice.objects.filter(user=trainer).exists()


def test_the_command_resets_by_username(capsys):
    trainer = factories.make_user("trainer")
    enrol_totp(trainer)

    call_command("reset_mfa", trainer.username)

    assert not TOTPDevice.objects.filter(user=trainer).exists()
    assert "1 device(s) removed" in capsys.readouterr().out
    assert actions(trainer) == ["mfa.reset"]
    with pytest.raises(CommandError):
        call_command("reset_mfa", "nobody-by-this-name")


def test_the_admin_account_page_links_to_two_step_sign_in(admin_client):
    html = admin_client.get(reverse("wagtailadmin_account")).content.decode()

    assert MANAGE_URL in html


def test_enrolment_sign_in_and_removal_are_audited(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)
    client.get(TOTP_ADD_URL)
    device = TOTPDevice.objects.get(user=trainer)
    client.post(TOTP_ADD_URL, {"code": code_for(device)})
    client.post(reverse("accounts:logout"))

    client.force_login(trainer)
    client.post(VERIFY_URL, {"code": wrong_code_for(device)})
    device.throttle_reset()
    verify(client, device, steps=1)
    second = enrol_totp(trainer)
    client.post(reverse("accounts:mfa_remove"), {"device": second.persistent_id})

    assert actions(trainer) == [
        "mfa.device_added",  # the app
        "mfa.device_added",  # its recovery codes
        "mfa.failed",
        "mfa.verified",
        "mfa.device_removed",
    ]
    failed = AuditEvent.objects.get(action="mfa.failed")
    assert failed.details == {"kind": "code", "reason": "wrong"}
    assert failed.actor == trainer
    added = AuditEvent.objects.filter(action="mfa.device_added").order_by("pk")[0]
    assert added.details["kind"] == "totp"
    assert added.ip_address == "127.0.0.1"


def test_a_reset_user_sets_up_again_at_next_sign_in(client):
    trainer = factories.make_user("trainer")
    enrol_totp(trainer)
    call_command("reset_mfa", trainer.username, stdout=None)

    client.force_login(trainer)

    assert client.get("/admin/").url.startswith(SETUP_URL)
