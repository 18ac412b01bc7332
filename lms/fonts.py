"""The self-hosted Khmer font: a WOFF2 subset of Noto Sans Khmer.

Browsers download it only for Khmer characters (``unicode-range`` in
``lms/css/site.css``) and only when no system Khmer font is found (``local()``).
The subset is built from the ``fontpkg-noto-sans-khmer`` package by
``manage.py build_fonts`` and is not kept in git.
"""

from __future__ import annotations

import os
from pathlib import Path

KHMER_FONT_PATH = (
    Path(__file__).parent / "static" / "lms" / "fonts" / "noto-sans-khmer.woff2"
)

#: Khmer, Khmer Symbols, the joiners Khmer needs and the dotted circle shaping uses.
KHMER_UNICODE_RANGES = (
    (0x1780, 0x17FF),
    (0x19E0, 0x19FF),
    (0x200B, 0x200D),
    (0x25CC, 0x25CC),
)

#: The variable font is pinned to normal width and cut to the weights pages use.
WEIGHT_RANGE = (400, 700)


def khmer_codepoints() -> list[int]:
    """Every code point the subset keeps."""
    return [cp for start, end in KHMER_UNICODE_RANGES for cp in range(start, end + 1)]


def source_font_path() -> Path:
    """The full Noto Sans Khmer variable font shipped by ``fontpkg-noto-sans-khmer``."""
    import fontpkg_noto_sans_khmer

    files = Path(fontpkg_noto_sans_khmer.__file__).parent / "files"
    candidates = sorted(files.glob("NotoSansKhmer*.ttf"))
    if not candidates:
        raise FileNotFoundError(f"No NotoSansKhmer*.ttf in {files}")
    return candidates[0]


def build_khmer_subset(destination: Path = KHMER_FONT_PATH) -> Path:
    """Write the WOFF2 subset to ``destination`` and return it.

    Layout features (GSUB/GPOS) are kept whole: Khmer needs its subscripts,
    vowel re-ordering and mark positioning to render correctly.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source_font_path())
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
        limits = {}
        if "wdth" in axes:
            limits["wdth"] = 100
        if "wght" in axes:
            limits["wght"] = WEIGHT_RANGE
        font = instancer.instantiateVariableFont(font, limits)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    # Write next to the destination, then rename: a server reading the font
    # meanwhile sees the old file or the new one, never half of one.
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        font.save(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination
