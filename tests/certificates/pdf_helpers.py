"""Looking inside rendered certificate PDFs: fonts, pages, images, glyphs, QR.

Uses poppler-utils (``pdffonts``, ``pdfinfo``, ``pdftoppm``, ``pdftotext``,
``pdfimages``), pyHanko's PDF reader, fontTools and zxing-cpp. Khmer text
is checked three ways: extracted with ``pdftotext`` (exact since
``certificates.pdf_text`` writes each run's text as ActualText), through the
glyphs actually drawn (see :func:`glyphs_drawn`), and visually through the
reference image test.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

A4_LANDSCAPE_POINTS = (841.89, 595.28)
FIXED_DATE = datetime.date(2026, 11, 21)
FIXED_URL = "https://lms.example.org/certificates/verify/7K3MQ9TZ4HNV2BXC8DFG5JRW6PYA/"


def fixed_data(**overrides):
    """Sample placeholders with a fixed date, code and verification URL."""
    from certificates import codes
    from certificates.data import sample_data

    code = "7K3MQ9TZ4HNV2BXC8DFG5JRW6PYA"
    data = sample_data(today=FIXED_DATE)
    data = dataclasses.replace(
        data, code=code, display_code=codes.display(code), verification_url=FIXED_URL
    )
    return dataclasses.replace(data, **overrides) if overrides else data


def _run(*command: str, input_pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(input_pdf)
        result = subprocess.run(
            [*command, str(path)], capture_output=True, check=True, text=True
        )
        return result.stdout


def pdffonts(pdf: bytes) -> list[dict]:
    """``pdffonts``' table: one dict per font (name, type, emb, sub, uni)."""
    lines = _run("pdffonts", input_pdf=pdf).splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation
        fonts.append(
            {
                "name": parts[0],
                "embedded": parts[-5] == "yes",
                "subset": parts[-4] == "yes",
                "unicode": parts[-3] == "yes",
            }
        )
    return fonts


def pdfinfo(pdf: bytes) -> dict:
    """``pdfinfo``'s answers: ``pages`` and ``page_size`` (points) of page 1."""
    info = _run("pdfinfo", input_pdf=pdf)
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = map(
        float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups()
    )
    return {"pages": pages, "page_size": (width, height)}


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """The size in points of every page (``pdfinfo -f 1 -l N``)."""
    pages = pdfinfo(pdf)["pages"]
    text = _run("pdfinfo", "-f", "1", "-l", str(pages), input_pdf=pdf)
    return [
        (float(width), float(height))
        for width, height in re.findall(
            r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", text, re.M
        )
    ]


def pdftotext(pdf: bytes) -> str:
    """The text of the PDF in drawing order (reliable for Latin script only)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftotext", "-raw", str(path)], check=True)
        return path.with_suffix(".txt").read_text()


def compact(text: str) -> str:
    """``text`` without any white space (lines wrap wherever the layout says)."""
    return re.sub(r"\s+", "", text)


def image_count(pdf: bytes) -> int:
    """How many images the PDF embeds (``pdfimages -list``)."""
    lines = _run("pdfimages", "-list", input_pdf=pdf).splitlines()
    return len(lines) - 2


def page_png(pdf: bytes, dpi: int, destination: Path, page: int = 1) -> Path:
    """Page ``page`` rendered by ``pdftoppm`` at ``dpi`` into ``destination``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        prefix = destination.with_suffix("")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(path),
                str(prefix),
            ],
            check=True,
        )
    return prefix.with_suffix(".png")


def decode_qr_codes(png: Path) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in the image."""
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        results = zxingcpp.read_barcodes(image.convert("L"))
    return [result.text for result in results if result.valid]


# Glyphs drawn -------------------------------------------------------------------

_FONT_SELECT = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf")
_HEX_STRING = re.compile(rb"(?<!<)<([0-9A-Fa-f]*)>(?!>)")


def _resolve(obj):
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _stream_data(obj) -> bytes:
    from pyhanko.pdf_utils.generic import ArrayObject

    obj = _resolve(obj)
    if isinstance(obj, ArrayObject | list):
        return b"\n".join(_stream_data(part) for part in obj)
    return obj.data


def _glyphs_in_stream(data: bytes, resources, drawn: dict) -> None:
    resources = _resolve(resources) or {}
    fonts = _resolve(resources.get("/Font", {}))
    current = None
    tokens = sorted(
        [(m.start(), "font", m) for m in _FONT_SELECT.finditer(data)]
        + [(m.start(), "text", m) for m in _HEX_STRING.finditer(data)],
        key=lambda token: token[0],
    )
    for _position, kind, match in tokens:
        if kind == "font":
            key = "/" + match.group(1).decode()
            font = _resolve(fonts[key]) if key in fonts else None
            current = str(font["/BaseFont"]).lstrip("/") if font else None
        elif current is not None:
            hexes = match.group(1).decode()
            glyphs = {int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4)}
            drawn.setdefault(current, set()).update(glyphs)
    for xobject in _resolve(resources.get("/XObject", {})).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form":
            _glyphs_in_stream(xobject.data, xobject.get("/Resources", resources), drawn)


def glyphs_drawn(pdf: bytes) -> dict[str, set[int]]:
    """Glyph ids drawn on every page, by font base name without the subset
    prefix (``Noto-Sans-Khmer-Bold``). WeasyPrint writes text with Identity-H
    encoding and keeps glyph ids when subsetting, so these are the ids of the
    static font files."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf), strict=False)
    drawn: dict[str, set[int]] = {}
    for page in _pages(reader.root["/Pages"]):
        resources = page.get("/Resources")
        _glyphs_in_stream(_stream_data(page["/Contents"]), resources, drawn)
    return {name.split("+", 1)[-1]: glyphs for name, glyphs in drawn.items()}


def _pages(node):
    node = node.get_object()
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid)
    else:
        yield node


def static_font_for(base_name: str) -> Path | None:
    """The static certificate font file behind a PDF font's base name."""
    from lms.fonts import CERTIFICATE_FONTS, CERTIFICATE_FONTS_DIR

    wanted = base_name.replace("-", "").replace(" ", "").lower()
    for font in CERTIFICATE_FONTS:
        stem = Path(font.filename).stem.replace("-", "").lower()
        if stem in (wanted, wanted + "regular"):
            return CERTIFICATE_FONTS_DIR / font.filename
    return None


def glyph_names_drawn(pdf: bytes) -> dict[str, set[str]]:
    """:func:`glyphs_drawn` as glyph names of the static fonts; a font that is
    not one of ours keeps numeric names (``gid12``)."""
    from fontTools.ttLib import TTFont

    named = {}
    for base_name, glyphs in glyphs_drawn(pdf).items():
        path = static_font_for(base_name)
        order = TTFont(path, lazy=True).getGlyphOrder() if path else []
        named[base_name] = {
            order[gid] if gid < len(order) else f"gid{gid}" for gid in glyphs
        }
    return named
