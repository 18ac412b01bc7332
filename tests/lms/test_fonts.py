"""``manage.py build_fonts``: a small WOFF2 subset of Noto Sans Khmer."""

import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont

from lms.fonts import KHMER_FONT_PATH, source_font_path

KHMER_LETTERS = range(0x1780, 0x17DE)  # U+1780 ... U+17DD


@pytest.fixture(scope="module")
def built_font(tmp_path_factory):
    # Built into a temporary file: the shipped font may be served meanwhile.
    path = tmp_path_factory.mktemp("fonts") / "noto-sans-khmer.woff2"
    out = StringIO()
    call_command("build_fonts", output=path, stdout=out)
    assert f"Wrote {path}" in out.getvalue()
    return path


def test_subset_is_a_small_woff2(built_font):
    assert built_font.exists()
    assert built_font.stat().st_size < 60 * 1024
    assert TTFont(built_font).flavor == "woff2"
    assert list(built_font.parent.glob(".*partial")) == []


def test_subset_keeps_every_khmer_letter_of_the_source(built_font):
    source = TTFont(source_font_path()).getBestCmap()
    subset = TTFont(built_font).getBestCmap()

    khmer_in_source = {cp for cp in KHMER_LETTERS if cp in source}
    assert len(khmer_in_source) > 80  # the source really is a Khmer font
    missing = sorted(f"U+{cp:04X}" for cp in khmer_in_source - subset.keys())
    assert missing == []


def test_subset_maps_no_latin_letters(built_font):
    subset = TTFont(built_font).getBestCmap()

    latin = sorted(
        f"U+{cp:04X}"
        for cp in subset
        if unicodedata.name(chr(cp), "").startswith("LATIN")
    )
    assert latin == []
    assert not set(map(ord, "AZaz")) & subset.keys()


def test_if_missing_leaves_an_existing_font_alone(built_font):
    before = built_font.stat().st_mtime_ns
    out = StringIO()

    call_command("build_fonts", "--if-missing", output=built_font, stdout=out)

    assert out.getvalue() == ""
    assert built_font.stat().st_mtime_ns == before


def test_shipped_font_is_the_same_subset():
    # What the site serves (and what lms.W001 looks for) is such a subset too.
    assert KHMER_FONT_PATH.exists()
    assert KHMER_FONT_PATH.stat().st_size < 60 * 1024
    assert ord("A") not in TTFont(KHMER_FONT_PATH).getBestCmap()
