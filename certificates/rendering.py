"""Certificate PDFs with WeasyPrint: one A4 landscape page per certificate.

Rendering is fast because each process keeps its render state for its whole
life (:class:`RenderState`): one WeasyPrint ``FontConfiguration`` holding the
static certificate fonts (``manage.py build_fonts``), every layout's
stylesheets parsed once against it, and an image cache reused across renders.
With HarfBuzz subsetting (``libharfbuzz-subset0``, see ``certificates.W001``)
a render takes tens of milliseconds instead of over half a second.

Only the platform's own static and media files can be loaded
(``certificates.fetcher``). Printed values are checked first
(:func:`validate_data`): anything printable renders, and what cannot be
printed is refused with a message, never a crash.

PDFs are tagged PDF/UA-1 with the document's language, and every text run
carries its text as ``/ActualText``, so that Khmer copied or searched in the
PDF is the source text (``certificates.pdf_text``).

This module renders unsigned PDFs in the calling process. Issued certificates
go through ``certificates.render_pool``, which adds time and memory limits and
the signature.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import islice
from urllib.parse import urljoin

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates import pdf_text
from certificates.layouts.base import CertificateData, CertificateLayout

#: Longest printed text (a name, a title) accepted, in characters.
MAX_TEXT_LENGTH = 300
#: Pages in one merged print-pack PDF: memory grows about 0.5 MiB per page.
MAX_PACK_PAGES = 500
DEFAULT_LAYOUT = "classic"

# Zero-width space, non-joiner and joiner: Khmer spelling needs them.
_ALLOWED_FORMAT = frozenset("\u200b\u200c\u200d")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Images kept per process; logos and signatures repeat across certificates.
_IMAGE_CACHE_LIMIT = 64


class RenderError(Exception):
    """A certificate cannot be rendered; ``str(error)`` is a message for people.

    Raised for refused data (see :func:`validate_data`), a render that is too
    slow or too large (``certificates.render_pool``) and WeasyPrint failures.
    """

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)

    def __reduce__(self):
        # Crosses the process boundary of the render pool.
        return (type(self), (self.message,))


class RenderMemoryError(RenderError):
    """The render needed more memory than ``CERTIFICATE_RENDER_MEMORY_MB``."""


# Validation -------------------------------------------------------------------


def _printed_texts(data: CertificateData) -> Iterator[tuple[str, str]]:
    yield _("the officer's name (Latin script)"), data.officer_name
    yield _("the officer's name (Khmer script)"), data.officer_name_km
    yield _("the course title (English)"), data.course_title
    yield _("the course title (Khmer)"), data.course_title_km
    yield _("the edition"), data.edition
    yield _("the issuer (English)"), data.issuer_name
    yield _("the issuer (Khmer)"), data.issuer_name_km
    for signatory in data.signatories:
        yield _("a signatory's name"), signatory.name
        yield _("a signatory's name (Khmer)"), signatory.name_km
        yield _("a signatory's title"), signatory.title
        yield _("a signatory's title (Khmer)"), signatory.title_km
    for logo in data.logos:
        yield _("a logo's alternative text"), logo.alt_text


def _unprintable(text: str) -> str | None:
    """The first character of ``text`` that cannot be printed, or ``None``."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (
            category == "Cf"
            and char not in _ALLOWED_FORMAT
            # Tag characters spell the subdivision flags of emoji sequences.
            and not 0xE0020 <= ord(char) <= 0xE007F
        ):
            return char
    return None


def validate_data(data: CertificateData) -> None:
    """Refuse what cannot be printed, with a message that says what and where.

    Refused: texts over 300 characters; control and format characters (other
    than the zero-width space, non-joiner and joiner that Khmer uses, and the
    tag characters of emoji flags), which include bidirectional overrides that
    could disguise a name; unpaired surrogates. Every script, emoji and
    combining mark is accepted.
    """
    for label, text in _printed_texts(data):
        text = text or ""
        if len(text) > MAX_TEXT_LENGTH:
            raise RenderError(
                gettext(
                    "%(field)s is %(length)d characters long; a certificate prints "
                    "at most %(limit)d. Shorten it and try again."
                )
                % {
                    "field": _capitalised(label),
                    "length": len(text),
                    "limit": MAX_TEXT_LENGTH,
                }
            )
        char = _unprintable(text)
        if char is not None:
            raise RenderError(
                gettext(
                    "%(field)s contains an invisible control character "
                    "(U+%(code)04X) that cannot be printed. Retype it without "
                    "that character and try again."
                )
                % {"field": _capitalised(label), "code": ord(char)}
            )


