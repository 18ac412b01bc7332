from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Users, their profile (names in Latin and Khmer script), organisations, roles."""

    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"
    default = True

    def ready(self):
        from accounts import navigation, signals

        signals.connect()
        # The header's kept roles go stale when roles change.
        navigation.connect()


class AccountsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user forms (installed in its place)."""

    user_viewset = "accounts.viewsets.UserViewSet"
