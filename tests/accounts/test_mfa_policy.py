"""Who must sign in with a second factor: by role, relaxed by a setting."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.mfa import policy
from accounts.roles import TRAINERS
from tests import factories
from tests.accounts.mfa_helpers import STAFF_ROLES, enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_must_use_mfa(settings):
    """Production's policy (test settings turn it off for the other tests)."""
    settings.LMS_MFA_REQUIRED_ROLES = list(STAFF_ROLES)


@pytest.mark.parametrize("role", ["admin", "lead_trainer", "trainer", "reviewer"])
def test_every_staff_role_must_use_a_second_factor(role):
    user = factories.make_user(role, organisation=factories.make_organisation())

    assert policy.mfa_required(user)
    assert role in policy.mfa_roles(user)
    assert policy.second_step_applies(user)


def test_an_officer_need_not():
    officer = factories.make_user("officer")

    assert not policy.mfa_required(officer)
    assert policy.mfa_roles(officer) == set()
    assert not policy.second_step_applies(officer)


def test_an_officer_who_opted_in_gets_the_second_step():
    officer = factories.make_user("officer")
    device = enrol_totp(officer)

    assert not policy.mfa_required(officer)
    assert policy.second_step_applies(officer)

    device.confirmed = False
    device.save()
    assert not policy.second_step_applies(officer)  # an unfinished set-up


def test_a_setting_relaxes_it_per_role(settings):
    settings.LMS_MFA_REQUIRED_ROLES = ["admin", "lead_trainer"]
    trainer = factories.make_user("trainer")
    reviewer = factories.make_user("reviewer", organisation=None)
    lead = factories.make_user("lead_trainer")
    admin = factories.make_user("admin")

    assert not policy.mfa_required(trainer)
    assert not policy.mfa_required(reviewer)
    assert policy.mfa_required(lead)
    assert policy.mfa_required(admin)


def test_an_empty_setting_requires_it_of_nobody(settings):
    settings.LMS_MFA_REQUIRED_ROLES = []

    for role in STAFF_ROLES:
        assert not policy.mfa_required(factories.make_user(role, organisation=None))


def test_the_role_follows_the_group():
    user = factories.make_user("officer")
    assert not policy.mfa_required(user)

    user.groups.add(Group.objects.get_or_create(name=TRAINERS)[0])

    assert policy.mfa_required(user)


def test_production_requires_the_four_staff_roles():
    from lms.settings import base

    assert sorted(base.LMS_MFA_REQUIRED_ROLES) == sorted(STAFF_ROLES)
    assert base.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False
    assert "accounts.mfa.middleware.SecondFactorMiddleware" in base.MIDDLEWARE
    assert (
        base.MIDDLEWARE.index("accounts.mfa.middleware.SecondFactorMiddleware")
        == base.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1
    )


def test_anyone_the_admin_lets_in_must_use_it_whatever_their_group():
    """Wagtail's own "Editors", or a group an admin made: not in the role list,
    yet they open the admin, so they need a second factor too."""
    editors = Group.objects.get(name="Editors")
    editor = factories.make_user("officer")
    editor.groups.add(editors)
    direct = factories.make_user("officer")
    direct.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )

    for user in (editor, direct):
        user = type(user).objects.get(pk=user.pk)  # no cached permissions
        assert policy.mfa_required(user)
        assert "admin_access" in policy.mfa_roles(user)
    assert not policy.mfa_required(factories.make_user("officer"))


def test_the_check_costs_one_query_for_an_officer(django_assert_num_queries):
    officer = factories.make_user("officer")

    with django_assert_num_queries(1):
        assert not policy.mfa_required(officer)
