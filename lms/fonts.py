"""Fonts built from the ``fontpkg-*`` packages by ``manage.py build_fonts``.

Two products, neither kept in git:

- The self-hosted Khmer fonts for web pages: WOFF2 subsets of Noto Sans Khmer,
  one static file per weight (Regular 400, Bold 700; each under 40 KB).
  Browsers download one only for Khmer characters (``unicode-range`` in
  ``lms/css/site.css``), only for a weight the page uses, and only when no
  system Khmer font of that weight is found (``local()``). A bold face of its
  own means bold Khmer is drawn bold, never faked by smearing the regular.
- The certificate fonts: static TrueType instances (Regular 400 and Bold 700 at
  normal width) of the Noto Sans Khmer and Noto Sans variable fonts, with their
  OFL licences, under ``certificates/static/certificates/fonts/``. WeasyPrint
  embeds subsets of them in every PDF; static instances subset far faster than
  the variable fonts and give the same glyphs on every machine.
"""

from __future__ import annotations

import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

KHMER_FONT_PATH = (
    Path(__file__).parent / "static" / "lms" / "fonts" / "noto-sans-khmer.woff2"
)
KHMER_BOLD_FONT_PATH = KHMER_FONT_PATH.with_name("noto-sans-khmer-bold.woff2")
#: The weights pages use, and the subset file of each.
KHMER_WEB_FONTS = {400: KHMER_FONT_PATH, 700: KHMER_BOLD_FONT_PATH}
#: Each weight's WOFF2 stays under this (first-load budget, issue 16).
KHMER_WEB_FONT_BUDGET_BYTES = 40 * 1024

#: Khmer, Khmer Symbols, the joiners Khmer needs and the dotted circle shaping uses.
KHMER_UNICODE_RANGES = (
    (0x1780, 0x17FF),
    (0x19E0, 0x19FF),
    (0x200B, 0x200D),
    (0x25CC, 0x25CC),
)


def khmer_codepoints() -> list[int]:
    """Every code point the subset keeps."""
    return [cp for start, end in KHMER_UNICODE_RANGES for cp in range(start, end + 1)]


def _package_dir(package: str) -> Path:
    import importlib

    return Path(importlib.import_module(package).__file__).parent


def _package_font(package: str, pattern: str) -> Path:
    files = _package_dir(package) / "files"
    candidates = sorted(files.glob(pattern))
    if not candidates:
        raise FileNotFoundError(f"No {pattern} in {files}")
    return candidates[0]


def source_font_path() -> Path:
    """The full Noto Sans Khmer variable font shipped by ``fontpkg-noto-sans-khmer``."""
    return _package_font("fontpkg_noto_sans_khmer", "NotoSansKhmer*.ttf")


def latin_source_font_path() -> Path:
    """The upright Noto Sans variable font shipped by ``fontpkg-noto-sans``."""
    return _package_font("fontpkg_noto_sans", "NotoSans[[]*.ttf")


def build_khmer_subset(destination: Path = KHMER_FONT_PATH, weight: int = 400) -> Path:
    """Write the WOFF2 subset of ``weight`` to ``destination`` and return it.

    The variable font is pinned to ``weight`` and normal width: a static face
    per weight is smaller than the variable one, and a page that sets no bold
    Khmer loads only the regular. Layout features (GSUB/GPOS) are kept whole:
    Khmer needs its subscripts, vowel re-ordering and mark positioning.
    """
    from fontTools.ttLib import TTFont

    # The source's timestamps are kept: building twice gives the same font.
    font = TTFont(source_font_path(), recalcTimestamp=False)
    with _quiet_fonttools():
        return _subset_and_save(font, Path(destination), weight)


def _subset_and_save(font, destination: Path, weight: int) -> Path:
    from fontTools import subset
    from fontTools.varLib import instancer

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=khmer_codepoints())
    subsetter.subset(font)
    # Subset first, then instance: instancing a partial glyph set trips fontTools.
    if "fvar" in font:
        axes = {axis.axisTag for axis in font["fvar"].axes}
        limits = {
            tag: value
            for tag, value in (("wght", weight), ("wdth", 100))
            if tag in axes
        }
        font = instancer.instantiateVariableFont(font, limits)
    _set_weight(font, weight)
    font.flavor = "woff2"
    return _write_atomically(destination, font.save)