def _capitalised(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def _colour(value: str, default: str) -> str:
    return value if isinstance(value, str) and _HEX_COLOUR.match(value) else default


def clean_data(data: CertificateData) -> CertificateData:
    """``data`` with colours that are not ``#rrggbb`` replaced by the defaults.

    Colours go into a stylesheet, so nothing else may pass.
    """
    defaults = {f.name: f.default for f in dataclasses.fields(CertificateData)}
    primary = _colour(data.primary_colour, defaults["primary_colour"])
    accent = _colour(data.accent_colour, defaults["accent_colour"])
    if (primary, accent) == (data.primary_colour, data.accent_colour):
        return data
    return dataclasses.replace(data, primary_colour=primary, accent_colour=accent)


# Layouts ----------------------------------------------------------------------


def layout_identifier(data: CertificateData) -> str:
    """The layout ``data`` asks for (its design's), or ``""``."""
    return data.layout or ""


def get_layout(identifier: str | None) -> CertificateLayout:
    """The installed layout ``identifier``; the built-in classic one otherwise."""
    from certificates.hooks import certificate_layouts

    layout = certificate_layouts.get(identifier) if identifier else None
    if layout is None:
        layout = certificate_layouts.get(DEFAULT_LAYOUT)
    if layout is None:  # the hook has not been registered (a bare test setup)
        from certificates.layouts.classic import ClassicLayout

        layout = ClassicLayout()
    return layout


# Per-process render state -----------------------------------------------------


def public_url(path: str) -> str:
    """``path`` (``/static/...``) as an absolute URL under LMS_PUBLIC_BASE_URL."""
    return urljoin(settings.LMS_PUBLIC_BASE_URL.rstrip("/") + "/", path)


def static_url(name: str) -> str:
    """The absolute URL of the static file ``name`` (``app/file.css``)."""
    from django.templatetags.static import static

    try:
        url = static(name)
    except ValueError:  # a manifest storage that has not collected it
        url = settings.STATIC_URL + name
    return public_url(url)


def font_face_css() -> str:
    """``@font-face`` rules for the static certificate fonts."""
    from lms.fonts import CERTIFICATE_FONTS, CERTIFICATE_FONTS_STATIC_PREFIX

    return "\n".join(
        "@font-face {"
        f' font-family: "{font.family}"; font-weight: {font.weight};'
        " font-style: normal;"
        f' src: url("{static_url(CERTIFICATE_FONTS_STATIC_PREFIX + font.filename)}");'
        " }"
        for font in CERTIFICATE_FONTS
    )


class RenderState:
    """What one process reuses for every render, for its whole life."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from certificates.fetcher import LockedURLFetcher
        from lms import fonts

        missing = fonts.missing_certificate_fonts(fonts.CERTIFICATE_FONTS_DIR)
        if any(path.suffix == ".ttf" for path in missing):
            # Without them Khmer would print as boxes: refuse rather than issue
            # a broken certificate (the check certificates.W002 says the same).
            raise RenderError(
                gettext(
                    "The certificate fonts have not been built. An administrator "
                    "must run: python manage.py build_fonts"
                )
            )
        # Khmer text copied or searched in the PDF must be the source text.
        pdf_text.install()
        # One line per step of every render is noise; warnings still show.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        self.pid = os.getpid()
        self.font_config = FontConfiguration()
        self.fetcher = LockedURLFetcher()
        self.image_cache: dict = {}
        self.renders = 0
        # Pango and the font configuration are not thread-safe: renders in one
        # process (a threaded web server's previews) take turns.
        self.lock = threading.RLock()
        self.font_css = CSS(
            string=font_face_css(),
            base_url=public_url(settings.STATIC_URL),
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )
        self._stylesheets: dict[str, list] = {}
        atexit.register(self.close)

    def close(self) -> None:
        """Remove the fonts WeasyPrint copied into a temporary folder.

        Runs at exit; WeasyPrint's own finaliser fails at interpreter shutdown.
        Render processes are killed rather than exited: their folder lives in
        one the pool removes (``certificates.render_pool``).
        """
        folder = getattr(self.font_config, "_folder", None)
        if folder is not None and self.pid == os.getpid():
            shutil.rmtree(folder, ignore_errors=True)
        self.font_config._folder = None

    def stylesheets(self, layout: CertificateLayout) -> list:
        """The fonts' and ``layout``'s stylesheets, parsed on first use."""
        from weasyprint import CSS

        parsed = self._stylesheets.get(layout.identifier)
        if parsed is None:
            parsed = [self.font_css] + [
                CSS(
                    url=static_url(path),
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                )
                for path in layout.stylesheets
            ]
            self._stylesheets[layout.identifier] = parsed
        return parsed

    def render_options(self) -> dict:
        if len(self.image_cache) > _IMAGE_CACHE_LIMIT:
            self.image_cache.clear()
        return {"cache": self.image_cache}


_state: RenderState | None = None
_state_lock = threading.Lock()
# States inherited from a parent process: kept alive, never finalised here.
_inherited: list[RenderState] = []


def render_state() -> RenderState:
    """This process's render state, created on first use (and after a fork)."""
    global _state
    state = _state
    if state is not None and state.pid == os.getpid():
        return state
    with _state_lock:
        if _state is not None and _state.pid != os.getpid():
            # The font configuration's temporary folder belongs to the parent:
            # finalising the copy here would delete the parent's fonts.
            _state.font_config._folder = None
            _inherited.append(_state)
            _state = None
        if _state is None:
            _state = RenderState()
        return _state


def reset_render_state() -> None:
    """Forget this process's render state (tests; after a layout is changed)."""
    global _state
    with _state_lock:
        old, _state = _state, None
    if old is not None and old.pid == os.getpid():
        with old.lock:
            old.close()
        atexit.unregister(old.close)


#: Settings the render state depends on; changing one (in tests) resets it.
RENDER_SETTINGS = frozenset(
    {
        "LMS_PUBLIC_BASE_URL",
        "STATIC_URL",
        "STATIC_ROOT",
        "STATICFILES_DIRS",
        "STATICFILES_FINDERS",
        "MEDIA_URL",
        "MEDIA_ROOT",
        "STORAGES",
        "TEMPLATES",
        "INSTALLED_APPS",
    }
)


@receiver(setting_changed, dispatch_uid="certificates.rendering.settings")
def _settings_changed(setting, **kwargs):
    if setting in RENDER_SETTINGS:
        reset_render_state()


# Rendering --------------------------------------------------------------------


def _template_context(layout: CertificateLayout, data: CertificateData) -> dict:
    from certificates.qr import qr_svg

    context = layout.get_context(data)
    context.setdefault("certificate", data)
    context.setdefault("layout", layout)
    context["qr_svg"] = qr_svg(
        data.verification_url, title=gettext("Verification QR code")
    )
    return context


def render_document(data: CertificateData, *, layout: str | None = None):
    """The laid-out WeasyPrint ``Document`` of ``data`` (not yet a PDF)."""
    from weasyprint import HTML

    validate_data(data)
    data = clean_data(data)
    chosen = get_layout(layout or layout_identifier(data))
    state = render_state()
    try:
        html = render_to_string(chosen.template_name, _template_context(chosen, data))
        with state.lock:
            document = HTML(
                string=html, base_url=public_url("/"), url_fetcher=state.fetcher
            ).render(
                font_config=state.font_config,
                stylesheets=state.stylesheets(chosen),
                **state.render_options(),
            )
            state.renders += 1
    except (RenderError, MemoryError):
        raise
    except Exception as error:
        raise RenderError(
            gettext("The certificate could not be laid out (%(error)s).")
            % {"error": f"{type(error).__name__}: {error}"[:300]}
        ) from error
    if len(document.pages) != 1:
        raise RenderError(
            gettext(
                "The certificate does not fit on one page (it needs %(pages)d). "
                "Shorten the longest texts or choose another layout."
            )
            % {"pages": len(document.pages)}
        )
    return document


def _write(document) -> bytes:
    try:
        with render_state().lock:
            return pdf_text.write_pdf(document)
    except MemoryError:
        raise
    except Exception as error:
        raise RenderError(
            gettext("The certificate PDF could not be written (%(error)s).")
            % {"error": f"{type(error).__name__}: {error}"[:300]}
        ) from error


def render_pdf(data: CertificateData, *, layout: str | None = None) -> bytes:
    """The unsigned PDF of ``data``: one A4 landscape page.

    ``layout`` overrides the layout identifier carried by ``data``; an unknown
    one falls back to ``classic``. Raises :class:`RenderError`.
    """
    return _write(render_document(data, layout=layout))


def render_merged(datas: Iterable[CertificateData]) -> bytes:
    """One PDF with a page per certificate (for print packs), in order.

    Keep it to :data:`MAX_PACK_PAGES` certificates (:func:`print_pack_chunks`).
    Raises :class:`RenderError` naming the certificate that failed.
    """
    pages = []
    first = None
    for data in datas:
        try:
            document = render_document(data)
        except RenderError as error:
            raise RenderError(
                gettext("Certificate %(code)s: %(error)s")
                % {"code": data.display_code, "error": error}
            ) from error
        first = first or document
        pages.extend(document.pages)
    if first is None:
        raise RenderError(gettext("There are no certificates to print."))
    return _write(first.copy(pages))


def print_pack_chunks(
    datas: Iterable[CertificateData], chunk_size: int = MAX_PACK_PAGES
) -> Iterator[bytes]:
    """Merged PDFs of at most ``chunk_size`` (and never over 500) pages each."""
    size = max(1, min(int(chunk_size), MAX_PACK_PAGES))
    iterator = iter(datas)
    while chunk := list(islice(iterator, size)):
        yield render_merged(chunk)


def warm_up() -> RenderState:
    """Create this process's render state and lay out one specimen, so that
    fonts, stylesheets and templates are loaded before the first real render."""
    from certificates.data import sample_data

    state = render_state()
    render_document(sample_data())
    return state
