"""Who must sign in with a second factor, and what a session still owes.

Roles (``accounts.roles``): "admin" is a superuser; "lead_trainer",
"trainer" and "reviewer" are the members of the "Lead trainers", "Trainers"
and "Organisation reviewers" groups (``accounts.roles.grant`` keeps those in
step with the role assignments, and scopes honour an assignment only while
its user is in the group). ``LMS_MFA_REQUIRED_ROLES`` lists the roles that
must use a second factor. Everyone else (officers) may opt in: once they
have a confirmed device, their sign-in asks for it too.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django_otp import user_has_device

from accounts.roles import LEAD_TRAINERS, ORGANISATION_REVIEWERS, TRAINERS

#: Role names accepted in ``LMS_MFA_REQUIRED_ROLES``, and their groups.
#: "admin_access" is anyone who may open the Wagtail admin, by any group or
#: permission (``wagtailadmin.access_admin``).
ROLE_GROUPS = {
    "admin": None,
    "admin_access": None,
    "lead_trainer": LEAD_TRAINERS,
    "trainer": TRAINERS,
    "reviewer": ORGANISATION_REVIEWERS,
}

ADMIN_ACCESS_CODENAME = "access_admin"

#: Session key: did this user have a confirmed device when they signed in?
OPTED_IN_SESSION_KEY = "lms_mfa_opted_in"


def required_roles() -> set[str]:
    return set(getattr(settings, "LMS_MFA_REQUIRED_ROLES", ()) or ())


def mfa_roles(user) -> set[str]:
    """Of the roles above, those ``user`` holds (one query for the groups)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = {"admin"} if user.is_superuser else set()
    names = set(user.groups.values_list("name", flat=True))
    roles |= {role for role, group in ROLE_GROUPS.items() if group in names}
    if user.has_perm(f"wagtailadmin.{ADMIN_ACCESS_CODENAME}"):
        roles.add("admin_access")
    return roles


def admin_access_q() -> Q:
    """Users who may open the Wagtail admin, through a group or their own."""
    return Q(
        groups__permissions__codename=ADMIN_ACCESS_CODENAME,
        groups__permissions__content_type__app_label="wagtailadmin",
    ) | Q(
        user_permissions__codename=ADMIN_ACCESS_CODENAME,
        user_permissions__content_type__app_label="wagtailadmin",
    )


def mfa_required(user) -> bool:
    """Must ``user`` give a second factor at sign-in, by their role?

    One query at most, whatever the roles listed: it runs on every request of
    a session that has not given a second factor (every officer's).
    """
    wanted = required_roles()
    if not wanted or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and "admin" in wanted:
        return True
    groups = {ROLE_GROUPS[role] for role in wanted if ROLE_GROUPS.get(role)}
    conditions = [Q(groups__name__in=groups)] if groups else []
    if "admin_access" in wanted:
        # Anyone else the admin lets in (a group an admin made, Wagtail's own
        # "Editors" and "Moderators"): deny by default, not by role list.
        conditions.append(admin_access_q())
    if not conditions:
        return False
    users = get_user_model().objects  # request.user is a lazy wrapper
    return users.filter(reduce(or_, conditions), pk=user.pk).exists()


def has_device(user) -> bool:
    """Has ``user`` a confirmed device (TOTP, passkey or recovery codes)?"""
    return user_has_device(user, confirmed=True)


def second_step_applies(user) -> bool:
    """Is a password alone not enough for ``user``? (Required, or opted in.)"""
    return mfa_required(user) or has_device(user)


def remember_opt_in(request, user) -> None:
    """Note in the session whether ``user`` has a device (read on each request).

    An officer's opt-in is looked up once per sign-in rather than on every
    request; a device added or removed in this session updates it.
    """
    request.session[OPTED_IN_SESSION_KEY] = has_device(user)


def is_verified(user) -> bool:
    """Did this session's user give a second factor? (django-otp's answer.)

    Right after ``login()`` the request's user is the bare user object,
    without django-otp's ``is_verified``: not verified yet.
    """
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def owes_second_factor(request) -> bool:
    """Must this signed-in request's user still give a second factor?"""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return False
    opted_in = request.session.get(OPTED_IN_SESSION_KEY)
    if opted_in is None:
        # A session from before multi-factor sign-in existed.
        remember_opt_in(request, user)
        opted_in = request.session[OPTED_IN_SESSION_KEY]
    return bool(opted_in) or mfa_required(user)
