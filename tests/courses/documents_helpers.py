"""Documents for tests: real files in the test media storage, no mocks."""

from __future__ import annotations

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

WEBVTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nGood morning. Where are you going?\n"
WEBVTT_KM = "WEBVTT\n\n00:00.000 --> 00:04.000\nសួស្តី។ តើអ្នកធ្វើដំណើរទៅណា?\n"


def make_document(filename: str, content: bytes | str = b"", *, title=None):
    """A saved document holding ``content`` (bytes, or text saved as UTF-8)."""
    if isinstance(content, str):
        content = content.encode()
    document = get_document_model()(
        title=title or filename, file=ContentFile(content or b"x", name=filename)
    )
    document._set_document_file_metadata()  # size and hash, as an upload sets them
    document.save()
    return document
