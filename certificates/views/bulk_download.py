"""The bulk API: a streamed ZIP of the stored PDFs a signed-in user may see.

``POST /certificates/bulk/`` with the form fields ``code=...&code=...&course=ID&
status=valid&issued_from=YYYY-MM-DD&issued_to=YYYY-MM-DD`` (every field optional
and combined with AND; see ``certificates.bulk.BulkSelection``) and Django's
CSRF token. It is a POST because it writes: every answer puts "downloaded" on
record, and a GET could be set off by another site (an ``<img>`` pointing here)
in a signed-in reviewer's browser; GET answers 405. The selection is always
intersected with ``Certificate.objects.visible_to(request.user)``: a code the
user may not see is simply absent, never an error that would confirm it
exists. Answers:

- 200 ``application/zip``, streamed: the PDFs and ``manifest.csv``;
- 400 JSON ``{"errors": {field: [{"message", "code"}]}}`` for a bad parameter;
- 404 JSON ``{"errors": {"__all__": [...]}}`` when nothing visible matches;
- a redirect to the sign-in page for anonymous users.

A ``DOWNLOADED`` event is recorded for every certificate in the answer, in one
``bulk_create``, when the request is answered (a download that the client
breaks off midway is still on record: the audit errs on the side of
"downloaded").
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from certificates.bulk import BulkSelection, in_chunks, zip_stream
from certificates.models import Certificate, CertificateEvent

NOTHING_MATCHES = _("No certificate that you may download matches this request.")


@require_POST
@login_required
def bulk_download(request):
    selection = BulkSelection(request.POST)
    if not selection.is_valid():
        return JsonResponse(
            {"errors": selection.errors.get_json_data()},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    visible = selection.filter(Certificate.objects.visible_to(request.user))
    # The set is fixed now: the events and the ZIP cover exactly these rows,
    # however the data changes while the archive streams.
    ids = list(
        visible.order_by("course_id", "officer_name", "pk").values_list("pk", flat=True)
    )
    if not ids:
        return JsonResponse(
            {
                "errors": {
                    "__all__": [{"message": str(NOTHING_MATCHES), "code": "empty"}]
                }
            },
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    now = timezone.now()
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(
                certificate_id=pk,
                action=CertificateEvent.Action.DOWNLOADED,
                actor=request.user,
                at=now,
                detail={"via": "zip", "count": len(ids)},
            )
            for pk in ids
        ],
        batch_size=500,
    )
    response = StreamingHttpResponse(
        zip_stream(in_chunks(ids)), content_type="application/zip"
    )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="certificates-{stamp}.zip"'
    add_never_cache_headers(response)
    return response
