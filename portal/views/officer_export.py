"""The officer list as a CSV or XLSX file, with the list's filters applied.

``GET /portal/officers/export/csv/?unit=..&status=..`` (or ``xlsx``) gives
every officer the list would show with the same query string (all pages),
in the same order: the core officer columns first (``accounts.report_columns``),
then the rest of the profile and the counts the list shows. Scoping is the
list's (``officer_rows`` over ``officers_in_scope``), and so is access:
reviewers and admins only (``reviewer_required``). Each download is written
to the audit log (``officers.exported``) with its format, filters and rows.

Rows are read ``CHUNK`` officers at a time with their counts in one grouped
query per chunk (``with_progress``): the queries grow with chunks, not rows.
"""

from __future__ import annotations

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.report_columns import officer_core_columns
from audit.log import record
from lms.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_lines, write_xlsx
from portal.access import reviewer_required
from portal.views.officers import (
    PER_PAGE,
    OfficerFilterForm,
    officer_rows,
    with_progress,
)

FORMATS = ("csv", "xlsx")
#: Officers read per round trip (and per counting query).
CHUNK = 500
#: XLSX files are built in memory up to this size, then on disk.
SPOOL_BYTES = 8 * 1024 * 1024

#: Columns after the core ones, as (key, heading).
EXTRA_COLUMNS = (
    ("username", _("Username")),
    ("email", _("Email")),
    ("rank", _("Rank")),
    ("position", _("Position")),
    ("duty_station", _("Duty station")),
    ("enrolled", _("Courses enrolled")),
    ("completed", _("Completed")),
    ("overdue", _("Overdue")),
)


def headings() -> list[str]:
    core = officer_core_columns()
    return [str(h) for h in core.headings] + [str(h) for _k, h in EXTRA_COLUMNS]


def export_rows(user, filters: dict):
    """One row per officer of ``officer_rows(user, filters)``, in its order."""
    core = officer_core_columns()
    officers = officer_rows(user, filters).select_related("duty_station")
    course = filters.get("course")
    chunk: list = []
    for officer in officers.iterator(chunk_size=CHUNK):
        chunk.append(officer)
        if len(chunk) == CHUNK:
            yield from _rows(user, chunk, course, core)
            chunk = []
    yield from _rows(user, chunk, course, core)


def _rows(user, officers: list, course, core):
    for officer in with_progress(user, officers, course=course):
        station = officer.duty_station
        yield (
            *core.row(officer),
            officer.username,
            officer.email,
            officer.rank,
            officer.position,
            station.localized_name if station else "",
            officer.enrolled,
            officer.completed,
            officer.overdue,
        )


def _filters_for_log(filters: dict) -> dict:
    return {
        name: getattr(value, "pk", value)
        for name, value in filters.items()
        if value not in (None, "")
    }


@reviewer_required
def officer_export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    form = OfficerFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        # Never export "everything" for filters that did not make sense: show
        # the list with the errors, and nothing is downloaded.
        empty = Paginator([], PER_PAGE).get_page(1)
        context = {"form": form, "page_obj": empty, "is_filtered": True}
        return render(request, "portal/officers/list.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    count = officer_rows(request.user, filters).count()
    record(
        "officers.exported",
        actor=request.user,
        request=request,
        format=file_format,
        filters=_filters_for_log(filters),
        rows=count,
    )
    filename = f"officers-{timezone.localdate().isoformat()}.{file_format}"
    rows = export_rows(request.user, filters)
    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_lines(headings(), rows), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    write_xlsx(output, headings(), rows, title=str(_("Officers")))
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
