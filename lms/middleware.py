"""Middleware of the project."""

from django.middleware.gzip import GZipMiddleware

#: Already compressed: gzipping them again costs CPU, drops Content-Length and
#: slows a bulk ZIP download from disk speed to compression speed.
COMPRESSED_TYPES = ("application/pdf", "application/zip", "image/", "video/", "audio/")


class GZipTextMiddleware(GZipMiddleware):
    """Django's gzip, for text only: pages, CSS, JS, JSON and CSV."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
