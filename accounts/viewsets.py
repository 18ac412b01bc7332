"""The accounts part of the Wagtail admin: users, organisations, duty stations.

- Users: Wagtail's user admin with the officer's profile; changes to
  ``is_superuser`` and ``is_active`` are written to the audit log, and group
  changes made here name the editing admin (``accounts.signals``).
- Organisations and duty stations: snippets, organisations shown with their
  place in the tree.

Roles (role assignments) have their own area: ``accounts.role_admin``.
"""

from __future__ import annotations

from functools import wraps

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views import users as wagtail_users

from accounts.activation.issuing import invite_on_commit
from accounts.admin_forms import (
    AccountCreationForm,
    AccountEditForm,
    DutyStationAdminForm,
    OrganisationAdminForm,
    organisation_paths,
)
from accounts.geography import province_choices, province_name
from accounts.models import DutyStation, Organisation
from accounts.signals import acting_as


class RefusedWith403:
    """Answer a refused admin user with a 403 page.

    Wagtail's admin turns ``PermissionDenied`` into a redirect to the
    dashboard with a message; for areas that hold other people's data (roles,
    the audit log) the refusal is an explicit 403, which tests and proxies
    can tell from a success.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "accounts_admin/forbidden.html", status=403)


# Users ---------------------------------------------------------------------------


def record_flag_changes(user, before: dict[str, bool], *, actor, request) -> None:
    """Log each of ``is_superuser`` / ``is_active`` that differs from ``before``."""
    from audit.log import record

    actions = {
        "is_superuser": "role.superuser_changed",
        "is_active": "role.active_changed",
    }
    for flag, action in actions.items():
        after = getattr(user, flag)
        if before.get(flag) != after:
            record(
                action,
                actor=actor,
                target=user,
                organisation=user.organisation,
                request=request,
                before=before.get(flag),
                after=after,
            )


class AccountIndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    @cached_property
    def columns(self):
        columns = list(super().columns)
        unit = Column("organisation", label=_("Unit"), width="20%")
        columns.insert(3, unit)
        return columns


class AccountCreateView(wagtail_users.CreateView):
    def save_instance(self):
        with acting_as(self.request.user):
            user = super().save_instance()
            if not user.password or not user.has_usable_password():
                # Created without a password: the officer chooses one through
                # an invitation (accounts.activation), or a reviewer's letter.
                user.set_unusable_password()
                user.save(update_fields=["password"])
                invite_on_commit([user.pk], self.request.user)
            record_flag_changes(
                user,
                {"is_superuser": False, "is_active": user.is_active},
                actor=self.request.user,
                request=self.request,
            )
        return user


class AccountEditView(wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Read before the bound form writes the posted values onto the object.
        self.flags_before = {
            "is_superuser": self.object.is_superuser,
            "is_active": self.object.is_active,
        }

    def save_instance(self):
        with acting_as(self.request.user):
            user = super().save_instance()
            record_flag_changes(
                user, self.flags_before, actor=self.request.user, request=self.request
            )
        return user


class UserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user admin, showing and auditing the officer's profile too."""

    index_view_class = AccountIndexView
    add_view_class = AccountCreateView
    edit_view_class = AccountEditView
    create_template_name = "accounts_admin/users/create.html"
    edit_template_name = "accounts_admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm


# Organisations and duty stations ------------------------------------------------


class ManagersOnlyChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser that answers only people who may manage the model.

    Wagtail's choosers list a snippet's rows to anyone who may enter the
    admin; the lists of organisations and duty stations are for those who
    manage them (deny by default). Our own forms use plain selects.
    """

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = self._managers_only(pattern.callback)
        return patterns

    def _managers_only(self, view):
        model = self.model

        @wraps(view)
        def guarded(request, *args, **kwargs):
            policy = policy_registry.get_by_type(model)
            if not policy.user_has_any_permission(
                request.user, {"add", "change", "delete", "view"}
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded


class OrganisationFilterSet(WagtailFilterSet):
    province = django_filters.ChoiceFilter(
        choices=province_choices, label=_("Province")
    )

    class Meta:
        model = Organisation
        fields = ["kind", "parent"]


class OrganisationIndexView(SnippetIndexView):
    """Organisations with the chain of organisations above each one."""

    @cached_property
    def tree_paths(self) -> dict[int, str]:
        return organisation_paths()

    def part_of(self, organisation) -> str:
        return self.tree_paths.get(organisation.parent_id, "")

    @cached_property
    def columns(self):
        columns = list(super().columns)
        names = [column.name for column in columns]
        position = names.index("name") + 1 if "name" in names else len(columns)
        columns.insert(
            position, Column("part_of", label=_("Part of"), accessor=self.part_of)
        )
        return columns


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = ManagersOnlyChooserViewSet
    icon = "group"
    menu_label = _("Organisations")
    add_to_settings_menu = True
    index_view_class = OrganisationIndexView
    list_display = [
        "name",
        "name_km",
        "code",
        "kind",
        Column(
            "province",
            label=_("Province"),
            accessor=lambda o: province_name(o.province),
        ),
    ]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_km", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("name_km"),
            FieldPanel("code"),
            FieldPanel("kind"),
            FieldPanel("parent"),
            FieldPanel("province"),
        ],
        base_form_class=OrganisationAdminForm,
    )


class DutyStationFilterSet(WagtailFilterSet):
    province = django_filters.ChoiceFilter(
        choices=province_choices, label=_("Province")
    )

    class Meta:
        model = DutyStation
        fields = ["kind"]


class DutyStationViewSet(SnippetViewSet):
    model = DutyStation
    chooser_viewset_class = ManagersOnlyChooserViewSet
    icon = "site"
    menu_label = _("Duty stations")
    add_to_settings_menu = True
    list_display = [
        "name",
        "name_km",
        "kind",
        Column(
            "province",
            label=_("Province"),
            accessor=lambda s: province_name(s.province),
        ),
        "border_with",
        "code",
    ]
    filterset_class = DutyStationFilterSet
    search_fields = ["name", "name_km", "code", "border_with"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("name_km"),
            FieldPanel("code"),
            FieldPanel("kind"),
            FieldPanel("province"),
            FieldPanel("border_with"),
        ],
        base_form_class=DutyStationAdminForm,
    )
