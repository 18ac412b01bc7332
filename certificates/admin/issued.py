"""Issued certificates in the admin: list and inspect (actions in ``actions``).

Certificates are issued by completing a course, never typed in, so there is
no add, edit or delete view. Who may do what is the model's permissions, deny
by default: ``view_certificate`` (or any certificate permission) to list,
inspect and download; ``change_certificate`` to revoke and reissue.
Superusers may do everything.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from certificates import codes
from certificates.admin.actions import DownloadView, ReissueView, RevokeView
from certificates.models import Certificate
from lms.numerals import format_percent

#: Audit events shown on the inspect page, newest first (downloads add up).
MAX_EVENTS = 200


def courses_with_certificates(request):
    from courses.models import CoursePage

    return CoursePage.objects.filter(
        pk__in=Certificate.objects.values("course_id")
    ).order_by("title")


class CertificateFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"), queryset=courses_with_certificates
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Certificate.Status.choices,
        method="filter_status",
    )
    render_state = django_filters.ChoiceFilter(
        label=gettext_lazy("PDF state"), choices=Certificate.RenderState.choices
    )
    issued_on = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date of issue"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificate
        fields = ["course", "status", "render_state", "issued_on"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == Certificate.Status.REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        if value == Certificate.Status.EXPIRED:
            return queryset.filter(revoked_at__isnull=True, expires_on__lt=today)
        if value == Certificate.Status.VALID:
            return queryset.valid(today)
        return queryset


def short_date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "-"


class CertificateIndexView(IndexView):
    """Newest first; searched by name (either script), username or code."""

    search_fields = ["officer_name", "officer_name_km", "user__username"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(None)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        by_text = Q()
        for field in self.search_fields:
            by_text |= Q(**{f"{field}__icontains": self.search_query})
        # A code as printed ("7K3M-Q9TZ-..."), whole or in part.
        code = codes.normalise(self.search_query)
        compact = "".join(
            ch for ch in self.search_query.upper() if ch.isalnum()
        ).translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
        if code:
            by_text |= Q(code=code)
        elif len(compact) >= 4:
            by_text |= Q(code__contains=compact)
        return queryset.filter(by_text)

    @cached_property
    def columns(self):
        title_class = self._get_title_column_class(TitleColumn)
        return [
            title_class(
                "officer_name",
                label=gettext_lazy("Officer"),
                get_url=self.get_inspect_url,
                sort_key="officer_name",
            ),
            Column(
                "course_title", label=gettext_lazy("Course"), sort_key="course_title"
            ),
            Column("display_code", label=gettext_lazy("Code")),
            Column(
                "issued_on",
                label=gettext_lazy("Issued"),
                accessor=lambda c: short_date(c.issued_on),
                sort_key="issued_on",
            ),
            Column(
                "expires_on",
                label=gettext_lazy("Expires"),
                accessor=lambda c: short_date(c.expires_on),
                sort_key="expires_on",
            ),
            Column("status_label", label=gettext_lazy("Status")),
            Column(
                "get_render_state_display",
                label=gettext_lazy("PDF"),
                accessor="get_render_state_display",
            ),
        ]


INSPECT_FIELDS = [
    "display_code",
    "status_label",
    "officer_name",
    "officer_name_km",
    "user",
    "course",
    "course_title",
    "course_title_km",
    "edition",
    "completed_at",
    "issued_on",
    "score",
    "expires_on",
    "issuer_name",
    "issuer_name_km",
    "design",
    "renewed_by",
    "render_state",
    "render_error",
    "pdf_sha256",
]


class CertificateInspectView(InspectView):
    """Everything recorded about one certificate, its audit trail and its PDFs."""

    template_name = "certificates/admin/certificate_inspect.html"
    revoke_url_name = None
    reissue_url_name = None
    download_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            Certificate.objects.select_related(
                "user", "course", "design", "revoked_by", "renewed_by"
            ),
            pk=self.pk,
        )

    def get_field_label(self, field_name, field):
        labels = {
            "display_code": _("Verification code"),
            "status_label": _("Status"),
        }
        if field_name in labels:
            return labels[field_name]
        return super().get_field_label(field_name, field)

    def get_user_display_value(self):
        user = self.object.user
        return f"{user.get_full_name()} ({user.get_username()})"

    def get_course_display_value(self):
        return self.object.course.title

    def get_completed_at_display_value(self):
        # Local time (Phnom Penh), like the audit trail below it.
        completed = timezone.localtime(self.object.completed_at)
        return date_format(completed, "DATETIME_FORMAT")

    def get_expires_on_display_value(self):
        expires_on = self.object.expires_on
        return date_format(expires_on, "DATE_FORMAT") if expires_on else _("Never")

    def get_edition_display_value(self):
        return self.object.edition or "-"

    def get_render_error_display_value(self):
        return self.object.render_error or "-"

    def get_score_display_value(self):
        return "-" if self.object.score is None else format_percent(self.object.score)

    def get_renewed_by_display_value(self):
        renewed_by = self.object.renewed_by
        return "-" if renewed_by is None else str(renewed_by)

    @cached_property
    def may_change(self):
        return self.user_has_permission("change")

    @cached_property
    def header_buttons(self):
        buttons = []
        certificate = self.object
        if certificate.is_ready:
            buttons.append(
                HeaderButton(
                    _("Download PDF"),
                    url=reverse(self.download_url_name, args=[certificate.pk]),
                    icon_name="download",
                )
            )
        if self.may_change and certificate.revoked_at is None:
            buttons.append(
                HeaderButton(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[certificate.pk]),
                    icon_name="cross",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.object
        context.update(
            certificate=certificate,
            events=list(certificate.events.select_related("actor")[:MAX_EVENTS]),
            event_count=certificate.events.count(),
            pdf_history=list(certificate.pdf_history.all()),
            may_change=self.may_change,
            reissue_url=reverse(self.reissue_url_name, args=[certificate.pk]),
            download_url=(
                reverse(self.download_url_name, args=[certificate.pk])
                if certificate.is_ready
                else ""
            ),
            verification_url=certificate.get_verification_url(),
        )
        return context


class IssuedCertificateViewSet(ModelViewSet):
    model = Certificate
    name = "issued_certificates"
    url_prefix = "certificates/issued"
    icon = "doc-full"
    menu_label = gettext_lazy("Issued certificates")
    menu_order = 10
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    # Certificates are saved on every render: keep them out of Wagtail's
    # reference index (a design's usage is checked directly, see designs.py).
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_view_fields = INSPECT_FIELDS
    copy_view_enabled = False
    filterset_class = CertificateFilterSet
    search_fields = ["officer_name", "officer_name_km", "user__username"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-issued_at"]
    form_fields = []  # never edited (no add/edit views are routed)

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # Only the listing and inspect views exist.
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "history_url_name",
            "usage_url_name",
            "copy_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            revoke_url_name=self.get_url_name("revoke"),
            reissue_url_name=self.get_url_name("reissue"),
            download_url_name=self.get_url_name("download"),
            **kwargs,
        )

    def action_view(self, view_class):
        return view_class.as_view(
            inspect_url_name=self.get_url_name("inspect"),
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<int:pk>/", self.action_view(RevokeView), name="revoke"),
            path("reissue/<int:pk>/", self.action_view(ReissueView), name="reissue"),
            path("download/<int:pk>/", self.action_view(DownloadView), name="download"),
        ]

    def get_permissions_to_register(self):
        # Add and delete mean nothing here: certificates are issued, not typed in.
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_certificate", "change_certificate"])
        )

    @property
    def url_finder_class(self):
        # Links to a certificate open its inspect view (there is no edit view).
        return type(
            "_CertificateURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )
