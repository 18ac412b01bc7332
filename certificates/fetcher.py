"""A locked-down URL fetcher for WeasyPrint: the platform's own files only.

A certificate layout (a plugin's template) or a printed value must never make
the renderer read a local file or reach another host. The fetcher therefore
answers exactly three kinds of URL and refuses everything else:

- ``<LMS_PUBLIC_BASE_URL><STATIC_URL>path``: a static file, found by the
  staticfiles finders (the apps' ``static/`` folders) or in ``STATIC_ROOT``;
- ``<LMS_PUBLIC_BASE_URL><MEDIA_URL>name``: an image (logos, signatures) in
  the default (media) storage, which may also hold private documents;
- ``data:`` URIs.

The HTML is rendered with ``LMS_PUBLIC_BASE_URL`` as its base URL, so the
``/static/...`` and ``/media/...`` URLs that ``{% static %}`` and image
renditions produce resolve to those prefixes and are mapped back to files here,
without any network request. Names with ``..``, ``.`` or empty segments, NUL
bytes or backslashes are refused, and the real path of the file (symlinks
resolved) must lie inside the root it was found in.

A refusal raises :class:`ResourceRefused` (a ``ValueError``): WeasyPrint logs it
and renders the page without that resource.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: Larger resources are refused: a certificate needs logos and fonts, not posters.
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
#: Media may hold private documents: only images (logos, signatures) are served.
MEDIA_IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"}
)


class ResourceRefused(ValueError):
    """The URL is outside the platform's static and media files."""


def _absolute_prefix(base_url: str, prefix: str) -> tuple[str, str, str]:
    """``(scheme, netloc, path)`` of ``prefix`` (``/static/``) under ``base_url``."""
    url = urlsplit(urljoin(base_url.rstrip("/") + "/", prefix))
    path = url.path if url.path.endswith("/") else url.path + "/"
    return url.scheme.lower(), url.netloc.lower(), path


def _safe_name(encoded: str) -> str:
    """The relative file name in ``encoded`` (URL-quoted), or refuse it."""
    name = unquote(encoded)
    segments = name.split("/")
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or any(segment in ("", ".", "..") for segment in segments)
    ):
        raise ResourceRefused(f"Refused file name {name!r}")
    return name


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _real(path: str | os.PathLike) -> Path:
    return Path(os.path.realpath(path))


def static_roots() -> list[Path]:
    """The real paths of every folder static files may come from."""
    from django.contrib.staticfiles import finders

    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(_real(location))
    if settings.STATIC_ROOT:
        roots.append(_real(settings.STATIC_ROOT))
    return roots


def find_static(name: str) -> Path:
    """The file behind the static path ``name`` (``app/file.css``), or refuse."""
    from django.contrib.staticfiles import finders

    name = _safe_name(name)
    roots = static_roots()
    candidates = []
    found = finders.find(name)
    if found:
        candidates.append(found)
    if settings.STATIC_ROOT:
        # Collected files, including the hashed names of manifest storages.
        candidates.append(os.path.join(settings.STATIC_ROOT, name))
    for candidate in candidates:
        real = _real(candidate)
        if real.is_file() and any(_inside(real, root) for root in roots):
            return real
    raise ResourceRefused(f"No static file {name!r}")


def find_media(name: str):
    """``(path, None)`` or ``(None, bytes)`` for the media file ``name``, or refuse.

    A file-system storage gives a real path checked against its location; other
    storages (object stores) are read through the storage API, which does its
    own name validation.
    """
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.files.storage import default_storage

    name = _safe_name(name)
    if Path(name).suffix.lower() not in MEDIA_IMAGE_SUFFIXES:
        raise ResourceRefused(f"Only images are served from media, not {name!r}")
    try:
        path = default_storage.path(name)
    except SuspiciousFileOperation as error:
        raise ResourceRefused(f"Refused media name {name!r}") from error
    except NotImplementedError:
        path = None
    if path is None:
        try:
            with default_storage.open(name, "rb") as file:
                data = file.read(MAX_RESOURCE_BYTES + 1)
        except (OSError, SuspiciousFileOperation) as error:
            raise ResourceRefused(f"No media file {name!r}") from error
        return None, data
    root = _real(default_storage.location)
    real = _real(path)
    if not (real.is_file() and _inside(real, root)):
        raise ResourceRefused(f"No media file {name!r}")
    return real, None


class LockedURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher serving only static files, media files and ``data:``.

    :param base_url: the public base URL the HTML is rendered against (defaults
        to ``settings.LMS_PUBLIC_BASE_URL``).
    """

    def __init__(self, base_url: str | None = None):
        # No redirects, no protocols: the parent's opener is only used for
        # ``data:`` URIs, which urllib decodes without any I/O.
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self._base_url = base_url

    @property
    def base_url(self) -> str:
        # Read at each fetch: a render process lives longer than a setting.
        return self._base_url or settings.LMS_PUBLIC_BASE_URL

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url)
        except ResourceRefused as error:
            logger.warning("Certificate resource refused: %s (%s)", url[:200], error)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url)
        try:
            parts = urlsplit(url)
        except ValueError as error:
            raise ResourceRefused("Malformed URL") from error
        if parts.scheme.lower() not in ("http", "https"):
            raise ResourceRefused(f"Scheme {parts.scheme!r} is not allowed")
        base = self.base_url
        prefixes = (
            (_absolute_prefix(base, settings.STATIC_URL), "static"),
            (_absolute_prefix(base, settings.MEDIA_URL), "media"),
        )
        for (scheme_, netloc, path), kind in prefixes:
            if (
                parts.scheme.lower() == scheme_
                and parts.netloc.lower() == netloc
                and parts.path.startswith(path)
            ):
                name = parts.path[len(path) :]
                if kind == "static":
                    return self._response(url, find_static(name), None)
                return self._response(url, *find_media(name))
        raise ResourceRefused("Not a static or media URL of this platform")

    def _response(self, url: str, path: Path | None, data: bytes | None):
        if path is not None:
            if path.stat().st_size > MAX_RESOURCE_BYTES:
                raise ResourceRefused(f"{path.name} is too large")
            data = path.read_bytes()
        elif len(data) > MAX_RESOURCE_BYTES:
            raise ResourceRefused("Media file is too large")
        name = path.name if path is not None else urlsplit(url).path
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type == "text/css":
            content_type = "text/css; charset=utf-8"
        return URLFetcherResponse(url, data, headers={"Content-Type": content_type})
