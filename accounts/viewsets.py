from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.admin_forms import AccountCreationForm, AccountEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, showing the officer's profile fields too."""

    create_template_name = "accounts_admin/users/create.html"
    edit_template_name = "accounts_admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm
