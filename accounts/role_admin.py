"""The "Roles" area of the Wagtail admin: role assignments, for platform admins only.

A role assignment makes someone trainer of a course or reviewer of an
organisation. Adding and removing go through ``accounts.roles.grant`` and
``revoke``, which keep groups in step and write the audit log (naming the
admin); assignments are never edited in place, only removed and given again.
Anyone else, trainers and reviewers included, gets 403.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.admin_forms import RoleAssignmentForm, organisation_paths
from accounts.models import Organisation, RoleAssignment, User
from accounts.roles import grant, revoke
from accounts.signals import acting_as
from accounts.viewsets import RefusedWith403
from courses.models import CoursePage
from courses.translations import record_versions


class PlatformAdminsOnly(BasePermissionPolicy):
    """Every action on the model is for active superusers, whatever the groups say."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return User.objects.filter(is_active=True, is_superuser=True)


class RoleAssignmentFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(
        choices=RoleAssignment.Role.choices, label=_("Role")
    )
    course = django_filters.ModelChoiceFilter(
        queryset=record_versions(CoursePage.objects.order_by("title")),
        label=_("Course"),
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.order_by("name"), label=_("Organisation")
    )

    class Meta:
        model = RoleAssignment
        fields = []


class RoleIndexView(RefusedWith403, generic.IndexView):
    page_title = _("Roles")
    add_item_label = _("Give a role")

    @cached_property
    def tree_paths(self) -> dict[int, str]:
        return organisation_paths()

    def covers(self, assignment) -> str:
        if assignment.course_id:
            return assignment.course.title
        return self.tree_paths.get(assignment.organisation_id, "")

    def get_base_queryset(self):
        return RoleAssignment.objects.select_related(
            "user", "course", "organisation", "granted_by"
        )

    @cached_property
    def columns(self):
        user_column = self._get_title_column_class(TitleColumn)
        return [
            user_column(
                "user",
                label=_("User"),
                accessor=lambda a: f"{a.user.get_full_name()} ({a.user.username})",
                sort_key="user__username",
            ),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("covers", label=_("Course or organisation"), accessor=self.covers),
            Column("granted_by", label=_("Granted by"), accessor="granted_by"),
            DateColumn("granted_at", label=_("Granted at"), sort_key="granted_at"),
        ]


class RoleCreateView(RefusedWith403, generic.CreateView):
    page_title = _("Give a role")
    submit_button_label = _("Give role")

    def get_initial(self):
        initial = super().get_initial()
        for name in ("user", "role"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        with acting_as(self.request.user):
            assignment, _created = grant(
                data["user"],
                data["role"],
                course=data["course"],
                organisation=data["organisation"],
                by=self.request.user,
            )
        return assignment

    def get_success_message(self, instance):
        return gettext("%(user)s is now %(role)s.") % {
            "user": instance.user.get_username(),
            "role": instance,
        }

    def get_success_buttons(self):
        return []


class RoleDeleteView(RefusedWith403, generic.DeleteView):
    page_title = _("Remove role")

    def get_queryset(self):
        return RoleAssignment.objects.select_related("user", "course", "organisation")

    def delete_action(self):
        with acting_as(self.request.user):
            revoke(self.object, by=self.request.user)

    def get_success_message(self):
        return gettext("%(user)s is no longer %(role)s.") % {
            "user": self.object.user.get_username(),
            "role": self.object,
        }


class RoleAssignmentViewSet(ModelViewSet):
    """Roles: list, give and take away. No edit view: remove and give again."""

    model = RoleAssignment
    name = "roles"
    icon = "key"
    menu_label = _("Roles")
    add_to_settings_menu = True
    copy_view_enabled = False
    index_view_class = RoleIndexView
    add_view_class = RoleCreateView
    delete_view_class = RoleDeleteView
    filterset_class = RoleAssignmentFilterSet
    search_fields = [
        "user__username",
        "user__full_name",
        "user__full_name_km",
        "user__email",
        "user__staff_id",
    ]
    ordering = ["user__username", "role"]

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            edit_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_permissions_to_register(self):
        # Nothing to give to groups: the policy is "superusers only".
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]
