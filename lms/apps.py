from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The platform core: plugin framework, health endpoint, base templates."""

    name = "lms"
    verbose_name = _("Learning platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms import checks  # noqa: F401  (registers the system checks)
