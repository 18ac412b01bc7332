from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The ministry portal: dashboards, officers, certificates and reports
    for organisation reviewers (and trainers' course reports), outside the
    Wagtail admin."""

    name = "portal"
    verbose_name = _("Ministry portal")
    default_auto_field = "django.db.models.BigAutoField"
