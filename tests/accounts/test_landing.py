"""Sign-in lands each person where they work (``accounts.navigation.landing_url``).

Officers: their learning; organisation reviewers: the portal; trainers and
lead trainers: the admin; platform admins: the admin. A safe ``next`` wins;
an unsafe one is ignored. The landing survives the two-step sign-in.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.roles import grant
from courses.enrolment import enrol
from tests import factories
from tests.accounts.mfa_helpers import enrol_totp, verify

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
DASHBOARD = reverse("courses:dashboard")
PORTAL = reverse("portal:dashboard")
ADMIN = reverse("wagtailadmin_home")


def sign_in(client, user, next_url=None):
    data = {"username": user.username, "password": factories.PASSWORD}
    url = LOGIN_URL if next_url is None else f"{LOGIN_URL}?next={next_url}"
    return client.post(url, data)


@pytest.fixture
def unit(db):
    return factories.make_organisation(name="Poipet checkpoint unit")


def make(role, unit, course=None):
    if role == "reviewer":
        return factories.make_user("reviewer", organisation=unit)
    if role == "trainer":
        return factories.make_user("trainer", trains=[course] if course else [])
    return factories.make_user(role, organisation=unit)


@pytest.mark.parametrize(
    "role, landing",
    [
        ("officer", DASHBOARD),
        ("reviewer", PORTAL),
        ("trainer", ADMIN),
        ("lead_trainer", ADMIN),
        ("admin", ADMIN),
    ],
)
def test_each_role_lands_where_it_works(client, unit, course, role, landing):
    user = make(role, unit, course)

    response = sign_in(client, user)

    assert response.status_code == 302
    assert response.url == landing
    # And the place opens for them (not a 403 or a redirect elsewhere).
    assert client.get(landing).status_code == 200


@pytest.mark.parametrize("role", ["officer", "reviewer", "trainer", "admin"])
def test_a_safe_next_still_wins(client, unit, course, role):
    user = make(role, unit, course)

    response = sign_in(client, user, next_url="/accounts/profile/")

    assert response.url == "/accounts/profile/"


def test_an_unsafe_next_is_ignored_for_the_landing(client, unit):
    reviewer = make("reviewer", unit)

    response = sign_in(client, reviewer, next_url="https://evil.example/portal/")

    assert response.url == PORTAL


def test_a_reviewer_who_also_trains_lands_in_the_portal(client, unit, course):
    user = factories.make_user("reviewer", organisation=unit)
    grant(user, "trainer", course=course)

    response = sign_in(client, user)

    # The more specific place; the admin is in their header (test_header_links).
    assert response.url == PORTAL


def test_a_reviewer_without_an_assignment_is_an_officer(client, unit):
    # The group alone grants nothing (accounts.scope): no portal to land in.
    user = factories.make_user("reviewer", reviews=[])

    assert sign_in(client, user).url == DASHBOARD


def test_a_signed_in_visitor_of_the_sign_in_page_goes_to_their_place(client, unit):
    reviewer = make("reviewer", unit)
    client.force_login(reviewer)

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response.url == PORTAL


@pytest.mark.parametrize(
    "role, landing",
    [("officer", DASHBOARD), ("reviewer", PORTAL), ("trainer", ADMIN)],
)
def test_the_start_address_redirects_by_role(client, unit, course, role, landing):
    client.force_login(make(role, unit, course))

    response = client.get(reverse("accounts:start"))

    assert response.status_code == 302
    assert response.url == landing


def test_the_start_address_asks_a_visitor_to_sign_in(client, db):
    response = client.get(reverse("accounts:start"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_an_enrolled_trainer_still_lands_in_the_admin(client, course):
    trainer = factories.make_user("trainer", trains=[course])
    enrol(trainer, course)

    assert sign_in(client, trainer).url == ADMIN


# The two-step sign-in sits between the password and the landing -------------


@pytest.fixture
def reviewers_must_use_mfa(settings):
    settings.LMS_MFA_REQUIRED_ROLES = ["reviewer", "trainer", "admin"]


def test_the_landing_survives_the_second_step(client, unit, reviewers_must_use_mfa):
    reviewer = make("reviewer", unit)
    device = enrol_totp(reviewer)

    response = sign_in(client, reviewer)

    assert urlsplit(response.url).path == reverse("accounts:mfa_verify")
    next_url = parse_qs(urlsplit(response.url).query)["next"][0]
    assert next_url == PORTAL
    response = verify(client, device, next_url=next_url)
    assert response.status_code == 302
    assert response.url == PORTAL
    assert client.get(PORTAL).status_code == 200


def test_setting_up_the_second_step_then_lands_by_role(
    client, course, reviewers_must_use_mfa
):
    trainer = factories.make_user("trainer", trains=[course])

    response = sign_in(client, trainer)

    assert urlsplit(response.url).path == reverse("accounts:mfa_setup")
    assert parse_qs(urlsplit(response.url).query)["next"] == [ADMIN]


def test_without_a_next_the_second_step_falls_back_to_the_landing(
    client, unit, reviewers_must_use_mfa
):
    reviewer = make("reviewer", unit)
    device = enrol_totp(reviewer)
    client.force_login(reviewer)

    response = verify(client, device, next_url="https://elsewhere.example/")

    assert response.url == PORTAL
