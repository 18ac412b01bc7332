"""The officer's activation pages: the code or the link, then a password, once."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from accounts.activation import codes
from accounts.models import ActivationCode, User
from audit.models import AuditEvent
from tests.accounts.activation_helpers import (
    NEW_PASSWORD,
    letter_for,
    link_path,
    never_activated,
)

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("accounts:activate")
PASSWORD = reverse("accounts:activate_password")


def typed(secret: str) -> str:
    """The code as a hurried officer types it: lower case, spaces, no dashes."""
    return " ".join(secret[i : i + 4] for i in range(0, 12, 4)).lower()


def choose(client, password=NEW_PASSWORD, **extra):
    return client.post(
        PASSWORD, {"new_password1": password, "new_password2": password}, **extra
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_code_page_is_labelled_for_phones(client):
    content = client.get(ACTIVATE).content.decode()
    assert '<label for="id_code">' in content
    for attribute in (
        'autocomplete="one-time-code"',
        'inputmode="text"',
        'autocapitalize="characters"',
        'name="code"',
    ):
        assert attribute in content
    assert 'name="viewport"' in content  # the base template's 360px layout


def test_the_sign_in_and_reset_pages_lead_to_activation(client):
    login = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{ACTIVATE}"' in login
    assert "Have an activation letter?" in login
    reset = client.get(reverse("accounts:password_reset")).content.decode()
    assert "reviewer for a new activation letter" in reset
    assert f'href="{ACTIVATE}"' in reset


def test_typing_the_code_then_a_password_activates_and_signs_in(client):
    officer = never_activated(full_name="Sok Dara")
    issued = letter_for(officer)
    response = client.post(ACTIVATE, {"code": typed(issued.secret)})
    assert response.status_code == 302 and response["Location"] == PASSWORD
    page = client.get(PASSWORD).content.decode()
    assert officer.get_username() in page and "Sok Dara" in page
    assert 'name="new_password1"' in page and 'name="new_password2"' in page
    response = choose(client)
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert signed_in_as(client) == str(officer.pk)
    code = ActivationCode.objects.get(pk=issued.code.pk)
    assert code.used_at is not None
    event = AuditEvent.objects.get(action="activation.redeemed")
    assert event.target_id == str(officer.pk) and event.details["channel"] == "letter"


def test_the_link_drops_its_secret_from_the_address_before_the_form(client):
    officer = never_activated()
    issued = letter_for(officer)
    response = client.get(link_path(issued.link))
    assert response.status_code == 302 and response["Location"] == PASSWORD
    assert issued.secret not in response["Location"]
    page = client.get(PASSWORD)
    assert issued.secret not in page.content.decode()
    # Opening the link (a mail scanner, say) used nothing.
    assert ActivationCode.objects.get(pk=issued.code.pk).used_at is None
    assert choose(client).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_a_code_works_once(client):
    officer = never_activated()
    issued = letter_for(officer)
    client.post(ACTIVATE, {"code": issued.secret})
    choose(client)
    client.logout()
    response = client.post(ACTIVATE, {"code": issued.secret})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    response = client.get(link_path(issued.link))
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_a_double_submit_sets_the_password_once_and_lands_signed_in(client):
    officer = never_activated()
    issued = letter_for(officer)
    client.post(ACTIVATE, {"code": issued.secret})
    session = client.session
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert choose(client).status_code == 302
    # The second click of the same form, from the same browser.
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    assert session is not None
    second = choose(client, password="Another-password-2026!")
    assert second.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="activation.redeemed").count() == 1


def test_wrong_codes_say_so_without_naming_anyone(client):
    officer = never_activated(full_name="Sok Dara")
    letter_for(officer)
    response = client.post(ACTIVATE, {"code": "AAAA-AAAA-AAAA"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "This activation code is not right" in content
    assert "Sok Dara" not in content and officer.get_username() not in content
    event = AuditEvent.objects.get(action="activation.failed")
    assert event.details == {"reason": "unknown"} and event.target_id == ""


def test_a_typo_with_a_look_alike_is_explained(client):
    response = client.post(ACTIVATE, {"code": "K7QM-4XTR-9PW0"})
    assert response.status_code == 400
    assert "never uses 0, O, 1, I, L" in response.content.decode()


def test_an_expired_code_says_to_ask_the_reviewer(client):
    officer = never_activated()
    issued = letter_for(officer)
    ActivationCode.objects.filter(pk=issued.code.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(ACTIVATE, {"code": issued.secret})
    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    event = AuditEvent.objects.get(action="activation.failed")
    assert event.details["reason"] == "expired"
    assert event.target_id == str(officer.pk)


def test_a_code_that_expires_on_the_password_form_is_refused(client):
    officer = never_activated()
    issued = letter_for(officer)
    client.post(ACTIVATE, {"code": issued.secret})
    ActivationCode.objects.filter(pk=issued.code.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = choose(client)
    assert response.status_code == 400
    officer.refresh_from_db()
    assert not officer.has_usable_password()


def test_a_weak_password_is_refused_and_the_code_still_works(client):
    officer = never_activated()
    issued = letter_for(officer)
    client.post(ACTIVATE, {"code": issued.secret})
    response = choose(client, password="12345")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert ActivationCode.objects.get(pk=issued.code.pk).used_at is None
    assert choose(client).status_code == 302


def test_the_password_page_without_a_code_goes_to_the_code_page(client):
    assert client.get(PASSWORD)["Location"] == ACTIVATE


def test_tries_are_limited_per_client(client, settings):
    settings.LMS_ACTIVATION_RATE_PER_CLIENT = 2
    for _ in range(2):
        assert client.post(ACTIVATE, {"code": "AAAA-AAAA-AAAA"}).status_code == 400
    officer = never_activated()
    issued = letter_for(officer)
    response = client.post(ACTIVATE, {"code": issued.secret})
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many tries" in response.content.decode()
    assert client.get(link_path(issued.link)).status_code == 429
    assert AuditEvent.objects.filter(
        action="activation.failed", details__reason="throttled"
    ).exists()


def test_tries_are_limited_per_account_across_clients(client, settings):
    settings.LMS_ACTIVATION_RATE_PER_ACCOUNT = 2
    officer = never_activated()
    issued = letter_for(officer)
    for address in ("10.0.0.1", "10.0.0.2"):
        response = client.post(ACTIVATE, {"code": issued.secret}, REMOTE_ADDR=address)
        assert response.status_code == 302
    response = client.post(ACTIVATE, {"code": issued.secret}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429


def test_a_new_letter_for_an_active_officer_keeps_the_old_password_until_used(client):
    officer = never_activated()
    officer.set_password("Old-password-2026!")
    officer.save(update_fields=["password"])
    issued = letter_for(officer)
    officer.refresh_from_db()
    assert officer.check_password("Old-password-2026!")
    client.post(ACTIVATE, {"code": issued.secret})
    choose(client)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert not officer.check_password("Old-password-2026!")


def test_the_code_page_speaks_khmer(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    content = client.get(ACTIVATE, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert 'lang="km"' in content
    assert "លេខកូដ" in content


def test_the_typed_code_is_never_written_to_the_audit_log(client):
    officer = never_activated()
    issued = letter_for(officer)
    client.post(ACTIVATE, {"code": issued.secret})
    client.post(ACTIVATE, {"code": "AAAA-AAAA-AAAA"})
    choose(client)
    for event in AuditEvent.objects.all():
        text = f"{event.details} {event.target_label}"
        assert issued.secret not in text and "AAAAAAAAAAAA" not in text
    assert User.objects.get(pk=officer.pk).check_password(NEW_PASSWORD)
    assert codes.secret_hash(issued.secret) == issued.code.secret_hash
