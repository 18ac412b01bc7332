"""Activation in the portal: print letters, send invitations again.

Reviewers (for the officers of their organisations) and admins; everyone
else is refused by ``reviewer_required`` (anonymous: sign in; others: 403),
and an officer outside the user's scope is a 404, as on the officer pages.

Printing a letter issues a new code and cancels the officer's previous one
(``accounts.activation.issuing``): the PDFs are POST answers, never GETs, so
that neither a link preview nor a reload prints (and cancels) by accident.
An activated officer can be given a letter too (a forgotten password): their
password keeps working until they use the new code.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.activation.issuing import invitable, invite_on_commit
from accounts.activation.status import not_activated_q
from portal.access import reviewer_required
from portal.dashboard import officers_in_scope, unit_ids, units_for
from portal.letters import LettersRefused, issue_and_render
from portal.models import Job
from portal.views.dashboard import UnitChoiceField

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class LettersForm(forms.Form):
    """Which officers of a unit get a letter (those not yet activated)."""

    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        queryset=None,
        empty_label=gettext_lazy("Choose a unit"),
        help_text=gettext_lazy("Its officers and those of the units under it."),
    )
    include_email = forms.BooleanField(
        label=gettext_lazy("Also officers with an email address"),
        required=False,
        help_text=gettext_lazy(
            "They were sent an invitation by email; a letter replaces it."
        ),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["unit"].queryset = units_for(user)


class ImportLettersForm(forms.Form):
    include_email = forms.BooleanField(required=False)


def waiting(officers, include_email: bool):
    """Active officers without a usable password; with an address only if asked."""
    officers = officers.filter(is_active=True).filter(not_activated_q())
    if not include_email:
        officers = officers.filter(email="")
    return officers.order_by("full_name", "username", "pk")


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    filename = _UNSAFE.sub("-", name).strip("-")[:80] or "letters"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    add_never_cache_headers(response)
    return response


def _today() -> str:
    return timezone.localdate().isoformat()


@reviewer_required
def unit_letters(request):
    """Letters for every officer of a unit who has not activated (GET: the form)."""
    form = LettersForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        officers = waiting(
            officers_in_scope(request.user).filter(organisation_id__in=unit_ids(unit)),
            form.cleaned_data["include_email"],
        )
        try:
            pdf, _count = issue_and_render(
                officers, actor=request.user, request=request
            )
        except LettersRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return pdf_response(
                pdf, f"activation-letters-{unit.code or unit.pk}-{_today()}"
            )
    return render(
        request,
        "portal/activation/unit_letters.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@reviewer_required
def officer_letter(request, pk: int):
    """A new letter for one officer (activated or not); the old code stops working."""
    officer = get_object_or_404(officers_in_scope(request.user), pk=pk)
    try:
        pdf, _count = issue_and_render(
            officers_in_scope(request.user).filter(pk=officer.pk, is_active=True),
            actor=request.user,
            request=request,
        )
    except LettersRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("portal:officer", pk=officer.pk)
    name = officer.staff_id or officer.get_username()
    return pdf_response(pdf, f"activation-letter-{name}-{_today()}")


@require_POST
@reviewer_required
def officer_invite(request, pk: int):
    """Send the invitation e-mail again (a new link; the old one stops working)."""
    officer = get_object_or_404(officers_in_scope(request.user), pk=pk)
    if not invitable(officers_in_scope(request.user).filter(pk=officer.pk)).exists():
        messages.error(
            request,
            _(
                "No invitation was sent: only an officer with an email address "
                "who has not activated their account can be invited. Print an "
                "activation letter instead."
            ),
        )
    else:
        invite_on_commit([officer.pk], request.user)
        messages.success(
            request,
            _("An invitation was sent to %(email)s. Earlier links no longer work.")
            % {"email": officer.email},
        )
    return redirect("portal:officer", pk=officer.pk)


@require_POST
@reviewer_required
def import_letters(request, pk):
    """Letters for the officers an import created who have not activated yet."""
    job = get_object_or_404(
        Job.objects.visible_to(request.user).filter(
            kind=Job.Kind.OFFICER_IMPORT, status=Job.Status.DONE
        ),
        pk=pk,
    )
    form = ImportLettersForm(request.POST)
    include_email = form.is_valid() and form.cleaned_data["include_email"]
    created = (job.result or {}).get("created_ids") or []
    officers = waiting(
        officers_in_scope(request.user).filter(pk__in=created), include_email
    )
    try:
        pdf, _count = issue_and_render(officers, actor=request.user, request=request)
    except LettersRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("portal:import", pk=job.pk)
    return pdf_response(pdf, f"activation-letters-import-{_today()}")
