"""The read-only audit log in the Wagtail admin (see ``audit.views``)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from audit.models import AuditEvent
from audit.views import AuditLogPolicy, AuditLogViewSet

register_permission_policy(AuditEvent, AuditLogPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return AuditLogViewSet()
