"""Registration requests in the portal: the reviewer's list and decision.

Each request shows what the officer gave, including the province and duty
station that approval copies to their profile.

Reviewers see and decide the requests for units in their scope (their
organisations and every unit under them); admins all. A request outside the
scope is a 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import registration
from accounts.models import RegistrationRequest
from portal.access import reviewer_required

PAGE_SIZE = 50
RECENT = 20
REASON_MAX_LENGTH = 2000


@reviewer_required
def registrations(request):
    """Pending requests in the reviewer's scope, oldest first, and recent decisions."""
    pending = (
        registration.pending_for(request.user)
        .select_related("user", "organisation", "duty_station")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    decided = (
        registration.decidable_by(request.user)
        .exclude(status=RegistrationRequest.Status.PENDING)
        .select_related("user", "organisation", "decided_by", "duty_station")
        .order_by("-decided_at", "-pk")[:RECENT]
    )
    return render(
        request,
        "portal/registrations/list.html",
        {"page": page, "decided": decided, "reason_max_length": REASON_MAX_LENGTH},
    )


@reviewer_required
@require_POST
def registration_decide(request, pk: int):
    """Approve or reject one request (``decision`` = ``approve`` or ``reject``)."""
    pending = get_object_or_404(
        registration.decidable_by(request.user).select_related("user"), pk=pk
    )
    decision = request.POST.get("decision")
    reason = (request.POST.get("reason") or "").strip()
    name = pending.user.display_name
    if decision == "approve":
        decided = registration.approve(pending, request.user, request=request)
        done = _("%(name)s’s account is approved; they have been told by email.")
    elif decision == "reject":
        if not reason:
            messages.error(
                request,
                _("Give a reason for turning down %(name)s’s request.")
                % {"name": name},
            )
            return redirect("portal:registrations")
        if len(reason) > REASON_MAX_LENGTH:
            messages.error(
                request,
                _("The reason is too long: at most %(max)d characters.")
                % {"max": REASON_MAX_LENGTH},
            )
            return redirect("portal:registrations")
        decided = registration.reject(pending, request.user, reason, request=request)
        done = _("%(name)s’s request is turned down; they have been told by email.")
    else:
        messages.error(request, _("Choose to approve or to turn down the request."))
        return redirect("portal:registrations")
    if decided:
        messages.success(request, done % {"name": name})
    else:
        who = pending.decided_by.get_full_name() if pending.decided_by else ""
        if pending.status == RegistrationRequest.Status.APPROVED:
            text = _("%(name)s’s request was already approved by %(who)s.")
        else:
            text = _("%(name)s’s request was already turned down by %(who)s.")
        messages.warning(
            request, text % {"name": name, "who": who or _("another reviewer")}
        )
    return redirect("portal:registrations")