@contextmanager
def _quiet_fonttools():
    # fontTools narrates every step (and every table overflow it fixes) at INFO.
    logger = logging.getLogger("fontTools")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _write_atomically(destination: Path, write) -> Path:
    """Call ``write(path)`` on a temporary name next to ``destination``, then
    rename it into place.

    A server (or a render process) reading the file meanwhile sees the old file
    or the new one, never half of one; two builds racing both succeed.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        write(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


# Certificate fonts ------------------------------------------------------------

CERTIFICATE_FONTS_DIR = (
    Path(__file__).resolve().parent.parent
    / "certificates"
    / "static"
    / "certificates"
    / "fonts"
)
#: Their static path (for ``{% static %}``, the URL fetcher and finders).
CERTIFICATE_FONTS_STATIC_PREFIX = "certificates/fonts/"


@dataclass(frozen=True)
class StaticFont:
    """One static instance of a variable font, as the certificates use it."""

    filename: str
    #: The CSS ``font-family`` the certificate stylesheets use.
    family: str
    weight: int
    #: ``fontpkg`` package that ships the variable source font.
    package: str

    def source(self) -> Path:
        if self.package == "fontpkg_noto_sans_khmer":
            return source_font_path()
        return latin_source_font_path()


CERTIFICATE_FONTS = (
    StaticFont(
        "NotoSansKhmer-Regular.ttf", "Noto Sans Khmer", 400, "fontpkg_noto_sans_khmer"
    ),
    StaticFont(
        "NotoSansKhmer-Bold.ttf", "Noto Sans Khmer", 700, "fontpkg_noto_sans_khmer"
    ),
    StaticFont("NotoSans-Regular.ttf", "Noto Sans", 400, "fontpkg_noto_sans"),
    StaticFont("NotoSans-Bold.ttf", "Noto Sans", 700, "fontpkg_noto_sans"),
)

#: The OFL licence of each source package, shipped next to the fonts.
CERTIFICATE_FONT_LICENCES = {
    "fontpkg_noto_sans_khmer": "NotoSansKhmer-OFL.txt",
    "fontpkg_noto_sans": "NotoSans-OFL.txt",
}


def certificate_font_outputs(directory: Path = CERTIFICATE_FONTS_DIR) -> list[Path]:
    """Every file the certificate font build writes into ``directory``."""
    directory = Path(directory)
    return [directory / font.filename for font in CERTIFICATE_FONTS] + [
        directory / name
        for package, name in CERTIFICATE_FONT_LICENCES.items()
        if _package_licence(package) is not None
    ]


def missing_certificate_fonts(directory: Path = CERTIFICATE_FONTS_DIR) -> list[Path]:
    """The outputs of the certificate font build that do not exist yet."""
    return [path for path in certificate_font_outputs(directory) if not path.exists()]


def _package_licence(package: str) -> Path | None:
    path = _package_dir(package) / "LICENSE"
    return path if path.is_file() else None


def build_static_font(font: StaticFont, destination: Path) -> Path:
    """Write ``font``: its variable source pinned to ``wght`` and ``wdth=100``.

    The name table, ``usWeightClass`` and the bold bits are updated for the
    instance. Timestamps are kept from the source, so building twice gives the
    same bytes.
    """
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    source = TTFont(font.source(), recalcTimestamp=False)
    limits = {}
    if "fvar" in source:
        axes = {axis.axisTag for axis in source["fvar"].axes}
        limits = {
            tag: value
            for tag, value in (("wght", font.weight), ("wdth", 100))
            if tag in axes
        }
    with _quiet_fonttools():
        instance = instancer.instantiateVariableFont(
            source, limits, updateFontNames="STAT" in source
        )
    _set_weight(instance, font.weight)
    return _write_atomically(Path(destination), instance.save)


def _set_weight(font, weight: int) -> None:
    """``usWeightClass`` and the bold bits of a static instance at ``weight``."""
    font["OS/2"].usWeightClass = weight
    bold = weight >= 700
    # fsSelection: bit 5 BOLD, bit 6 REGULAR; macStyle bit 0 bold.
    selection = font["OS/2"].fsSelection & ~((1 << 5) | (1 << 6))
    font["OS/2"].fsSelection = selection | (1 << 5 if bold else 1 << 6)
    font["head"].macStyle = (font["head"].macStyle & ~1) | int(bold)


def build_certificate_fonts(
    directory: Path = CERTIFICATE_FONTS_DIR, *, only_missing: bool = False
) -> list[Path]:
    """Build the static certificate fonts and copy their licences into
    ``directory``; return the paths written.

    With ``only_missing``, files that exist are left alone.
    """
    directory = Path(directory)
    written = []
    for font in CERTIFICATE_FONTS:
        path = directory / font.filename
        if only_missing and path.exists():
            continue
        written.append(build_static_font(font, path))
    for package, name in CERTIFICATE_FONT_LICENCES.items():
        path = directory / name
        licence = _package_licence(package)
        if licence is None or (only_missing and path.exists()):
            continue
        written.append(
            _write_atomically(
                path, lambda partial, source=licence: shutil.copyfile(source, partial)
            )
        )
    return written
