"""Compression: text goes out gzipped, PDFs and ZIPs as they are."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lms.middleware import GZipTextMiddleware

BODY = b"x" * 2000


@pytest.mark.parametrize(
    ("content_type", "gzipped"),
    [
        ("text/html; charset=utf-8", True),
        ("application/json", True),
        ("text/csv", True),
        ("application/pdf", False),
        ("application/zip", False),
        ("image/png", False),
    ],
)
def test_only_text_is_compressed(content_type, gzipped):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    middleware = GZipTextMiddleware(
        lambda r: HttpResponse(BODY, content_type=content_type)
    )

    response = middleware(request)

    assert (response.get("Content-Encoding") == "gzip") is gzipped
    assert (response.content == BODY) is not gzipped
