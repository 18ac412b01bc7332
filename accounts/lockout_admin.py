"""Admin: the sign-in lockouts in force, and "Unlock" (platform admins only).

An officer locked out at a checkpoint calls the training coordinator; the
admin finds the username here and lifts the lockout at once instead of making
them wait for the cool-off.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts import lockout

#: The most rows one page lists; lockouts are few unless under attack.
LISTED = 200


class PlatformAdminRequired:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LockoutListView(PlatformAdminRequired, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/lockouts.html"
    page_title = gettext_lazy("Sign-in lockouts")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(lockout.current_lockouts()[: LISTED + 1])
        context["lockouts"] = [
            {"attempt": row, "until": lockout.unlocked_at(row)} for row in rows[:LISTED]
        ]
        context["more"] = len(rows) > LISTED
        return context

    def post(self, request, *args, **kwargs):
        try:
            attempt_id = int(request.POST.get("attempt", ""))
        except ValueError:
            messages.error(request, _("Choose a lockout to lift."))
            return redirect("accounts_lockouts")
        lifted = lockout.unlock(attempt_id, actor=request.user, request=request)
        if lifted is None:
            messages.warning(request, _("That lockout had already ended."))
        else:
            messages.success(
                request,
                _("%(username)s can sign in again from %(address)s.")
                % {
                    "username": lifted.username,
                    "address": lifted.ip_address or _("an unknown address"),
                },
            )
        return redirect("accounts_lockouts")
