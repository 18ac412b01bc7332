"""Roles are Django groups; platform admins are superusers.

Officers are every signed-in user; the groups add what trainers and
organisation reviewers may do on top.
"""

from django.utils.translation import gettext_lazy as _

TRAINERS = "Trainers"
ORGANISATION_REVIEWERS = "Organisation reviewers"

ROLE_GROUPS = {
    TRAINERS: _("Trainers author courses in the admin and mark essays."),
    ORGANISATION_REVIEWERS: _(
        "Organisation reviewers download certificates and reports for their own "
        "organisation's officers."
    ),
}


def has_role(user, group_name: str) -> bool:
    """Whether ``user`` belongs to the role group (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=group_name).exists()
