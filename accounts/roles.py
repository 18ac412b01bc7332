"""Roles: Django groups for what kind of user, ``RoleAssignment`` for which objects.

Officers are every signed-in user. Trainers (per course) and organisation
reviewers (per organisation) are a group *and* assignments: the group brings
model permissions (the Wagtail admin for trainers), the assignments bring data
(``accounts.scope``). Platform admins are superusers.

Lead trainers are a group only ("Lead trainers", no assignments): they
approve what trainers submit in the "Course review" workflow and may publish
any course page (``courses.authoring.review``); trainers may not publish.
Put someone in the group in the user admin.

Grant and revoke roles through :func:`grant` and :func:`revoke`: they keep
the group in step with the assignments and write the audit log.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

TRAINERS = "Trainers"
ORGANISATION_REVIEWERS = "Organisation reviewers"
#: A group without assignments: approves and publishes every course page.
LEAD_TRAINERS = "Lead trainers"

GROUP_FOR_ROLE = {"trainer": TRAINERS, "reviewer": ORGANISATION_REVIEWERS}


def grant(user, role: str, *, course=None, organisation=None, by=None):
    """Give ``user`` ``role`` over ``course`` (trainer) or ``organisation`` (reviewer).

    Returns ``(assignment, created)``; granting twice is harmless. Adds the
    user to the role's group and records ``role.granted`` in the audit log.
    """
    from accounts.models import RoleAssignment
    from accounts.scope import forget_scope
    from audit.log import record

    lookup = {
        "user": user,
        "role": role,
        "course": course,
        "organisation": organisation,
    }
    existing = RoleAssignment.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(**lookup, granted_by=by)
            group, _created = Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])
            user.groups.add(group)
            record(
                "role.granted",
                actor=by,
                target=user,
                organisation=organisation or user.organisation,
                role=role,
                course_id=getattr(course, "pk", None),
                organisation_id=getattr(organisation, "pk", None),
            )
    except IntegrityError:
        # A second request granted the same role a moment ago.
        return RoleAssignment.objects.get(**lookup), False
    forget_scope(user)
    return assignment, True


def revoke(assignment, *, by=None) -> None:
    """Remove one assignment; leave the group when it was the user's last one."""
    from accounts.models import RoleAssignment
    from accounts.scope import forget_scope
    from audit.log import record

    user = assignment.user
    with transaction.atomic():
        record(
            "role.revoked",
            actor=by,
            target=user,
            organisation=assignment.organisation or user.organisation,
            role=assignment.role,
            course_id=assignment.course_id,
            organisation_id=assignment.organisation_id,
        )
        assignment.delete()
        if not RoleAssignment.objects.filter(user=user, role=assignment.role).exists():
            group = Group.objects.filter(name=GROUP_FOR_ROLE[assignment.role]).first()
            if group is not None:
                user.groups.remove(group)
    forget_scope(user)
