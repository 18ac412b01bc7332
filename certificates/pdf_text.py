"""Text that survives copying and searching in the PDFs we render, and their tags.

Why: WeasyPrint maps each drawn glyph to text once, in the font's
``ToUnicode`` table. Khmer breaks that model: one glyph (the subscript form of
RO, a vowel part) appears in many clusters, a cluster is drawn with several
glyphs (the first ones map to nothing), and pre-base vowels are drawn before
the consonant they follow in the text. ``pdftotext`` then gives "ចា ់ សុខា"
for "ចាន់ សុខា". No ``ToUnicode`` table can be right for every cluster; the
PDF answer is ``/ActualText`` on the marked content around each text run,
which PDF readers, ``pdftotext`` and screen readers use instead of the glyph
mapping. See ``docs/weasyprint-khmer-text-mapping.md`` (the report for
WeasyPrint).

WeasyPrint has no extension point for what it writes around a text run, so
:func:`install` replaces one method, ``weasyprint.pdf.stream.Stream.marked``,
with a version that adds ``/ActualText`` (the text box's text) to the property
list of every text span. It is the only patch of WeasyPrint in the project, and
it is applied only to the WeasyPrint version and method source it was written
for: after an upgrade it is not applied, an error is logged, and
``tests/certificates/test_khmer_pdf_text.py`` fails until this module is
checked against the new version.

Tagging and languages use WeasyPrint's own options (:data:`WRITE_OPTIONS`:
PDF/UA-1, tagged, catalog ``/Lang`` from ``<html lang>``) plus a documented
``finisher`` (:func:`add_languages`) that writes ``/Lang`` on the structure
elements whose text is in another language than the document (the English
half of a Khmer certificate).
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import threading
from contextlib import contextmanager

logger = logging.getLogger(__name__)

#: WeasyPrint versions whose ``Stream.marked`` :func:`install` replaces.
SUPPORTED_WEASYPRINT_VERSIONS = frozenset({"70.0"})
#: SHA-256 of the source of ``Stream.marked`` in those versions.
MARKED_SOURCE_SHA256 = (
    "3fa3acacbbf66422e7b0de4346b6eaf638657280a0f62c73172e3c445b888692"
)

_install_lock = threading.Lock()
_original_marked = None


def _marked_source_sha256(stream_class) -> str | None:
    marked = getattr(stream_class, "marked", None)
    target = getattr(marked, "__wrapped__", marked)
    try:
        source = inspect.getsource(target)
    except (OSError, TypeError):
        return None
    return hashlib.sha256(source.encode()).hexdigest()


def patchable() -> tuple[bool, str]:
    """Whether the installed WeasyPrint is the one this patch was written for,
    and if not, why not (a sentence)."""
    import weasyprint
    from weasyprint.pdf.stream import Stream

    if _original_marked is not None:
        return True, "installed"
    if weasyprint.__version__ not in SUPPORTED_WEASYPRINT_VERSIONS:
        checked = ", ".join(sorted(SUPPORTED_WEASYPRINT_VERSIONS))
        return False, (
            f"WeasyPrint {weasyprint.__version__} is not a version the ActualText "
            f"patch was checked against ({checked})"
        )
    if _marked_source_sha256(Stream) != MARKED_SOURCE_SHA256:
        return False, "weasyprint.pdf.stream.Stream.marked has changed"
    return True, "patchable"


def installed() -> bool:
    """True once :func:`install` has replaced ``Stream.marked``."""
    return _original_marked is not None


def install() -> bool:
    """Make every text span WeasyPrint writes carry its text as ``/ActualText``.

    Idempotent and process-wide (every later WeasyPrint render in the process,
    certificates and activation letters alike). Returns ``False``, and logs an
    error, when the installed WeasyPrint is not the one checked
    (:func:`patchable`): PDFs are then still drawn correctly, only Khmer text
    copied out of them is wrong.
    """
    global _original_marked
    with _install_lock:
        if _original_marked is not None:
            return True
        ok, reason = patchable()
        if not ok:
            logger.error(
                "Khmer text in PDFs will not copy correctly: %s. Check "
                "certificates/pdf_text.py against it (see "
                "docs/weasyprint-khmer-text-mapping.md).",
                reason,
            )
            return False
        from weasyprint.pdf.stream import Stream

        _original_marked = Stream.marked
        Stream.marked = _marked
        return True


def uninstall() -> None:
    """Put WeasyPrint's own ``Stream.marked`` back (tests)."""
    global _original_marked
    with _install_lock:
        if _original_marked is not None:
            from weasyprint.pdf.stream import Stream

            Stream.marked = _original_marked
            _original_marked = None


