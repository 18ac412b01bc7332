"""The portal's own reports, and the way in to the portal from the Wagtail admin."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from audit.hooks import REGISTER_AUDIT_SENTENCES
from courses.hooks import COURSE_ADMIN_SUMMARY_HOOK

# Registers the site header's "Portal" link (lms_register_header_links).
from portal import navigation as _navigation  # noqa: F401
from portal.access import may_use_portal
from portal.audit_sentences import audit_sentences
from portal.course_links import course_report_links
from portal.hooks import REGISTER_REPORTS
from portal.reports.core import CORE_REPORTS


@hooks.register(REGISTER_REPORTS)
def register_core_reports():
    return list(CORE_REPORTS)


class PortalReportsMenuItem(MenuItem):
    """Shown to trainers, reviewers and admins: the reports live in the portal."""

    def is_shown(self, request):
        return may_use_portal(request.user)


# A "Reports" link per course on the admin's "My courses" panel.
hooks.register(COURSE_ADMIN_SUMMARY_HOOK, course_report_links)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return PortalReportsMenuItem(
        _("Reports"), reverse_lazy("portal:reports"), icon_name="table", order=270
    )


hooks.register(REGISTER_AUDIT_SENTENCES, audit_sentences)
