from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only audit log: who did what, when, to whose data."""

    name = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from audit import signin_receivers

        signin_receivers.connect()
        from audit import account_receivers

        account_receivers.connect()

        from audit import mfa_receivers

        mfa_receivers.connect()

        from audit import activation_receivers

        activation_receivers.connect()
