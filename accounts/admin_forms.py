"""Wagtail admin user forms with the profile fields (names, language, organisation)."""

from wagtail.users.forms import UserCreationForm, UserEditForm

PROFILE_FIELDS = {"full_name", "full_name_km", "preferred_language", "organisation"}


class AccountCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PROFILE_FIELDS


class AccountEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PROFILE_FIELDS
