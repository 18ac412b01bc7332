"""Registers the accounts admin (``accounts.viewsets``, ``accounts.role_admin``)
and audits Wagtail's user bulk actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.hooks import HEADER_LINKS_HOOK
from accounts.lockout_admin import LockoutListView
from accounts.models import RoleAssignment, User
from accounts.navigation import LANDING_ADMIN, LANDING_AUTHOR, HeaderLink
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


class PlatformAdminMenuItem(MenuItem):
    """A menu item only platform admins see."""

    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("lockouts/", LockoutListView.as_view(), name="accounts_lockouts")]


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return PlatformAdminMenuItem(
        gettext_lazy("Sign-in lockouts"),
        reverse("accounts_lockouts"),
        icon_name="lock",
        order=900,
    )


# Two-step sign-in (accounts.mfa): each user's own page from the admin's
# account page, and the platform admins' reset for a lost phone.


@hooks.register("register_account_menu_item")
def two_step_sign_in_account_item(request):
    return {
        "url": reverse("accounts:mfa_manage"),
        "label": gettext_lazy("Two-step sign-in"),
        "help_text": gettext_lazy(
            "Authenticator app, passkeys and recovery codes for signing in."
        ),
    }


@hooks.register("register_admin_urls")
def register_mfa_reset_urls():
    from accounts.mfa.admin_views import reset

    return [path("mfa/reset/<int:user_id>/", reset, name="accounts_mfa_reset")]


@hooks.register("register_user_listing_buttons")
def mfa_reset_button(user, request_user):
    from wagtail.admin.widgets import Button

    if not request_user.is_superuser:
        return []
    return [
        Button(
            gettext_lazy("Reset two-step sign-in"),
            reverse("accounts_mfa_reset", args=[user.pk]),
            priority=90,
        )
    ]


def _may_author(viewer) -> bool:
    return viewer.may_author


def _lands_in_admin(viewer):
    if viewer.is_admin:
        return LANDING_ADMIN
    return LANDING_AUTHOR if viewer.may_author else None


@hooks.register(HEADER_LINKS_HOOK)
def register_authoring_link():
    """The site header's way into the Wagtail admin, for those it lets in."""
    return [
        HeaderLink(
            identifier="authoring",
            label=gettext_lazy("Authoring"),
            url="wagtailadmin_home",
            shown_to=_may_author,
            lands=_lands_in_admin,
            order=40,
        )
    ]
