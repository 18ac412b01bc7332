"""The audit log in the Wagtail admin: a read-only list and one page per event.

There is no add, edit or delete view, and no URL for one: the log is only
ever written by ``audit.log.record`` (and the model refuses changes anyway).
The log is open to platform admins and to whoever holds the
``audit.view_auditevent`` permission, which an admin gives deliberately
(an "Auditors" group, say); no demo or default group has it. Holding the
permission means reading the whole log.

Each action reads as a sentence in the reader's language (``audit.sentences``),
written from the stored code and details when the page is shown; the code
stays in a column of its own and is what the "Action" filter matches. The
list downloads as CSV or XLSX (``lms.spreadsheets``: formula-escaped, ISO
dates in CSV) with the list's filters, the sentence and the code side by side.
"""

from __future__ import annotations

import json
import tempfile

import django_filters
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts.models import Organisation, User
from accounts.scope import organisation_ids_under
from accounts.viewsets import RefusedWith403
from audit.models import AuditEvent
from audit.sentences import sentence, sentences_for
from lms.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_lines, write_xlsx

#: Events read per round trip (and per sentence lookup) while exporting.
EXPORT_CHUNK = 500


class AuditLogPolicy(ModelPermissionPolicy):
    """Only "view" exists for the log: nobody may add, change or delete, not even
    a superuser (for whom Django's ``has_perm`` would otherwise say yes)."""

    def user_has_permission(self, user, action):
        return (
            action == "view"
            and bool(user.is_active)
            and super().user_has_permission(user, action)
        )

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return super().users_with_any_permission(["view"])


def events_for(user):
    """The events ``user`` may read here: all of them with the permission, else none."""
    if user.is_active and user.has_perm("audit.view_auditevent"):
        # The permission is the grant: auditors read the whole log.
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()


def recorded_actions() -> list[tuple[str, str]]:
    actions = (
        AuditEvent.objects.order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    return [(action, action) for action in actions]


def actors(request):
    """Users who appear as the actor of at least one event."""
    return User.objects.filter(
        pk__in=AuditEvent.objects.filter(actor__isnull=False).values("actor_id")
    ).order_by("username")


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(choices=recorded_actions, label=_("Action"))
    actor = django_filters.ModelChoiceFilter(queryset=actors, label=_("Who"))
    at = django_filters.DateFromToRangeFilter(
        label=_("When"), widget=DateRangePickerWidget
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.order_by("name"),
        method="filter_organisation",
        label=_("Organisation (with its units)"),
    )

    class Meta:
        model = AuditEvent
        fields = []

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(organisation_id__in=organisation_ids_under(value.pk))


def when(event) -> str:
    return formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")


def action_sentence(event) -> str:
    """The sentence set on the page's events (:meth:`AuditIndexView.paginate_queryset`),
    else written for this one event."""
    return getattr(event, "sentence", None) or sentence(event)


EXPORT_HEADINGS = (
    _("When"),
    _("Who"),
    _("Action"),
    _("Action code"),
    _("Object"),
    _("Organisation"),
    _("IP address"),
)


def export_rows(events):
    """One row per event (``EXPORT_HEADINGS``), sentences written a chunk at a time."""
    chunk: list = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) == EXPORT_CHUNK:
            yield from _export_chunk(chunk)
            chunk = []
    yield from _export_chunk(chunk)


def _export_chunk(events: list):
    for event, text in zip(events, sentences_for(events), strict=True):
        organisation = event.organisation
        yield (
            event.at,
            event.actor_name,
            text,
            event.action,
            event.target_label,
            organisation.localized_name if organisation else "",
            event.ip_address or "",
        )


class AuditIndexView(RefusedWith403, generic.IndexView):
    page_title = _("Audit log")
    # Enables Wagtail's "Download CSV/XLSX" buttons; the files themselves are
    # written by as_spreadsheet() below, through lms.spreadsheets.
    list_export = ["at", "actor_name", "action", "target_label", "organisation"]
    export_filename = "audit-log"

    def get_base_queryset(self):
        return events_for(self.request.user).select_related("organisation")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, objects, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        # The page's sentences in one go: course and organisation names are
        # read once for the page, not once per row.
        objects = list(objects)
        for event, text in zip(objects, sentences_for(objects), strict=True):
            event.sentence = text
        page.object_list = objects
        return paginator, page, objects, is_paginated

    def as_spreadsheet(self, queryset, spreadsheet_format):
        headings = [str(heading) for heading in EXPORT_HEADINGS]
        stamp = timezone.localdate().isoformat()
        filename = f"{self.export_filename}-{stamp}.{spreadsheet_format}"
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(
                csv_lines(headings, export_rows(queryset)),
                content_type=CSV_CONTENT_TYPE,
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        write_xlsx(output, headings, export_rows(queryset), title=str(_("Audit log")))
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)
        return [
            title(
                "at",
                label=_("When"),
                accessor=when,
                sort_key="at",
                get_url=self.get_inspect_url,
            ),
            Column("actor_name", label=_("Who"), sort_key="actor_name"),
            Column("sentence", label=_("Action"), accessor=action_sentence),
            Column("action", label=_("Action code"), sort_key="action"),
            Column("target_label", label=_("Object")),
            Column("organisation", label=_("Organisation")),
        ]


class AuditInspectView(RefusedWith403, generic.InspectView):
    def get_object(self, queryset=None):
        # Called in setup(), before the permission check: someone refused
        # gets 403 from dispatch(), not a 404 that would hide the refusal.
        if not self.user_has_permission("view"):
            return None
        return get_object_or_404(events_for(self.request.user), pk=self.pk)

    def get_at_display_value(self):
        return when(self.object)

    def get_action_display_value(self):
        return format_html(
            "{}<br><code>{}</code>", sentence(self.object), self.object.action
        )

    def get_details_display_value(self):
        text = json.dumps(
            self.object.details, indent=2, ensure_ascii=False, sort_keys=True
        )
        return format_html("<pre>{}</pre>", text)


class AuditLogViewSet(ModelViewSet):
    """Index (with filters, search, pagination) and inspect; nothing else."""

    model = AuditEvent
    name = "audit_log"
    url_prefix = "audit-log"
    icon = "history"
    menu_label = _("Audit log")
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "at",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "organisation",
        "ip_address",
        "details",
    ]
    copy_view_enabled = False
    filterset_class = AuditEventFilterSet
    search_fields = ["actor_name", "action", "target_label"]

    @cached_property
    def menu_hook(self):
        return "register_reports_menu_item"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self):
        # Written out rather than inherited: no add, edit, delete, history
        # or usage URL exists at all.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
