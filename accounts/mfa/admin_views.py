"""Platform admins reset a user's two-step sign-in (a lost phone).

In the Wagtail admin: a "Reset two-step sign-in" button on each user in the
user listing leads to a confirmation page; the same is ``manage.py
reset_mfa USERNAME``. The user sets up a new device at their next sign-in.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from accounts.mfa import devices
from accounts.models import User


def reset(request, user_id: int):
    if not request.user.is_superuser:
        raise PermissionDenied
    user = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        count = devices.reset(user, actor=request.user, request=request)
        messages.success(
            request,
            ngettext(
                "Two-step sign-in reset for %(user)s: %(count)d device removed.",
                "Two-step sign-in reset for %(user)s: %(count)d devices removed.",
                count,
            )
            % {"user": user.get_username(), "count": count},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/mfa/admin_reset.html",
        {"subject": user, "rows": devices.rows(user)},
    )
