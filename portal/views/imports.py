"""Importing officers from a spreadsheet: upload, check, confirm.

Reviewers and admins upload a CSV or XLSX file; a background task checks it
(``portal.import_jobs``) and the job page shows what would change, or every
bad row. Confirming queues the import itself. Jobs are found through
``Job.objects.visible_to(request.user)`` (another user's job: 404), and only
the requester may confirm one: the import runs with the requester's scope.

The upload page lists the units the user may import into, with their codes,
and offers them as a blank XLSX template and as CSV: the ``unit`` column
takes a code or a name, and people need to see both.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.importing import COLUMNS
from accounts.importing.checking import has_khmer
from accounts.importing.reading import max_bytes, max_rows
from accounts.importing.template_file import (
    template_workbook,
    unit_headings,
    unit_rows,
)
from accounts.importing.units import example_code, units_in_scope
from lms.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_lines
from portal.access import request_scope, reviewer_required
from portal.import_jobs import CHECK, check_officer_import, confirm
from portal.models import Job

#: Rows of the errors or changes table per page.
PER_PAGE = 100
#: Import jobs listed on the upload page.
RECENT_JOBS = 20
ALLOWED_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name).suffix.lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file (this one is %(name)s).")
                % {"name": upload.name},
                code="extension",
            )
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it in parts.")
                % {"limit": max_bytes() // (1024 * 1024)},
                code="size",
            )
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload


def _import_jobs(request):
    return Job.objects.visible_to(request.user).filter(kind=Job.Kind.OFFICER_IMPORT)


@reviewer_required
def imports(request):
    """The upload form, the column layout and the user's recent imports."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = Job(
            kind=Job.Kind.OFFICER_IMPORT,
            requested_by=request.user,
            source_name=PurePath(upload.name).name[:255],
            params={"stage": CHECK},
        )
        extension = PurePath(upload.name).suffix.lower()
        # Stored under a fixed name: the original is kept in source_name.
        job.source.save(f"officers{extension}", upload, save=False)
        job.save()
        job_id = str(job.pk)
        transaction.on_commit(lambda: check_officer_import.enqueue(job_id))
        return redirect("portal:import", pk=job.pk)
    jobs = _import_jobs(request).filter(requested_by=request.user)[:RECENT_JOBS]
    units = units_in_scope(request_scope(request))
    # A real code from the user's own units, never a made-up one.
    example = example_code(units)
    return render(
        request,
        "portal/imports/index.html",
        {
            "form": form,
            "jobs": jobs,
            "units": units,
            "unit_rows": unit_rows(units),
            "example_file": _example_file(units),
            "columns": [
                {
                    "key": column.key,
                    "description": column.describe(example),
                    # Split by script so each list can carry its lang attribute.
                    "aliases": [a for a in column.aliases if not has_khmer(a)],
                    "aliases_km": [a for a in column.aliases if has_khmer(a)],
                }
                for column in COLUMNS
            ],
            "max_rows": max_rows(),
            "max_megabytes": max_bytes() // (1024 * 1024),
        },
        status=400 if form.is_bound else 200,
    )


def _example_file(units) -> str:
    """The first lines of a file that would import one officer into a unit
    of the user's, by the unit's English name (as people usually write)."""
    if not units:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["staff_id", "email", "full_name", "full_name_km", "unit"])
    writer.writerow(["100234", "", "Sok Dara", "សុខ ដារា", units[0].name])
    return out.getvalue()


@require_GET
@reviewer_required
def import_template(request):
    """A blank import file (XLSX) listing the user's units on a second sheet."""
    data = template_workbook(units_in_scope(request_scope(request)))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        'attachment; filename="officer-import-template.xlsx"'
    )
    add_never_cache_headers(response)
    return response


@require_GET
@reviewer_required
def import_units(request):
    """The units the user may import into, with their codes, as CSV."""
    rows = unit_rows(units_in_scope(request_scope(request)))
    response = StreamingHttpResponse(
        csv_lines(unit_headings(), rows), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="units.csv"'
    add_never_cache_headers(response)
    return response


@reviewer_required
def import_job(request, pk):
    """One import: progress while it runs, then the errors or the changes."""
    job = get_object_or_404(_import_jobs(request).select_related("requested_by"), pk=pk)
    result = job.result or {}
    counts = result.get("counts") or {}
    errors = result.get("errors") or []
    changes = result.get("changes") or []
    rows = errors if errors else changes
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    stage = job.params.get("stage", CHECK)
    response = render(
        request,
        "portal/imports/job.html",
        {
            "job": job,
            "stage": stage,
            "running": job.status in (Job.Status.QUEUED, Job.Status.RUNNING),
            "counts": counts,
            "applied": result.get("applied", False),
            "showing_errors": bool(errors),
            "page": page,
            "more_errors": max(0, counts.get("errors", 0) - len(errors)),
            "more_changes": max(0, result.get("changes_total", 0) - len(changes)),
            "may_confirm": job.status == Job.Status.PREVIEWED
            and job.requested_by_id == request.user.pk,
        },
    )
    add_never_cache_headers(response)
    return response


@require_POST
@reviewer_required
def import_apply(request, pk):
    """Confirm a checked import: ``previewed`` -> ``queued`` once, then import."""
    job = get_object_or_404(_import_jobs(request), pk=pk)
    if job.requested_by_id != request.user.pk:
        messages.error(request, _("Only the person who uploaded a file can import it."))
    elif not confirm(job, request.user):
        messages.info(request, _("This import was already confirmed."))
    return redirect("portal:import", pk=job.pk)
