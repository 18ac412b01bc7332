"""Brute-force protection on both sign-in forms (django-axes, accounts.lockout).

A username and client address pair is refused after AXES_FAILURE_LIMIT wrong
passwords in a row, right password included, until the cool-off passes or an
admin unlocks it; every failure, lockout and unlock is in the audit log.
"""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("wagtailadmin_login")
LOCKOUTS = reverse("accounts_lockouts")


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


def client_at(address: str, **extra) -> Client:
    return Client(REMOTE_ADDR=address, **extra)


def sign_in(client, username, password, url=LOGIN):
    return client.post(url, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, url=LOGIN):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", url)
    return response


def test_ten_wrong_passwords_lock_even_the_right_one_out():
    officer = factories.make_user("officer")
    client = client_at("198.51.100.7")

    # Nine failures: the form just says the password is wrong.
    assert fail(client, officer.username, 9).status_code == 200
    response = sign_in(client, officer.username, PASSWORD)
    assert response.status_code == 302 and signed_in(client)

    client = client_at("198.51.100.7")
    assert fail(client, officer.username, 10).status_code == 429
    response = sign_in(client, officer.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert "Sign-in paused" in response.content.decode()
    assert int(response["Retry-After"]) == 30 * 60


def test_a_success_starts_the_count_again():
    officer = factories.make_user("officer")
    client = client_at("198.51.100.8")
    fail(client, officer.username, 9)
    assert sign_in(client, officer.username, PASSWORD).status_code == 302

    client.logout()
    assert fail(client, officer.username, 9).status_code == 200
    assert sign_in(client, officer.username, PASSWORD).status_code == 302


def test_the_lock_is_on_the_username_and_address_together():
    officer = factories.make_user("officer")
    other = factories.make_user("officer")
    attacker = client_at("203.0.113.66")
    fail(attacker, officer.username, 10)

    # The officer at their own post still signs in; the attacker's address
    # may still sign in as somebody else.
    at_post = client_at("192.0.2.10")
    assert sign_in(at_post, officer.username, PASSWORD).status_code == 302
    assert sign_in(attacker, other.username, PASSWORD).status_code == 302


def test_the_wagtail_admin_sign_in_is_locked_too():
    trainer = factories.make_user("trainer")
    client = client_at("198.51.100.9")

    assert fail(client, trainer.username, 10, url=ADMIN_LOGIN).status_code == 429
    response = sign_in(client, trainer.username, PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert not signed_in(client)
    # One count for both forms: the officers' form is locked for the pair too.
    assert sign_in(client, trainer.username, PASSWORD).status_code == 429


def test_the_lock_ends_after_the_cool_off():
    officer = factories.make_user("officer")
    client = client_at("198.51.100.10")
    fail(client, officer.username, 10)
    assert sign_in(client, officer.username, PASSWORD).status_code == 429

    # Half an hour later (the last failure moved back in time, as the clock would).
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(minutes=31)
    )
    assert sign_in(client, officer.username, PASSWORD).status_code == 302


def test_the_locked_page_speaks_the_officers_language(settings):
    officer = factories.make_user("officer")
    client = client_at("198.51.100.11")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"

    response = fail(client, officer.username, 10)

    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="km"' in html
    assert "Sign-in paused" not in html


def test_behind_a_trusted_proxy_the_lock_follows_the_forwarded_client(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    officer = factories.make_user("officer")
    proxy = "10.0.0.2"
    attacker = client_at(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    fail(attacker, officer.username, 10)

    # Another client behind the same proxy is not locked out...
    colleague = client_at(proxy, HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert sign_in(colleague, officer.username, PASSWORD).status_code == 302
    # ...and the attacker cannot escape by writing a header of its own.
    spoofing = client_at(proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5")
    assert sign_in(spoofing, officer.username, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.5"
    }


def test_failures_lockouts_and_unlocks_are_audited(settings):
    officer = factories.make_user("officer")
    admin = factories.make_user("admin")
    client = client_at("198.51.100.12")
    fail(client, officer.username, 10)
    sign_in(client, officer.username, PASSWORD)
    sign_in(client, "nobody-by-this-name", "guess")

    failed = AuditEvent.objects.filter(action="signin.failed")
    assert failed.filter(details__username=officer.username).count() == 11
    assert failed.filter(target_id=str(officer.pk)).count() == 11
    unknown = failed.get(details__username="nobody-by-this-name")
    assert unknown.target_id == "" and unknown.ip_address == "198.51.100.12"
    for event in failed:
        assert "wrong-password" not in str(event.details)
        assert PASSWORD not in str(event.details)
    # The tenth failure locked the pair; the right password was refused after.
    locked = AuditEvent.objects.filter(action="signin.locked_out")
    assert locked.count() == 2
    for event in locked:
        assert event.details["username"] == officer.username
        assert event.ip_address == "198.51.100.12"
        assert event.target_id == str(officer.pk)

    admin_client = Client()
    admin_client.force_login(admin)
    attempt = AccessAttempt.objects.get(username=officer.username)
    admin_client.post(LOCKOUTS, {"attempt": attempt.pk})
    unlocked = AuditEvent.objects.get(action="signin.unlocked")
    assert unlocked.actor == admin
    assert unlocked.details == {
        "username": officer.username,
        "locked_address": "198.51.100.12",
    }


def test_an_admin_sees_and_lifts_a_lockout():
    officer = factories.make_user("officer")
    admin = factories.make_user("admin")
    locked = client_at("198.51.100.13")
    fail(locked, officer.username, 10)

    admin_client = Client()
    admin_client.force_login(admin)
    page = admin_client.get(LOCKOUTS)
    assert page.status_code == 200
    assert officer.username in page.content.decode()
    assert "198.51.100.13" in page.content.decode()

    attempt = AccessAttempt.objects.get(username=officer.username)
    response = admin_client.post(LOCKOUTS, {"attempt": attempt.pk}, follow=True)
    assert "can sign in again" in response.content.decode()
    assert (
        officer.username
        not in response.content.decode()
        .split("</h1>")[-1]
        .split("can sign in again")[-1]
    )
    assert sign_in(locked, officer.username, PASSWORD).status_code == 302

    # A second click (or a second admin) finds it gone, and says so.
    again = admin_client.post(LOCKOUTS, {"attempt": attempt.pk}, follow=True)
    assert "already ended" in again.content.decode()
    assert AuditEvent.objects.filter(action="signin.unlocked").count() == 1


@pytest.mark.parametrize("role", ["officer", "trainer", "lead_trainer", "reviewer"])
def test_only_platform_admins_see_or_lift_lockouts(role):
    officer = factories.make_user("officer")
    fail(client_at("198.51.100.14"), officer.username, 10)
    attempt = AccessAttempt.objects.get(username=officer.username)
    user = factories.make_user(role)
    client = Client()
    client.force_login(user)

    page = client.get(LOCKOUTS)
    post = client.post(LOCKOUTS, {"attempt": attempt.pk})

    assert page.status_code in (302, 403)
    assert officer.username not in page.content.decode()
    assert post.status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not AuditEvent.objects.filter(action="signin.unlocked").exists()


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(LOCKOUTS)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_admin_has_no_second_unthrottled_password_reset():
    response = Client().post("/admin/password_reset/", {"email": "someone@example.org"})
    assert response.status_code == 404


def test_the_admin_list_drops_a_lockout_once_its_cool_off_has_passed():
    officer = factories.make_user("officer")
    admin_client = Client()
    admin_client.force_login(factories.make_user("admin"))
    fail(client_at("198.51.100.15"), officer.username, 10)
    assert officer.username in admin_client.get(LOCKOUTS).content.decode()

    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - datetime.timedelta(minutes=31)
    )

    page = admin_client.get(LOCKOUTS).content.decode()
    assert officer.username not in page
    assert "Nobody is locked out." in page
