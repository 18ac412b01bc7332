"""Every page holds a signed-in user who still owes a second factor.

Except a short allow-list; Wagtail's own admin login leads into the same
second step as the platform's.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests import factories
from tests.accounts.mfa_helpers import (
    SETUP_URL,
    STAFF_ROLES,
    VERIFY_URL,
    code_for,
    enrol_totp,
    sign_in,
    verify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


def confirmed_totp(user):
    device = enrol_totp(user)
    return device


def redirect_target(response) -> tuple[str, str | None]:
    parts = urlsplit(response.url)
    return parts.path, parse_qs(parts.query).get("next", [None])[0]


@pytest.mark.parametrize("path", ["/admin/", "/portal/", "/learn/", "/"])
def test_a_trainer_without_a_device_is_sent_to_set_one_up(client, path):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.get(path)

    assert response.status_code == 302
    assert redirect_target(response) == (SETUP_URL, path)


@pytest.mark.parametrize("path", ["/admin/", "/portal/", "/learn/"])
def test_a_reviewer_with_a_device_is_asked_for_it(client, path):
    reviewer = factories.make_user(
        "reviewer", organisation=factories.make_organisation()
    )
    confirmed_totp(reviewer)
    client.force_login(reviewer)

    response = client.get(path)

    assert redirect_target(response) == (VERIFY_URL, path)


def test_once_verified_the_pages_open(client):
    reviewer = factories.make_user(
        "reviewer", organisation=factories.make_organisation()
    )
    device = confirmed_totp(reviewer)
    client.force_login(reviewer)

    response = verify(client, device, next_url="/portal/")

    assert response.status_code == 302
    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_an_officer_without_a_device_is_not_held(client):
    officer = factories.make_user("officer")
    client.force_login(officer)

    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_an_officer_who_opted_in_is_held_until_verified(client):
    officer = factories.make_user("officer")
    device = confirmed_totp(officer)
    client.force_login(officer)

    held = client.get(reverse("courses:dashboard"))
    assert redirect_target(held)[0] == VERIFY_URL

    verify(client, device)
    assert client.get(reverse("courses:dashboard")).status_code == 200


def test_nobody_is_held_when_the_setting_is_empty(client, settings):
    settings.LMS_MFA_REQUIRED_ROLES = []
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "name,args",
    [
        ("accounts:mfa_setup", []),
        ("accounts:mfa_totp_add", []),
        ("set_language", []),
        ("healthz", []),
        ("certificates:verify_form", []),
        ("certificates:verify", ["NO-SUCH-CODE"]),
    ],
)
def test_the_allow_list_stays_open(client, name, args):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.get(reverse(name, args=args))

    assert response.status_code != 302 or not response.url.startswith(SETUP_URL)


def test_signing_out_stays_open(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_static_files_stay_open(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.get("/static/no-such-file.css")

    assert response.status_code == 404  # not a redirect to set up


def test_json_requests_get_a_403_with_the_way_out(client):
    trainer = factories.make_user("trainer")
    client.force_login(trainer)

    response = client.get("/portal/", headers={"accept": "application/json"})

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"
    assert response.json()["redirect"].startswith(SETUP_URL)


def test_the_password_step_leads_to_the_second(client):
    trainer = factories.make_user("trainer")
    device = confirmed_totp(trainer)

    response = client.post(
        reverse("accounts:login") + "?next=/admin/",
        {"username": trainer.username, "password": factories.PASSWORD},
    )

    assert redirect_target(response) == (VERIFY_URL, "/admin/")
    assert client.get("/admin/").status_code == 302
    response = client.post(VERIFY_URL, {"code": code_for(device), "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_password_step_sends_a_trainer_without_a_device_to_set_up(client):
    trainer = factories.make_user("trainer")

    response = client.post(
        reverse("accounts:login"),
        {"username": trainer.username, "password": factories.PASSWORD},
    )

    assert redirect_target(response)[0] == SETUP_URL


def test_wagtails_own_login_leads_into_the_same_second_step(client):
    trainer = factories.make_user("trainer")
    device = confirmed_totp(trainer)

    response = client.post(
        reverse("wagtailadmin_login") + "?next=/admin/",
        {
            "username": trainer.username,
            "password": factories.PASSWORD,
            "next": "/admin/",
        },
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session

    held = client.get(response.url)
    assert redirect_target(held) == (VERIFY_URL, "/admin/")
    client.post(VERIFY_URL, {"code": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_an_admin_reset_holds_a_verified_session_again(client):
    from accounts.mfa import devices

    admin = factories.make_user("admin")
    device = confirmed_totp(admin)
    client.force_login(admin)
    verify(client, device)
    assert client.get("/admin/").status_code == 200

    devices.reset(admin)

    assert redirect_target(client.get("/admin/"))[0] == SETUP_URL


def test_the_officer_sign_in_without_a_device_is_one_step(client):
    officer = factories.make_user("officer")

    sign_in(client, officer)

    assert client.get(reverse("courses:dashboard")).status_code == 200
