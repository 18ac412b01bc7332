"""Actions on one issued certificate in the admin: revoke, reissue, download.

Revoking and reissuing need ``change_certificate``; downloading needs any
certificate permission. Each is audited (``CertificateEvent``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from audit.log import record
from certificates.models import Certificate, CertificateEvent
from certificates.revocation import MAX_REASON_LENGTH, reissue, revoke

#: Permissions that let a user see certificates (and download their PDFs).
SEE = ["add", "change", "delete", "view"]


class CertificateActionMixin(PermissionCheckedMixin):
    """Loads the certificate; ``change_certificate`` needed (deny by default)."""

    model = Certificate
    permission_required = "change"
    inspect_url_name = None
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("user"), pk=kwargs["pk"]
        )

    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.certificate.pk])


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy(
            "Kept in the audit trail. The verification page shows the "
            "certificate as revoked at once; this cannot be undone."
        ),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy(
                "Give the reason for the revocation: it is kept on record."
            )
        },
    )


class RevokeView(CertificateActionMixin, WagtailAdminTemplateMixin, FormView):
    """GET shows the form; only a POST with a reason revokes."""

    form_class = RevokeForm
    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Revoke certificate")
    header_icon = "cross"

    def get_page_subtitle(self):
        return self.certificate.display_code

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Certificates")},
            {"url": self.inspect_url(), "label": str(self.certificate)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        if self.certificate.revoked_at is not None:
            messages.warning(request, _("This certificate is already revoked."))
            return redirect(self.inspect_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        context["inspect_url"] = self.inspect_url()
        return context

    def form_valid(self, form):
        try:
            revoke(
                self.certificate,
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error("reason", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Certificate %(code)s revoked. The verification page now says so.")
            % {"code": self.certificate.display_code},
        )
        return redirect(self.inspect_url())

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("The certificate was not revoked. Correct the errors below."),
        )
        return super().form_invalid(form)


class ReissueView(CertificateActionMixin, View):
    """POST: render a fresh PDF from the stored record (audited)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            reissue(self.certificate, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "A new PDF of certificate %(code)s is being prepared. The old "
                    "file's fingerprint stays on record."
                )
                % {"code": self.certificate.display_code},
            )
        return redirect(self.inspect_url())


class DownloadView(CertificateActionMixin, View):
    """The stored PDF, for admins who may see certificates (audited)."""

    permission_required = None
    any_permission_required = SEE
    http_method_names = ["get"]

    def get(self, request, pk):
        certificate = self.certificate
        if not certificate.is_ready:
            raise Http404("This certificate has no PDF yet.")
        try:
            handle = certificate.pdf.open("rb")
        except FileNotFoundError:
            raise Http404("The stored PDF is missing.") from None
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.DOWNLOADED,
            actor=request.user,
            detail={"via": "admin", "sha256": certificate.pdf_sha256},
        )
        record(
            "certificate.downloaded",
            actor=request.user,
            target=certificate,
            organisation=certificate.user.organisation,
            request=request,
            via="admin",
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=certificate.pdf_filename,
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response
