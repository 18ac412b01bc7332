"""The reports pages: the list, one report with filters, and its downloads.

Every report comes from the registry (``lms_register_reports``); access is
``portal_required`` plus the report's own ``is_available_to``; the rows are
the report's, built for the asking user's scope. Downloads go through
``lms.spreadsheets`` (formula-escaped) and each one is written to the audit
log with the report, format, filters and number of rows.
"""

from __future__ import annotations

import itertools
import tempfile

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import record
from lms.spreadsheets import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_lines,
    display_value,
    write_xlsx,
)
from portal.access import portal_required, request_scope
from portal.reports.filters import filters_for_log
from portal.reports.registry import reports, reports_for

#: Rows shown on the page; the downloads have them all.
PREVIEW_ROWS = 100
FORMATS = ("csv", "xlsx")
#: XLSX files are built in memory up to this size, then on disk.
SPOOL_BYTES = 8 * 1024 * 1024


@portal_required
def report_list(request):
    # Dicts, not the classes: a template would call a class.
    listed = [
        {
            "identifier": report.identifier,
            "title": report.title,
            "description": report.description,
        }
        for report in reports_for(request_scope(request))
    ]
    return render(request, "portal/reports/list.html", {"reports": listed})


@portal_required
def report_detail(request, identifier: str):
    report_class = reports.get(identifier)
    if report_class is None:
        raise Http404
    scope = request_scope(request)
    if not report_class.is_available_to(scope):
        raise PermissionDenied
    report = report_class(scope)
    file_format = request.GET.get("format", "")
    if file_format and file_format not in FORMATS:
        return HttpResponseBadRequest(_("Unknown format: use csv or xlsx."))

    form = report.filter_form(request.GET)
    if form is not None and form.is_bound and not form.is_valid():
        # Nothing is downloaded with filters that do not make sense.
        context = {"report": report, "form": form, "query": ""}
        return render(request, "portal/reports/detail.html", context, status=400)
    filters = form.cleaned_data if form is not None and form.is_bound else {}

    if file_format:
        return download(request, report, filters, file_format)

    rows = report.rows(filters)
    preview = list(itertools.islice(rows, PREVIEW_ROWS))
    if hasattr(rows, "close"):
        rows.close()
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "report": report,
        "form": form,
        "total": report.count(filters),
        "table": [display_row(report.columns, row) for row in preview],
        "preview_rows": PREVIEW_ROWS,
        "query": query.urlencode(),
    }
    return render(request, "portal/reports/detail.html", context)


def download(request, report, filters: dict, file_format: str):
    headings = [str(column.heading) for column in report.columns]
    stamp = timezone.localdate().isoformat()
    filename = f"{report.identifier}-{stamp}.{file_format}"
    if file_format == "csv":
        # Streamed: logged first, with the count the rows will have.
        log_download(request, report, filters, file_format, report.count(filters))
        response = StreamingHttpResponse(
            csv_lines(headings, report.rows(filters)), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    count = write_xlsx(output, headings, report.rows(filters), title=str(report.title))
    log_download(request, report, filters, file_format, count)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def log_download(request, report, filters: dict, file_format: str, count: int):
    record(
        "report.downloaded",
        actor=request.user,
        request=request,
        report=report.identifier,
        format=file_format,
        filters=filters_for_log(filters),
        rows=count,
    )


def display_row(columns, row) -> list[dict]:
    """Cells as the page shows them: dates in local time, numbers right-aligned."""
    return [
        {"value": display_value(value), "numeric": column.numeric}
        for column, value in zip(columns, row, strict=False)
    ]
