"""Registers the accounts admin (``accounts.viewsets``, ``accounts.role_admin``)
and audits Wagtail's user bulk actions."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.models import RoleAssignment, User
from accounts.role_admin import PlatformAdminsOnly, RoleAssignmentViewSet
from accounts.signals import set_acting_user
from accounts.viewsets import (
    DutyStationViewSet,
    OrganisationViewSet,
    record_flag_changes,
)

register_permission_policy(RoleAssignment, PlatformAdminsOnly(RoleAssignment))
register_snippet(OrganisationViewSet)
register_snippet(DutyStationViewSet)


@hooks.register("register_admin_viewset")
def register_roles_viewset():
    return RoleAssignmentViewSet()


# Wagtail's user bulk actions ("assign role", "set active state") run between
# these two hooks, inside one transaction: the group changes they make name
# the admin, and activations are logged as the edit view logs them.


@hooks.register("before_bulk_action")
def name_the_admin_in_bulk_actions(request, action_type, objects, action_class):
    if action_class.model is User:
        set_acting_user(request.user)


@hooks.register("after_bulk_action")
def audit_bulk_activation(request, action_type, objects, action_class):
    if action_class.model is not User:
        return
    if action_type == "set_active_state":
        now_active = action_class.cleaned_form.cleaned_data["mark_as_active"]
        for user in objects:
            if user.pk == request.user.pk or user.is_active == now_active:
                continue
            before = {"is_superuser": user.is_superuser, "is_active": user.is_active}
            user.is_active = now_active
            record_flag_changes(user, before, actor=request.user, request=request)
    set_acting_user(None)