def actual_text(box) -> str | None:
    """The text a text box draws, or ``None`` for boxes that draw none."""
    from weasyprint.formatting_structure.boxes import TextBox

    if not isinstance(box, TextBox):
        return None
    text = box.text or ""
    return text if text.strip() else None


@contextmanager
def _marked(self, box, tag):
    # WeasyPrint 70.0's Stream.marked, plus /ActualText (and, untagged, a Span of
    # its own so that the text is still right). Recorded per MCID: the text
    # box's language, for add_languages().
    import pydyf

    text = actual_text(box) if tag == "Span" else None
    opened = False
    if self._tags is not None:
        mcid = len(self._tags)
        assert box not in self._tags
        self._tags[box] = {"tag": tag, "mcid": mcid}
        properties = {"MCID": mcid}
        if text is not None:
            properties["ActualText"] = pydyf.String(text)
        languages = self.__dict__.setdefault("_lms_languages", {})
        languages[mcid] = box.style["lang"] if box.style else None
        pydyf.Stream.begin_marked_content(self, tag, pydyf.Dictionary(properties))
        opened = True
    elif text is not None:
        pydyf.Stream.begin_marked_content(
            self, "Span", pydyf.Dictionary({"ActualText": pydyf.String(text)})
        )
        opened = True
    try:
        yield
    finally:
        if opened:
            pydyf.Stream.end_marked_content(self)


# Writing ----------------------------------------------------------------------


def _object(pdf, reference):
    """The pydyf object behind ``reference`` (``b"12 0 R"``), or ``reference``."""
    data = reference if isinstance(reference, bytes | str) else None
    if data is None:
        return reference
    number = int(str(data if isinstance(data, str) else data.decode()).split()[0])
    return pdf.objects[number]


def _language(value) -> str:
    return (value or "").strip().lower()


def add_languages(document, pdf) -> None:
    """A WeasyPrint ``finisher``: ``/Lang`` on the structure elements of text in
    another language than the document's (``<span lang="en">`` in a Khmer
    certificate), so that screen readers switch voice.

    WeasyPrint writes the document's language (``/Lang`` in the catalog) but
    not the language of parts. Elements in the document's language get none
    (they inherit it).
    """
    from pydyf import String

    root_lang = _language(document.metadata.lang)
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = _object(pdf, root_ref)
    parent_tree = _object(pdf, root["ParentTree"])
    nums = list(parent_tree.get("Nums", ()))
    page_numbers = dict(zip(nums[0::2], nums[1::2], strict=True))
    for page_number, page_ref in enumerate(pdf.page_references):
        elements = page_numbers.get(page_number)
        if not isinstance(elements, list):
            continue
        page = _object(pdf, page_ref)
        stream = _object(pdf, page["Contents"])
        languages = getattr(stream, "_lms_languages", {})
        for mcid, element_ref in enumerate(elements):
            lang = languages.get(mcid)
            if lang and _language(lang) != root_lang:
                element = _object(pdf, element_ref)
                if "Lang" not in element:
                    element["Lang"] = String(lang)


#: How our PDFs are written: tagged PDF/UA-1 (structure tree, catalog /Lang
#: from ``<html lang>``, document title shown), with :func:`add_languages`.
WRITE_OPTIONS = {"pdf_variant": "pdf/ua-1", "finisher": add_languages}


def write_pdf(document) -> bytes:
    """``document`` (a laid-out WeasyPrint ``Document``) as tagged PDF bytes,
    with ``/ActualText`` on its text (:func:`install` is called first)."""
    install()
    return document.write_pdf(**WRITE_OPTIONS)
