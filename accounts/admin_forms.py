"""Forms of the Wagtail admin for accounts: users, organisations, duty stations, roles.

Provinces are chosen from a list (``accounts.geography``) rather than typed,
organisations are labelled with their place in the tree, and role
assignments are validated here with messages that say what is missing, then
saved through ``accounts.roles.grant`` by the view.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.geography import province_choices
from accounts.models import DutyStation, Organisation, RoleAssignment, User
from courses.translations import record_versions

PROFILE_FIELDS = {
    "full_name",
    "full_name_km",
    "preferred_language",
    "organisation",
    "staff_id",
    "rank",
    "position",
    "duty_station",
    "province",
}

TREE_SEPARATOR = " › "


def organisation_paths() -> dict[int, str]:
    """Every organisation's name preceded by its ancestors', in one query.

    ``{pk: "Ministry of Interior › General Department of Immigration"}``, in
    the active language; used to tell apart units with similar names.
    """
    rows = {
        pk: (parent_id, name_km if _khmer_active() and name_km else name)
        for pk, parent_id, name, name_km in Organisation.objects.values_list(
            "pk", "parent_id", "name", "name_km"
        )
    }
    paths: dict[int, str] = {}
    for pk in rows:
        names: list[str] = []
        current: int | None = pk
        # A cycle cannot be saved through the admin (Organisation.clean), but
        # the walk stops on one anyway rather than looping.
        while current is not None and current in rows and len(names) <= len(rows):
            parent_id, name = rows[current]
            names.append(name)
            current = parent_id
        paths[pk] = TREE_SEPARATOR.join(reversed(names))
    return paths


def _khmer_active() -> bool:
    from django.utils.translation import get_language

    return get_language() == "km"


def _province_options() -> list[tuple[str, str]]:
    return [("", "---------"), *province_choices()]


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations labelled with their path in the tree (one query for all)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.order_by("name"))
        super().__init__(*args, **kwargs)
        self._paths: dict[int, str] | None = None

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied._paths = None
        return copied

    def label_from_instance(self, obj):
        if self._paths is None:
            self._paths = organisation_paths()
        return self._paths.get(obj.pk, str(obj))


class ProvinceField(forms.ChoiceField):
    """One of the 25 provinces, named in the active language."""

    def __init__(self, *, required=False, **kwargs):
        kwargs.setdefault("label", _("Province"))
        super().__init__(choices=_province_options, required=required, **kwargs)


class OfficerProfileMixin(forms.Form):
    """The officer's profile on the admin's user forms."""

    organisation = OrganisationChoiceField(
        label=_("Unit"),
        required=False,
        help_text=_("The unit the officer belongs to; its reviewers see the officer."),
    )
    duty_station = forms.ModelChoiceField(
        queryset=DutyStation.objects.order_by("name"),
        label=_("Duty station"),
        required=False,
    )
    province = ProvinceField()

    def clean_staff_id(self):
        # Empty means "none", stored as NULL: many officers may have none, but
        # a staff ID, once given, belongs to one officer only.
        value = (self.cleaned_data.get("staff_id") or "").strip()
        if not value:
            return None
        taken = User.objects.filter(staff_id=value).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Another user already has the staff ID “%(staff_id)s”."),
                code="duplicate_staff_id",
                params={"staff_id": value},
            )
        return value


class AccountCreationForm(OfficerProfileMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields and not self.fields["password1"].required:
            self.fields["password1"].help_text = _(
                "Leave both password fields empty to e-mail the officer an "
                "invitation to choose their own password (or print them an "
                "activation letter in the portal)."
            )


class AccountEditForm(OfficerProfileMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PROFILE_FIELDS


class OrganisationAdminForm(WagtailAdminModelForm):
    """The organisation snippet: parents shown as a path, provinces from a list.

    A parent that would make a cycle is refused by ``Organisation.clean``.
    """

    parent = OrganisationChoiceField(
        label=_("Parent organisation"),
        required=False,
        help_text=_("Leave empty for a ministry or another top-level organisation."),
    )
    province = ProvinceField(help_text=_("Where a unit is based, if in one province."))


class DutyStationAdminForm(WagtailAdminModelForm):
    province = ProvinceField(required=True)


class RoleAssignmentForm(forms.ModelForm):
    """Give a user a role: trainer of a course, or reviewer of an organisation."""

    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        label=_("Username"),
        help_text=_("The username of an active user."),
        error_messages={"invalid_choice": _("No active user has this username.")},
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_(
            "For an organisation reviewer: they see the officers of this "
            "organisation and of every unit under it."
        ),
    )

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "course", "organisation"]
        help_texts = {"course": _("For a trainer: the course they look after.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A trainer is assigned to the course (its record version), which
        # covers every language version of it.
        self.fields["course"].queryset = record_versions(
            self.fields["course"].queryset.order_by("title")
        )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        course = cleaned.get("course")
        organisation = cleaned.get("organisation")
        if role == RoleAssignment.Role.TRAINER:
            if course is None:
                self.add_error("course", _("A trainer needs a course: choose one."))
            if organisation is not None:
                self.add_error(
                    "organisation",
                    _("A trainer's role covers a course; leave this empty."),
                )
        elif role == RoleAssignment.Role.REVIEWER:
            if organisation is None:
                self.add_error(
                    "organisation",
                    _("An organisation reviewer needs an organisation: choose one."),
                )
            if course is not None:
                self.add_error(
                    "course",
                    _("A reviewer's role covers an organisation; leave this empty."),
                )
        user = cleaned.get("user")
        if user is not None and role and not self.errors:
            exists = RoleAssignment.objects.filter(
                user=user, role=role, course=course, organisation=organisation
            ).exists()
            if exists:
                # On the field, so that the model's constraints (which would
                # say the same less clearly) are not checked again.
                self.add_error(
                    "user",
                    forms.ValidationError(
                        _("%(user)s already has this role."),
                        code="duplicate_role",
                        params={"user": user.get_username()},
                    ),
                )
        return cleaned
