"""The classic layout looks as reviewed: the rendered page against a reference.

The reference (``reference/classic-sample.png``) is the sample certificate
with a fixed date, code and URL, rendered by ``pdftoppm`` at 60 dpi and
reviewed by eye: Khmer shaped correctly (subscripts, split vowels, no dotted
circles, no boxes), nothing cut off. After an intended change to the layout,
regenerate it and review the new image before committing it::

    LMS_UPDATE_REFERENCE_IMAGES=1 .venv/bin/pytest \
        tests/certificates/test_reference_image.py

Small differences in anti-aliasing between poppler or FreeType versions are
tolerated; a moved block, a missing line or a changed font is not.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from certificates import rendering
from tests.certificates.pdf_helpers import fixed_data, page_png

REFERENCE = Path(__file__).parent / "reference" / "classic-sample.png"
DPI = 60
#: A pixel differs when a channel is off by more than this (of 255).
PIXEL_THRESHOLD = 64
#: At most this fraction of the pixels may differ ...
MAX_DIFFERING_FRACTION = 0.004
#: ... and the mean absolute difference per channel stays under this.
MAX_MEAN_DIFFERENCE = 1.5


def compare(image: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """``(fraction of differing pixels, mean absolute difference)``."""
    difference = ImageChops.difference(image.convert("RGB"), reference.convert("RGB"))
    red, green, blue = difference.split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    differing = strongest.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)
    fraction = ImageStat.Stat(differing).mean[0] / 255
    mean = sum(ImageStat.Stat(difference).mean) / 3
    return fraction, mean


def test_classic_sample_matches_the_reviewed_reference(tmp_path):
    pdf = rendering.render_pdf(fixed_data())
    rendered = page_png(pdf, DPI, tmp_path / "classic-sample.png")

    if os.environ.get("LMS_UPDATE_REFERENCE_IMAGES"):
        REFERENCE.parent.mkdir(exist_ok=True)
        REFERENCE.write_bytes(rendered.read_bytes())
        pytest.skip(f"Wrote {REFERENCE}: review it before committing it.")

    with Image.open(rendered) as image, Image.open(REFERENCE) as reference:
        assert image.size == reference.size
        fraction, mean = compare(image, reference)

    assert fraction <= MAX_DIFFERING_FRACTION, (
        f"{fraction:.2%} of the pixels differ from {REFERENCE.name} (see {rendered})"
    )
    assert mean <= MAX_MEAN_DIFFERENCE


def test_the_comparison_notices_a_changed_name(tmp_path):
    # The tolerance is not so loose that a different officer passes.
    pdf = rendering.render_pdf(fixed_data(officer_name="Chea Sophal Rithy"))
    rendered = page_png(pdf, DPI, tmp_path / "other.png")

    with Image.open(rendered) as image, Image.open(REFERENCE) as reference:
        fraction, _ = compare(image, reference)

    assert fraction > MAX_DIFFERING_FRACTION
