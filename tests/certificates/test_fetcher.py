"""The renderer's URL fetcher serves the platform's static and media files only."""

from __future__ import annotations

import copy
import logging
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from certificates import rendering
from certificates.fetcher import LockedURLFetcher, ResourceRefused
from certificates.hooks import certificate_layouts
from certificates.layouts.classic import ClassicLayout
from tests.certificates.pdf_helpers import fixed_data, image_count, pdfinfo

BASE = settings.LMS_PUBLIC_BASE_URL.rstrip("/")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
    b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def fetcher():
    return LockedURLFetcher()


@pytest.fixture
def media_file():
    name = default_storage.save("tests/fetcher/logo.png", ContentFile(PNG))
    yield name
    default_storage.delete(name)


# Served -----------------------------------------------------------------------


def test_serves_static_files(fetcher):
    response = fetcher.fetch(f"{BASE}/static/certificates/layouts/classic.css")

    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_serves_the_certificate_fonts(fetcher):
    response = fetcher.fetch(f"{BASE}/static/certificates/fonts/NotoSansKhmer-Bold.ttf")

    assert response.read(4) == b"\x00\x01\x00\x00"


def test_serves_media_files(fetcher, media_file):
    response = fetcher.fetch(f"{BASE}{default_storage.url(media_file)}")

    assert response.read() == PNG
    assert response.content_type == "image/png"


def test_serves_data_uris(fetcher):
    response = fetcher.fetch("data:text/plain;base64,aGVsbG8=")

    assert response.read() == b"hello"


# Refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/static/certificates/layouts/classic.css",
        # The platform's host on another port or scheme is another host.
        BASE.replace("://", "://evil.") + "/static/certificates/layouts/classic.css",
        "ftp://example.com/logo.png",
        "gopher://127.0.0.1:6379/_INFO",
        "javascript:alert(1)",
        "/etc/passwd",
        f"{BASE}/static/../../etc/passwd",
        f"{BASE}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE}/static/certificates/..%2f..%2f..%2fetc/passwd",
        f"{BASE}/static/%2fetc%2fpasswd",
        f"{BASE}/static//etc/passwd",
        f"{BASE}/static/certificates\\..\\..\\settings.py",
        f"{BASE}/static/certificates/%00.css",
        f"{BASE}/media/../../etc/passwd",
        f"{BASE}/media/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE}/media/..",
        f"{BASE}/media/",
        f"{BASE}/static/does-not-exist.css",
        f"{BASE}/admin/login/",
        f"{BASE}/lms/settings/base.py",
    ],
)
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)


def test_serves_only_images_from_media(fetcher):
    name = default_storage.save("tests/fetcher/private.pdf", ContentFile(b"%PDF-1.7"))
    try:
        with pytest.raises(ResourceRefused, match="Only images"):
            fetcher.fetch(f"{BASE}{default_storage.url(name)}")
    finally:
        default_storage.delete(name)


def test_refuses_a_symlink_out_of_media(fetcher, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for certificates")
    link = default_storage.path("tests/fetcher/escape.png")
    os.makedirs(os.path.dirname(link), exist_ok=True)
    os.symlink(secret, link)
    try:
        with pytest.raises(ResourceRefused):
            fetcher.fetch(f"{BASE}{settings.MEDIA_URL}tests/fetcher/escape.png")
    finally:
        os.unlink(link)


def test_refuses_a_symlink_out_of_a_static_folder(fetcher, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: red }")
    (static / "escape.css").symlink_to("/etc/passwd")

    with override_settings(STATICFILES_DIRS=[str(static)]):
        assert b"color" in fetcher.fetch(f"{BASE}/static/ok.css").read()
        with pytest.raises(ResourceRefused):
            fetcher.fetch(f"{BASE}/static/escape.css")


def test_refusals_are_logged(fetcher, caplog):
    with caplog.at_level(logging.WARNING, logger="certificates.fetcher"):
        with pytest.raises(ResourceRefused):
            fetcher.fetch("file:///etc/passwd")

    assert "file:///etc/passwd" in caplog.text


# In a render -----------------------------------------------------------------------


HOSTILE_TEMPLATE = """<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="file:///etc/passwd">
<style>
  body { background: url("file:///etc/passwd"); }
  p { background: url("http://example.com/tracker.png"); }
</style>
</head><body>
<p>{{ certificate.officer_name }}</p>
<img src="file:///etc/passwd">
<img src="file:///usr/share/pixmaps/debian-logo.png">
<img src="http://example.com/logo.png">
<img src="/static/../../../../etc/passwd">
<img src="/media/../../../etc/hostname">
<img src="{{ good_logo }}">
<iframe src="file:///etc/passwd"></iframe>
<a rel="attachment" href="file:///etc/passwd">passwd</a>
<link rel="attachment" href="/media/tests/fetcher/private.pdf">
<object data="file:///etc/passwd"></object>
<embed src="file:///etc/passwd">
<svg width="10" height="10">
  <image href="file:///etc/passwd" width="10" height="10"/>
</svg>
</body></html>
"""


class HostileLayout(ClassicLayout):
    identifier = "hostile-test"
    label = "Hostile"
    template_name = "hostile.html"
    stylesheets = ()

    def __init__(self, good_logo: str):
        self.good_logo = good_logo

    def get_context(self, data):
        return {**super().get_context(data), "good_logo": self.good_logo}


@pytest.fixture
def hostile_templates(tmp_path):
    (tmp_path / "hostile.html").write_text(HOSTILE_TEMPLATE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path), *templates[0].get("DIRS", [])]
    with override_settings(TEMPLATES=templates):
        yield


def test_a_hostile_template_renders_without_the_refused_resources(
    hostile_templates, media_file, caplog
):
    private = default_storage.save(
        "tests/fetcher/private.pdf", ContentFile(b"%PDF-1.7 private")
    )
    layout = HostileLayout(good_logo=default_storage.url(media_file))
    try:
        with certificate_layouts.temporarily(layout), caplog.at_level(logging.WARNING):
            pdf = rendering.render_pdf(fixed_data(), layout="hostile-test")
    finally:
        default_storage.delete(private)

    assert pdfinfo(pdf)["pages"] == 1
    # Only the platform's own media file is embedded; nothing from elsewhere.
    assert image_count(pdf) == 1
    assert b"root:" not in pdf
    assert b"/EmbeddedFile" not in pdf  # no attachments either
    assert "file:///etc/passwd" in caplog.text
    assert "http://example.com/logo.png" in caplog.text
