"""Byte-range answers (HTTP 206) for video and audio documents.

Wagtail's document serve view streams the whole file (a ``FileResponse``) and
ignores ``Range``. Browsers ask for ranges to seek in a video, and Safari
plays no video from a server that does not answer them. So, once the access
check has passed, :func:`partial_response` answers a single-range request for
a video or audio file itself; anything else (no ``Range``, several ranges, an
``If-Range`` that no longer matches, other file types) falls through to
Wagtail's full response, which the standard allows.

Text files (captions) are left to Wagtail: the gzip middleware compresses
them, and compressed bytes cannot be served by range.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import quote_etag

MEDIA_TYPES = ("video/", "audio/")
CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")
UNSATISFIABLE = "unsatisfiable"


def requested_span(header: str, size: int):
    """``(first, last)`` byte positions (inclusive) asked for by ``header``.

    ``None`` when the header is not one range this module serves (ignore it
    and send the whole file); :data:`UNSATISFIABLE` when it asks for bytes
    the file does not have.
    """
    match = _RANGE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # "bytes=-500": the last 500 bytes.
        length = int(last)
        if length == 0 or size == 0:
            return UNSATISFIABLE
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return UNSATISFIABLE
    return start, end


class RangeResponse(StreamingHttpResponse, HttpResponse):
    """A streaming response that Wagtail's hook runner accepts.

    Wagtail's serve view uses a hook's answer only if it is an
    ``HttpResponse``; a ``StreamingHttpResponse`` is not one. Streaming
    behaviour (``streaming``, iteration, async iteration) comes first in the
    MRO; ``HttpResponse`` only makes the ``isinstance`` check pass. Its
    ``__init__`` sets ``content`` to ``b""``, which is accepted and dropped.
    """

    @property
    def content(self):
        return StreamingHttpResponse.content.fget(self)

    @content.setter
    def content(self, value):
        if value:
            raise AttributeError("a streaming response has no content to set")


def _read(handle, length: int):
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK_SIZE, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def partial_response(request, document):
    """A 206 (or 416) answer to a range request for ``document``, or ``None``."""
    header = request.headers.get("Range")
    if not header or request.method not in ("GET", "HEAD"):
        return None
    if not document.content_type.startswith(MEDIA_TYPES):
        return None
    etag = quote_etag(document.file_hash) if document.file_hash else None
    if_range = request.headers.get("If-Range")
    if if_range is not None and (etag is None or if_range.strip() != etag):
        # The file changed since the browser's first part (or the validator
        # is a date): the whole file, as the standard says.
        return None
    try:
        size = document.file.size
    except OSError:
        return None  # Wagtail's own view reports the missing file.
    span = requested_span(header, size)
    if span is None:
        return None
    if span == UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = span
    length = end - start + 1
    if request.method == "HEAD":
        response = HttpResponse(status=206, content_type=document.content_type)
    else:
        handle = document.file.storage.open(document.file.name, "rb")
        handle.seek(start)
        response = RangeResponse(
            _read(handle, length), status=206, content_type=document.content_type
        )
    response["Content-Length"] = str(length)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    # The same protective headers as Wagtail's full response.
    response["Content-Disposition"] = document.content_disposition
    response["X-Content-Type-Options"] = "nosniff"
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    return response
