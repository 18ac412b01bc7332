"""Throttles on self-registration and password-reset mail, per client and address.

The review's case: 25 registrations went through in 11 seconds, and 15 reset
mails went to one address.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import RegistrationRequest, RegistrationSettings, User
from tests import factories

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("accounts:register")
RESET_URL = reverse("accounts:password_reset")
PASSWORD = "Border-Checkpoint-2026"


@pytest.fixture
def registration_on(catalog):
    site_settings = RegistrationSettings.for_site(catalog.get_site())
    site_settings.allow_self_registration = True
    site_settings.save()


@pytest.fixture
def unit(db):
    unit = factories.make_organisation(name="Immigration Department")
    unit.kind = "unit"  # registration offers units only
    unit.save(update_fields=["kind"])
    return unit


def form_data(unit, n, **overrides):
    data = {
        "full_name": f"Sok Dara {n}",
        "full_name_km": "",
        "email": f"officer{n}@example.org",
        "staff_id": "",
        "organisation": unit.pk,
        "province": "01",
        "rank": "",
        "position": "",
        "preferred_language": "en",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_the_limits_have_defaults():
    assert settings.LMS_REGISTRATION_RATE > 0
    assert settings.LMS_REGISTRATION_RATE_PER_ADDRESS > 0
    assert settings.LMS_PASSWORD_RESET_RATE_PER_ADDRESS == 3
    assert settings.LMS_PASSWORD_RESET_RATE_PER_CLIENT > 0
    assert settings.LMS_EMAIL_CHANGE_RATE > 0


# Registration -----------------------------------------------------------------


@override_settings(LMS_REGISTRATION_RATE=3)
def test_registrations_are_throttled_per_client(client, registration_on, unit):
    for n in range(3):
        assert client.post(REGISTER_URL, form_data(unit, n)).status_code == 302

    response = client.post(REGISTER_URL, form_data(unit, 3, rank="Captain"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "Too many tries from your connection" in content
    # What was typed comes back, never the password.
    assert 'value="officer3@example.org"' in content
    assert 'value="Captain"' in content
    assert PASSWORD not in content
    assert not User.objects.filter(email="officer3@example.org").exists()
    assert RegistrationRequest.objects.count() == 3
    # Another client is not held back.
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post(REGISTER_URL, form_data(unit, 4)).status_code == 302


@override_settings(LMS_REGISTRATION_RATE=2)
def test_the_throttled_message_is_in_khmer(client, registration_on, unit):
    for n in range(2):
        client.post(REGISTER_URL, form_data(unit, n))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"

    response = client.post(REGISTER_URL, form_data(unit, 2))

    assert response.status_code == 429
    assert "ព្យាយាម" in response.content.decode()


@override_settings(LMS_REGISTRATION_RATE_PER_ADDRESS=2)
def test_the_owner_of_an_address_gets_few_mails_and_the_answer_stays_the_same(
    registration_on, unit, django_capture_on_commit_callbacks
):
    owner = factories.make_user("officer", username="dara")  # dara@example.org
    answers = []
    for n in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                REGISTER_URL, form_data(unit, n, email="dara@example.org")
            )
        answers.append((response.status_code, response.url))

    assert set(answers) == {(302, reverse("accounts:register_done"))}
    assert [m.to for m in mail.outbox] == [[owner.email]] * 2
    assert User.objects.filter(email="dara@example.org").count() == 1


# Password reset ---------------------------------------------------------------


@pytest.mark.parametrize("known", [True, False])
def test_reset_mails_to_one_address_stop_at_the_limit_without_telling(db, known):
    address = "officer@example.org"
    if known:
        factories.make_user("officer", username="officer")
    answers = []
    for n in range(6):
        client = Client(REMOTE_ADDR=f"10.0.1.{n + 1}")
        response = client.post(
            RESET_URL, {"email": address.upper() if n % 2 else address}
        )
        answers.append((response.status_code, response.url))

    # The same answer every time, known address or not, limited or not.
    assert set(answers) == {(302, reverse("accounts:password_reset_done"))}
    assert len(mail.outbox) == (3 if known else 0)


@override_settings(LMS_PASSWORD_RESET_RATE_PER_CLIENT=4)
def test_reset_requests_are_throttled_per_client(client, db):
    for n in range(4):
        response = client.post(RESET_URL, {"email": f"person{n}@example.org"})
        assert response.status_code == 302

    response = client.post(RESET_URL, {"email": "person9@example.org"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "Too many tries from your connection" in content
    assert 'value="person9@example.org"' in content


@override_settings(LMS_PASSWORD_RESET_RATE_PER_CLIENT=1, LMS_TRUSTED_PROXY_COUNT=1)
def test_clients_behind_the_proxy_are_told_apart(db):
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert first.post(RESET_URL, {"email": "a@example.org"}).status_code == 302
    assert second.post(RESET_URL, {"email": "b@example.org"}).status_code == 302
    assert first.post(RESET_URL, {"email": "c@example.org"}).status_code == 429


def test_the_reset_mail_is_in_the_accounts_language(client, db):
    factories.make_user("officer", username="sokha", preferred_language="km")

    client.post(RESET_URL, {"email": "sokha@example.org"})

    (message,) = mail.outbox
    assert "ពាក្យសម្ងាត់" in message.body
