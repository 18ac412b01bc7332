"""The portal's own reports, and the way in to the portal from the Wagtail admin."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.access import may_use_portal
from portal.hooks import REGISTER_REPORTS
from portal.reports.core import CORE_REPORTS


@hooks.register(REGISTER_REPORTS)
def register_core_reports():
    return list(CORE_REPORTS)


class PortalReportsMenuItem(MenuItem):
    """Shown to trainers, reviewers and admins: the reports live in the portal."""

    def is_shown(self, request):
        return may_use_portal(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return PortalReportsMenuItem(
        _("Reports"), reverse_lazy("portal:reports"), icon_name="table", order=270
    )
