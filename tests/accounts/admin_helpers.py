"""People who can (or cannot) enter the Wagtail admin, for the admin tests.

Trainers and reviewers reach the admin the way the demo lets trainers in: a
group with ``wagtailadmin.access_admin``. Without it Wagtail sends them to
the login page instead of answering 403, which would not test our rules.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from tests import factories


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def with_admin_access(user, *extra: Permission):
    """``user``, now in a group that may enter the admin (plus ``extra``)."""
    group = Group.objects.create(name=factories.unique("Admin entry"))
    group.permissions.add(permission("wagtailadmin", "access_admin"), *extra)
    user.groups.add(group)
    return user


def people(course, org_a, org_b) -> dict:
    """One of each: the users a deny-by-default test walks through.

    Everyone but the anonymous visitor and the plain officer may enter the
    admin, so a refusal from our own views shows as 403.
    """
    return {
        "officer": factories.make_user("officer", organisation=org_a),
        "reviewer of A": with_admin_access(
            factories.make_user("reviewer", organisation=org_a)
        ),
        "reviewer of B": with_admin_access(
            factories.make_user("reviewer", organisation=org_b)
        ),
        "trainer of X": with_admin_access(
            factories.make_user("trainer", trains=[course])
        ),
    }
